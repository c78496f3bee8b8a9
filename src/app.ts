/** Assembles the API: request id, services, session, the single error path, then the routers. */
import { Hono } from "hono";
import { contextStorage } from "hono/context-storage";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { notFound, onError } from "./errors/handlers";
import { bodyLimit } from "./middleware/body-limit";
import { cors } from "./middleware/cors";
import { crossSiteGuard } from "./middleware/cross-site";
import { databaseUsage } from "./middleware/database-usage";
import { rateLimit } from "./middleware/rate-limit";
import { services } from "./middleware/services";
import { session } from "./middleware/session";
import { adminRoutes } from "./routes/admin";
import { authRoutes } from "./routes/auth";
import { createDocsRoutes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { personalizationRoutes } from "./routes/personalization";
import { profileRoutes } from "./routes/profile";
import { sessionRoutes } from "./routes/sessions";
import { userRoutes } from "./routes/user";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(cors);
  app.use(crossSiteGuard);
  app.use(bodyLimit);
  // Lets code called through Better Auth (its database hooks) see the request it serves.
  app.use(contextStorage());
  app.use(databaseUsage);
  app.use(services);
  app.use(rateLimit);
  app.use("/api/*", async (c, next) => {
    // Better Auth's own endpoints resolve the session themselves.
    if (c.req.path.startsWith("/api/auth/")) return next();
    return session(c, next);
  });
  app.onError(onError);
  app.notFound(notFound);
  const api = app
    .route("/", healthRoutes)
    .route("/", authRoutes)
    .route("/", profileRoutes)
    .route("/", userRoutes)
    .route("/", sessionRoutes)
    .route("/", personalizationRoutes)
    .route("/", adminRoutes);
  api.route("/", createDocsRoutes(api));
  return api;
}

/** The whole API's route types, for Hono's typed client `hc<AppType>`. */
export type AppType = ReturnType<typeof createApp>;
