/** Assembles the API: request id, security headers, the cheap refusals, services, then the routers under their prefixes. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { accountRoutes, betterAuthDeletionRoutes } from "./account/routes";
import { adminRoutes } from "./admin/routes";
import { analyticsRoutes } from "./analytics/routes";
import { AUTH_BASE_PATH } from "./auth/options";
import { authRoutes } from "./auth/routes";
import { consentRoutes } from "./consents/routes";
import { demoRoutes } from "./demo/routes";
import { deviceRoutes } from "./devices/routes";
import type { AppEnv } from "./env";
import { notFound, onError } from "./errors/handlers";
import { healthRoutes } from "./health/routes";
import { bodyLimit } from "./middleware/body-limit";
import { cors } from "./middleware/cors";
import { crossSiteGuard } from "./middleware/cross-site";
import { databaseUsage } from "./middleware/database-usage";
import { secureHeaders } from "./middleware/secure-headers";
import { securityEvents } from "./middleware/security-events";
import { services } from "./middleware/services";
import { notificationAdminRoutes } from "./notifications/admin-routes";
import { notificationRoutes } from "./notifications/routes";
import { createDocsRoutes } from "./openapi/routes";
import { personalizationRoutes } from "./personalization/routes";
import { phoneRoutes } from "./phone/routes";
import { profileRoutes } from "./profile/routes";
import { rateLimited } from "./rate-limit/middleware";
import { RATE_LIMIT_RULES } from "./rate-limit/rules";
import { securityLogAdminRoutes, securityLogRoutes } from "./security-log/routes";
import { sessionRoutes } from "./sessions/routes";

const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"];

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(secureHeaders);
  app.use(cors);
  // Reads pass: only requests that change state can be forged across sites or carry a body.
  app.on(WRITE_METHODS, "*", crossSiteGuard, bodyLimit);
  // Outside databaseUsage, so that it sees the answer that goes out (a 503 records nothing).
  app.use(securityEvents);
  app.use(databaseUsage);
  app.use(services);
  for (const rule of RATE_LIMIT_RULES) {
    for (const { method, path } of rule.routes) app.on(method, path, rateLimited(rule));
  }
  app.onError(onError);
  app.notFound(notFound);
  // More specific prefixes first: a router's guard also matches the paths below its prefix.
  const api = app
    .route("/", healthRoutes)
    .route("/demo", demoRoutes)
    .route(`${AUTH_BASE_PATH}/delete-user`, betterAuthDeletionRoutes)
    .route(AUTH_BASE_PATH, authRoutes)
    .route("/api/user/profile", profileRoutes)
    .route("/api/user/sessions", sessionRoutes)
    .route("/api/user/devices", deviceRoutes)
    .route("/api/user/consents", consentRoutes)
    .route("/api/user/notifications", notificationRoutes)
    .route("/api/user/phone", phoneRoutes)
    .route("/api/user/security-log", securityLogRoutes)
    .route("/api/user", accountRoutes)
    .route("/api/personalization", personalizationRoutes)
    // Before /api/admin, whose guard wants a session: analytics and notifications also take an API key.
    .route("/api/admin/analytics", analyticsRoutes)
    .route("/api/admin/notifications", notificationAdminRoutes)
    .route("/api/admin/users/:id/security-log", securityLogAdminRoutes)
    .route("/api/admin", adminRoutes);
  api.route("/", createDocsRoutes(api));
  return api;
}

/** The whole API's route types, for Hono's typed client `hc<AppType>`. */
export type AppType = ReturnType<typeof createApp>;
