/** GET /health and GET /ping: the app's version and whether the database answers, for load balancers and `curl`. */
import { sql } from "drizzle-orm";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { z } from "zod";
import { version } from "../../package.json";
import { withTimeout } from "../async/with-timeout";
import type { Database } from "../db/client";
import type { AppEnv } from "../env";
import { json } from "../openapi/describe";

/** A health check must answer even when the database hangs rather than fails. */
const DATABASE_PROBE_TIMEOUT_MS = 3000;

function databaseAnswers(db: Database): Promise<boolean> {
  const probe = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  return withTimeout(probe, DATABASE_PROBE_TIMEOUT_MS, false);
}

const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  version: z.string(),
  db: z.enum(["up", "down"]),
});

export const healthRoutes = new Hono<AppEnv>()
  .get(
    "/health",
    describeRoute({
      tags: ["Operations"],
      summary: "Liveness, version and database reachability",
      responses: { 200: json("Up", healthSchema), 503: json("The database does not answer", healthSchema) },
    }),
    async (c) => {
      const up = await databaseAnswers(c.var.db);
      c.header("cache-control", "no-store");
      return c.json(
        { status: up ? ("ok" as const) : ("degraded" as const), version, db: up ? ("up" as const) : ("down" as const) },
        up ? 200 : 503,
      );
    },
  )
  // The machine's floor for the benchmark: the whole middleware chain, no database, a constant answer.
  .get(
    "/ping",
    describeRoute({
      tags: ["Operations"],
      summary: "Constant answer, no database",
      responses: {
        200: { description: "pong", content: { "text/plain": { schema: { type: "string", const: "pong" } } } },
      },
    }),
    (c) => c.text("pong"),
  );
