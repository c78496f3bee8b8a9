/** CORS: configured origins get an exact, credentialed grant; every other origin gets none. */
import { describe, expect, it } from "vitest";
import { bearer, signUp } from "../helpers/accounts";
import { callWorker, ORIGIN } from "../helpers/worker";

/** From wrangler.toml's TRUSTED_ORIGINS: a frontend on another origin. */
const FRONTEND = "http://localhost:3000";

function preflight(origin: string, method = "PUT") {
  return callWorker("/api/user/profile", {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization, content-type",
    },
  });
}

const grantHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith("access-control-"));

describe("preflight", () => {
  it.each([FRONTEND, ORIGIN])(
    "grants %s exactly, with credentials, the methods and headers widgets send",
    async (origin) => {
      const response = await preflight(origin);
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
      expect(response.headers.get("access-control-allow-methods")).toMatch(/\bPUT\b/);
      expect(response.headers.get("access-control-allow-headers")).toMatch(/\bauthorization\b/);
      expect(response.headers.get("vary")).toMatch(/Origin/);
    },
  );

  it.each(["https://evil.example", "null", "http://localhost:3000.evil.example", "HTTP://LOCALHOST:3000"])(
    "grants nothing to %s",
    async (origin) => {
      const response = await preflight(origin);
      expect(grantHeaders(response)).toEqual([]);
    },
  );
});

describe("actual requests", () => {
  it("echo a trusted origin (never *) and expose the bearer plugin's and our headers", async () => {
    const account = await signUp();
    const response = await callWorker("/api/personalization/context", {
      headers: { ...bearer(account), origin: FRONTEND },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(FRONTEND);
    expect(response.headers.get("access-control-allow-credentials")).toBe("true");
    const exposed = response.headers.get("access-control-expose-headers") ?? "";
    for (const header of ["set-auth-token", "set-auth-jwt", "x-request-id", "retry-after"])
      expect(exposed).toContain(header);
  });

  it("carry the grant on errors too, so a widget can read the problem", async () => {
    const response = await callWorker("/api/user/profile", { headers: { origin: FRONTEND } });
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe(FRONTEND);
  });

  it("give a foreign or null origin no CORS header at all", async () => {
    const account = await signUp();
    for (const origin of ["https://evil.example", "null"]) {
      const response = await callWorker("/api/personalization/context", { headers: { ...bearer(account), origin } });
      expect(grantHeaders(response)).toEqual([]);
      expect(response.headers.get("vary")).toMatch(/Origin/);
    }
  });
});
