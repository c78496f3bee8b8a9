/** The one Hono environment type: Worker bindings plus the per-request variables middleware sets. */
import type { RequestIdVariables } from "hono/request-id";
import type { CallerSession, CallerUser } from "./auth/caller";
import type { Auth } from "./auth/create-auth";
import type { Config } from "./config";
import type { Database } from "./db/client";

export type Bindings = Cloudflare.Env;

export type Variables = RequestIdVariables & {
  config: Config;
  db: Database;
  auth: Auth;
  /** Set by the session middleware: null without a valid session (cookie or bearer). */
  user: CallerUser | null;
  session: CallerSession | null;
};

export type AppEnv = { Bindings: Bindings; Variables: Variables };
