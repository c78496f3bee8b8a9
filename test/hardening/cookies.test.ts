/** Session cookies: HttpOnly and SameSite always; Secure and `__Secure-`-prefixed wherever the API is served over HTTPS. */
import { describe, expect, it } from "vitest";
import { jsonRequest, newEmail } from "../helpers/accounts";
import { callWorker, callWorkerWithEnv } from "../helpers/worker";

const signUpRequest = () =>
  jsonRequest("POST", {
    email: newEmail(),
    password: "a sturdy passphrase",
    software_level: "beginner",
    hardware_background: "none",
  });

function attributesOf(setCookie: string[]) {
  return setCookie.map((cookie) => {
    const [pair = "", ...attributes] = cookie.split(";").map((part) => part.trim());
    return {
      name: pair.slice(0, pair.indexOf("=")),
      attributes: attributes.map((attribute) => attribute.toLowerCase()),
    };
  });
}

describe("session cookies", () => {
  it("over HTTPS: __Secure- prefixed, Secure, HttpOnly, SameSite=Lax, for the whole site", async () => {
    const response = await callWorkerWithEnv(
      { BETTER_AUTH_URL: "https://api.example.com" },
      "/api/auth/signup",
      signUpRequest(),
    );
    expect(response.status).toBe(201);
    const cookies = attributesOf(response.headers.getSetCookie());
    expect(cookies.map((cookie) => cookie.name)).toEqual(
      expect.arrayContaining(["__Secure-better-auth.session_token", "__Secure-better-auth.session_data"]),
    );
    for (const cookie of cookies) {
      expect(cookie.name).toMatch(/^__Secure-/);
      expect(cookie.attributes).toEqual(expect.arrayContaining(["secure", "httponly", "samesite=lax", "path=/"]));
    }
  });

  it("over plain HTTP (local development, where browsers refuse Secure): HttpOnly and SameSite=Lax still", async () => {
    const response = await callWorker("/api/auth/signup", signUpRequest());
    const cookies = attributesOf(response.headers.getSetCookie());
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies)
      expect(cookie.attributes).toEqual(expect.arrayContaining(["httponly", "samesite=lax"]));
  });
});
