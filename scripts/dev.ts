/**
 * `npm run dev`: the local Neon endpoint on persisted PGlite (migrations applied), the client kit built,
 * then `wrangler dev` pointed at the database, and a second `wrangler dev` serving the demo's embedding
 * site (demo/widget-site/) on WIDGET_PORT. Ctrl-C stops both, then closes the database so PGlite's files
 * are left clean.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { buildClientKit } from "./build-client.ts";
import { startLocalDatabase } from "./neon-local/start.ts";

const dataDir = process.env.PGLITE_DATA_DIR ?? ".data/pglite";
const databasePort = Number(process.env.NEON_LOCAL_PORT ?? 4444);
const workerPort = process.env.PORT ?? "8787";
/** wrangler.toml's embedding site is http://localhost:8788: the demo widget is served there. */
const widgetPort = process.env.WIDGET_PORT ?? "8788";
/** Development only: production reads its own from `wrangler secret put BETTER_AUTH_SECRET`. */
const DEV_AUTH_SECRET = "persona-edge-development-secret-not-for-production";

const { endpoint, databaseUrl } = await startLocalDatabase({
  dataDir,
  port: databasePort,
  latencyMs: Number(process.env.NEON_LOCAL_LATENCY_MS ?? 0),
});
console.log(`local database: PGlite in ${dataDir}, Neon HTTP endpoint ${endpoint.origin}/sql`);

await buildClientKit();

// wrangler reads the secrets wrangler.toml requires from its environment when .dev.vars lacks them.
const wrangler = spawn("wrangler", ["dev", "--port", workerPort, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { BETTER_AUTH_SECRET: DEV_AUTH_SECRET, ...process.env, DATABASE_URL: databaseUrl },
});
// Its own inspector port: the API's wrangler holds the default one.
const widgetSite: ChildProcess = spawn(
  "wrangler",
  ["dev", "-c", "demo/widget-site/wrangler.toml", "--port", widgetPort, "--inspector-port", "0"],
  { stdio: ["ignore", "ignore", "inherit"] },
);
console.log(
  `demo: http://localhost:${workerPort}/demo/ (the learning site), http://localhost:${widgetPort}/ (the widget's site)`,
);

let stopping = false;
async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  if (widgetSite.exitCode === null) widgetSite.kill("SIGTERM");
  await endpoint.close();
  process.exit(exitCode);
}

// The terminal sends Ctrl-C to wrangler too; we only wait for it to finish before closing the database.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (wrangler.exitCode === null) wrangler.kill(signal);
  });
}
wrangler.on("exit", (code) => void stop(code ?? 0));
wrangler.on("error", (error) => {
  console.error(`could not start wrangler: ${error.message}`);
  void stop(1);
});
