/** Reads and steers the local Neon endpoint the suite runs against (see test/global-setup.ts). */
import { inject } from "vitest";

export interface RequestCounts {
  requests: number;
  statements: number;
  batches: number;
  errors: number;
}

export interface EndpointStats extends RequestCounts {
  latencyMs: number;
  byApplication: Record<string, RequestCounts>;
}

export const databaseUrl = inject("databaseUrl");

/** DATABASE_URL with its own `application_name`, so the endpoint counts this caller's requests apart. */
export function databaseUrlFor(applicationName: string): string {
  const url = new URL(databaseUrl);
  url.searchParams.set("application_name", applicationName);
  return url.toString();
}

export async function endpointStats(): Promise<EndpointStats> {
  const response = await fetch(`${inject("neonLocalOrigin")}/_neon-local/stats`);
  return response.json();
}
