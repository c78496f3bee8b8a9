/** The one Hono environment type: Worker bindings plus the per-request variables middleware sets. */
import type { RequestIdVariables } from "hono/request-id";
import type { Auth } from "./auth/create-auth";
import type { Caller } from "./caller/caller";
import type { Config } from "./config";
import type { Database } from "./db/client";
import type { DatabaseUsage } from "./db/usage";

export type Bindings = Cloudflare.Env;

export type Variables = RequestIdVariables & {
  config: Config;
  db: Database;
  auth: Auth;
  /** What the request's round trips met: a database that failed, or refused a sign-in. */
  databaseUsage: DatabaseUsage;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };

/** Routers behind `requireCaller`: the caller is there, so handlers never check for one again. */
export type CallerEnv = { Bindings: Bindings; Variables: Variables & { caller: Caller } };
