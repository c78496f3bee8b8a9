/** GET /health: Worker -> Drizzle -> Neon driver -> local endpoint -> Postgres, and what it says when that fails. */
import { describe, expect, it } from "vitest";
import { version } from "../../package.json";
import { callWorker, callWorkerWithEnv } from "../helpers/worker";

describe("GET /health", () => {
  it("reports ok with the database up and the app's version", async () => {
    const response = await callWorker("/health");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", version, db: "up" });
  });

  it("answers 503 with db down when the database cannot be reached", async () => {
    const response = await callWorkerWithEnv({ DATABASE_URL: "postgres://u:p@127.0.0.1:9/nowhere" }, "/health");
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "degraded", version, db: "down" });
  });
});
