/** The Worker as `npm run dev` serves it (wrangler + workerd, asset router included) on the local Neon endpoint, for Node tests. */
import { unstable_startWorker } from "wrangler";
import { freePort } from "../../scripts/free-port.ts";
import { startLocalDatabase } from "../../scripts/neon-local/start.ts";

export interface WranglerWorker {
  /** `http://127.0.0.1:<port>`, which is also the Worker's BETTER_AUTH_URL. */
  origin: string;
  stop(): Promise<void>;
}

export async function startWranglerWorker(): Promise<WranglerWorker> {
  const database = await startLocalDatabase();
  try {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    // As in `npm run dev`: wrangler takes the secrets wrangler.toml requires from the environment.
    process.env.DATABASE_URL = database.databaseUrl;
    process.env.BETTER_AUTH_SECRET = "node-test-secret-at-least-32-characters";
    const worker = await unstable_startWorker({
      config: "wrangler.toml",
      bindings: { BETTER_AUTH_URL: { type: "plain_text", value: origin } },
      dev: { server: { hostname: "127.0.0.1", port }, inspector: false, logLevel: "error" },
    });
    await worker.ready;
    return {
      origin,
      stop: async () => {
        await worker.dispose();
        await database.endpoint.close();
      },
    };
  } catch (error) {
    await database.endpoint.close();
    throw error;
  }
}
