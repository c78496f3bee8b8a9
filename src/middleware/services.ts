/** Puts the parsed configuration, the request's database and the auth instance on `c.var`, so no handler builds a client. */
import { createMiddleware } from "hono/factory";
import { getAuth } from "../auth/create-auth";
import { loadConfig } from "../config";
import { createDatabase } from "../db/client";
import type { AppEnv } from "../env";

export const services = createMiddleware<AppEnv>(async (c, next) => {
  const config = loadConfig(c.env);
  c.set("config", config);
  c.set("db", createDatabase(config.databaseUrl));
  c.set("auth", await getAuth(config));
  await next();
});
