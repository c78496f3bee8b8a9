/** The Worker under wrangler for the benchmarks, as `npm run dev` serves it, and the client addresses they use. */
import { neon } from "@neondatabase/serverless";
import { unstable_startWorker } from "wrangler";
import { freePort } from "./free-port.ts";
import type { LocalDatabase } from "./neon-local/start.ts";
import "../src/db/neon-endpoint.ts";

export type Worker = Awaited<ReturnType<typeof unstable_startWorker>>;

export async function startWorker(
  database: LocalDatabase,
  application: string,
  secret: string,
  edge = true,
  vars: Record<string, string> = {},
) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const url = new URL(database.databaseUrl);
  url.searchParams.set("application_name", application);
  process.env.DATABASE_URL = url.toString();
  process.env.BETTER_AUTH_SECRET = secret;
  const worker = await unstable_startWorker({
    config: "wrangler.toml",
    bindings: {
      BETTER_AUTH_URL: { type: "plain_text", value: origin },
      EDGE_SESSION_CACHE: { type: "plain_text", value: edge ? "on" : "off" },
      DATABASE_URL: { type: "plain_text", value: url.toString() },
      ...Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }])),
    },
    // No state on disk: several Workers may run at once (the bench, the tests), and none keeps anything.
    dev: { server: { hostname: "127.0.0.1", port }, inspector: false, logLevel: "error", persist: false },
  });
  await worker.ready;
  return { worker, origin, application };
}

/**
 * A client address for `cf-connecting-ip`, new on every call: the rate limiter counts sign-ins and sign-ups
 * per address, and the benchmark measures what one legitimate request costs, not a refusal. (Only a
 * header value: nothing is sent to it.)
 */
let clients = 0;
export function nextClientIp(): string {
  clients += 1;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

/** Signs up through the Worker and makes the account an admin in the database; its session token. */
export async function signUpAdmin(origin: string, databaseUrl: string): Promise<string> {
  const email = `admin-${crypto.randomUUID()}@example.com`;
  const response = await fetch(`${origin}/api/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": nextClientIp() },
    body: JSON.stringify({
      email,
      password: "a sturdy benchmark passphrase",
      software_level: "beginner",
      hardware_background: "none",
    }),
  });
  const { session_token } = (await response.json()) as { session_token: string };
  await neon(databaseUrl)`update "user" set role = 'admin' where email = ${email}`;
  return session_token;
}
