/**
 * Records what the Worker logs while a test runs (it shares the test's isolate, so its console is this
 * one), to check that no secret or personal value ever reaches the logs.
 */
import { expect, type MockInstance, vi } from "vitest";

const LEVELS = ["log", "info", "warn", "error", "debug"] as const;

/** Spies on every console method; the output still goes out, so a failing run can be read. */
export function captureConsole() {
  const spies: MockInstance[] = LEVELS.map((level) => vi.spyOn(console, level));
  return {
    lines: () =>
      spies.flatMap((spy) =>
        spy.mock.calls.map((args) => args.map((arg) => (typeof arg === "string" ? arg : safeStringify(arg))).join(" ")),
      ),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

function safeStringify(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message} ${String(value.stack)}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Marks of a query dump: Drizzle's `Failed query: … params: …` and the SQL it carries. */
const QUERY_DUMP = /failed query|params:|insert into|select .* from|update "/i;
/** A password hash as Better Auth stores it: `salt:key`, both hex (scrypt). */
const PASSWORD_HASH = /[0-9a-f]{32}:[0-9a-f]{64,}/i;

/** None of the lines holds any of the secrets (case-insensitive), a password hash or a query dump. */
export function expectNoSecrets(lines: string[], secrets: string[]) {
  const known = secrets.filter((secret) => secret.length >= 6).map((secret) => secret.toLowerCase());
  for (const line of lines) {
    const lower = line.toLowerCase();
    for (const secret of known) expect(lower.includes(secret), `a log line holds a secret: ${line}`).toBe(false);
    expect(line, "a log line holds a password hash").not.toMatch(PASSWORD_HASH);
    expect(line, "a log line holds a query").not.toMatch(QUERY_DUMP);
  }
}
