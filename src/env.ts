/** The one Hono environment type: Worker bindings plus the per-request variables middleware sets. */
import type { RequestIdVariables } from "hono/request-id";
import type { Config } from "./config";
import type { Database } from "./db/client";

export type Bindings = Cloudflare.Env;

export type Variables = RequestIdVariables & {
  config: Config;
  db: Database;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
