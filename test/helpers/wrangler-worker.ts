/** The Worker as `npm run dev` serves it (wrangler + workerd, asset router included) on the local Neon endpoint, for Node tests. */
import { unstable_startWorker } from "wrangler";
import { freePort } from "../../scripts/free-port.ts";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";

export interface WranglerWorker {
  /** `http://127.0.0.1:<port>` (or localhost), which is also the Worker's BETTER_AUTH_URL. */
  origin: string;
  stop(): Promise<void>;
}

export interface WranglerWorkerOptions {
  /** A database the caller has prepared (and closes); by default a fresh one, closed by `stop`. */
  database?: LocalDatabase;
  /** Vars over wrangler.toml's. */
  vars?: Record<string, string>;
  /** Served as `http://localhost:<port>`: WebAuthn takes no IP address as its relying party. */
  hostname?: "127.0.0.1" | "localhost";
}

export async function startWranglerWorker(options: WranglerWorkerOptions = {}): Promise<WranglerWorker> {
  const database = options.database ?? (await startLocalDatabase());
  const closeDatabase = () => (options.database ? Promise.resolve() : database.endpoint.close());
  try {
    const port = await freePort();
    const hostname = options.hostname ?? "127.0.0.1";
    const origin = `http://${hostname}:${port}`;
    // As in `npm run dev`: wrangler takes the secrets wrangler.toml requires from the environment.
    process.env.DATABASE_URL = database.databaseUrl;
    process.env.BETTER_AUTH_SECRET = "node-test-secret-at-least-32-characters";
    const worker = await unstable_startWorker({
      config: "wrangler.toml",
      bindings: Object.fromEntries(
        Object.entries({ ...options.vars, BETTER_AUTH_URL: origin }).map(([name, value]) => [
          name,
          { type: "plain_text" as const, value },
        ]),
      ),
      dev: { server: { hostname, port }, inspector: false, logLevel: "error" },
    });
    await worker.ready;
    return {
      origin,
      stop: async () => {
        await worker.dispose();
        await closeDatabase();
      },
    };
  } catch (error) {
    await closeDatabase();
    throw error;
  }
}
