/** Assembles the API: request id, services, the single error path, then the routers. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { notFound, onError } from "./errors/handlers";
import { services } from "./middleware/services";
import { healthRoutes } from "./routes/health";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(services);
  app.onError(onError);
  app.notFound(notFound);
  return app.route("/", healthRoutes);
}

/** The whole API's route types, for Hono's typed client `hc<AppType>`. */
export type AppType = ReturnType<typeof createApp>;
