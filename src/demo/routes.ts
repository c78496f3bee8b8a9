/**
 * /demo/: the sample learning site (public/demo/, with the client kit from public/kit/). The Worker runs
 * first for these paths (wrangler.toml `run_worker_first`) so that the demo is served on a local origin
 * only: deployed on https, /demo/ is a 404 like any unknown path. Its pages get a CSP of their own: their
 * scripts and styles from this origin, frames from the embedding sites (the demo widget).
 */
import { Hono } from "hono";
import type { AppEnv } from "../env";
import { notFound } from "../errors/handlers";

export const demoRoutes = new Hono<AppEnv>().get("/*", async (c) => {
  const { config } = c.var;
  if (new URL(config.authUrl).protocol === "https:") return notFound(c);
  const asset = await c.env.ASSETS.fetch(c.req.raw);
  const response = new Response(asset.body, asset);
  const frames = ["'self'", ...config.widgetOrigins].join(" ");
  response.headers.set(
    "content-security-policy",
    `default-src 'self'; connect-src 'self'; frame-src ${frames}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'`,
  );
  return response;
});
