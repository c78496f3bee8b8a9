/**
 * The rate limit's count lives in the database, not in an isolate: two Workers, each its own workerd
 * process with nothing in common but the database, see one count.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker, type Worker } from "../../scripts/bench-worker.ts";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";

const SECRET = "shared-limit-secret-at-least-32-characters";
let database: LocalDatabase;
const workers: { worker: Worker; origin: string }[] = [];

beforeAll(async () => {
  database = await startLocalDatabase();
  workers.push(await startWorker(database, "limit_a", SECRET));
  workers.push(await startWorker(database, "limit_b", SECRET));
}, 120_000);

afterAll(async () => {
  for (const { worker } of workers) await worker.dispose();
  await database?.endpoint.close();
});

function signIn(origin: string) {
  return fetch(`${origin}/api/auth/signin`, {
    method: "POST",
    headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.7" },
    body: JSON.stringify({ email: "nobody@example.com", password: "not a real password" }),
  });
}

describe("a second, fresh Worker on the same database", () => {
  it("refuses the 4th attempt from an address whose first 3 went to the other Worker", async () => {
    const [first, second] = workers.map(({ origin }) => origin) as [string, string];
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await signIn(first)).status);
    expect(statuses).toEqual([401, 401, 401]);
    const refused = await signIn(second);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
