/**
 * Every route answers 401 in the one error shape without a valid session, before looking at its input,
 * unless it is public by design. The routes come from the app's own route table, so a router mounted
 * without `requireCaller` fails here; only the public ones are listed by hand.
 */
import { inspectRoutes } from "hono/dev";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

/** Answer without a session by design; each one says why. */
const PUBLIC_ROUTES = new Set([
  // Operations and the API reference, outside /api.
  "GET /health",
  "GET /ping",
  "GET /openapi.json",
  "GET /docs",
  // The demo learning site's pages (static files; a local origin only).
  "GET /demo/*",
  // The way in: our JSON sign-up and sign-in.
  "POST /api/auth/signup",
  "POST /api/auth/signin",
  // A refresh token is the credential it carries.
  "POST /api/auth/refresh",
  // Answers `null` without a credential, as Better Auth's clients expect.
  "GET /api/auth/get-session",
  // The catch-all that hands every other /api/auth path to Better Auth, which guards its own endpoints.
  "GET /api/auth/*",
  "POST /api/auth/*",
]);

interface Route {
  method: string;
  path: string;
  /** Whether a handler of its own answers it; otherwise only middleware sits there and a wider route answers. */
  answered: boolean;
}

const keyOf = ({ method, path }: Pick<Route, "method" | "path">) => `${method} ${path}`;

/**
 * Every method and path in the route table: handlers and the middleware mounted on one path (a rate limit
 * in front of a Better Auth endpoint). Left out: middleware for every method (`use`) and for every path
 * (`app.on(WRITE_METHODS, "*", ...)`), which are no routes. Hono tells middleware from handlers by arity.
 */
function routeTable(): Route[] {
  const routes = new Map<string, Route>();
  for (const { method, path, isMiddleware } of inspectRoutes(createApp())) {
    if (method === "ALL") continue;
    const route = routes.get(keyOf({ method, path })) ?? { method, path, answered: false };
    route.answered ||= !isMiddleware;
    routes.set(keyOf(route), route);
  }
  return [...routes.values()].filter((route) => route.answered || !route.path.includes("*"));
}

/** The wildcard route that answers a path which has only middleware of its own (`/api/auth/*` for Better Auth's). */
function answeringRoute(route: Route, table: Route[]): Route | undefined {
  if (route.answered) return route;
  return table.find(
    (wider) =>
      wider.answered &&
      wider.method === route.method &&
      wider.path.endsWith("/*") &&
      route.path.startsWith(wider.path.slice(0, -1)),
  );
}

function isPublic(route: Route, table: Route[]): boolean {
  const answering = answeringRoute(route, table);
  return PUBLIC_ROUTES.has(keyOf(route)) || (answering !== undefined && PUBLIC_ROUTES.has(keyOf(answering)));
}

/** A request path for a route pattern: a plausible id for each parameter, a segment for a wildcard. */
const concrete = (path: string) =>
  path.replaceAll(/:[^/]+/g, "abcdefghijklmnopqrstuvwxyz012345").replaceAll("*", "anything");

const table = routeTable();
const protectedRoutes = table.filter((route) => !isPublic(route, table));

describe("the route table", () => {
  it("yields the protected routes of every router", () => {
    expect(protectedRoutes.map(keyOf)).toEqual(
      expect.arrayContaining([
        "GET /api/user/profile",
        "DELETE /api/user/sessions/:id",
        "PUT /api/user",
        "DELETE /api/user",
        "POST /api/auth/delete-user",
        "GET /api/personalization/context",
        "POST /api/admin/users/:id/restore",
        "POST /api/user/devices",
        "DELETE /api/user/devices/:id",
        "GET /api/user/notifications/unread-count",
        "POST /api/user/notifications/:id/read",
        "POST /api/admin/notifications",
        "POST /api/user/phone/verify",
        "DELETE /api/user/phone",
        "GET /api/admin/notifications/:id",
      ]),
    );
  });

  it("holds every public route listed above, so the list cannot go stale", () => {
    expect(table.map(keyOf)).toEqual(expect.arrayContaining([...PUBLIC_ROUTES]));
  });
});

const noSession: [label: string, headers: Record<string, string>][] = [
  ["no credentials", {}],
  ["a junk bearer token", { authorization: "Bearer junk" }],
  ["a junk cookie", { cookie: "better-auth.session_token=junk.signature" }],
];

describe.each(noSession)("with %s", (_, headers) => {
  it.each(protectedRoutes.map(({ method, path }) => [method, path]))("%s %s answers 401", async (method, path) => {
    const response = await callWorker(concrete(path), {
      method,
      headers: { ...headers, "content-type": "application/json" },
      // Input the route would refuse: the guard must answer first.
      body: method === "GET" ? undefined : "{not json",
    });
    await expectProblem(response, 401, "UNAUTHENTICATED");
  });
});
