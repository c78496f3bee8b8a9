/** POST /api/auth/signin, sessions by cookie and bearer, get-session and sign-out. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, newEmail, sessionCookie, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

describe("POST /api/auth/signin", () => {
  it("returns a new session token, the cookie and the background profile", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "none" });
    const response = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: account.password }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      success: true,
      user_id: account.userId,
      session_token: expect.any(String),
      background_profile: { software_level: "advanced", hardware_background: "none" },
    });
    expect(body.session_token).not.toBe(account.token);
    expect(sessionCookie(response)).toContain("session_token=");
  });

  it("accepts the email in any case and with spaces", async () => {
    const account = await signUp();
    const response = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: `  ${account.email.toUpperCase()}`, password: account.password }),
    );
    expect(response.status).toBe(200);
  });

  it("answers a wrong password and an unknown email alike: 401, same body", async () => {
    const account = await signUp();
    const wrong = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: account.email, password: "not the password" }),
    );
    const unknown = await callWorker(
      "/api/auth/signin",
      jsonRequest("POST", { email: newEmail(), password: "not the password" }),
    );
    const wrongBody = await expectProblem(wrong, 401, "UNAUTHENTICATED");
    const unknownBody = await expectProblem(unknown, 401, "UNAUTHENTICATED");
    expect({ ...wrongBody, request_id: "" }).toEqual({ ...unknownBody, request_id: "" });
    expect(wrong.headers.get("set-cookie")).toBeNull();
    expect(unknown.headers.get("set-cookie")).toBeNull();
  });

  it("refuses a body without a password with 400 naming it", async () => {
    const body = await expectProblem(
      await callWorker("/api/auth/signin", jsonRequest("POST", { email: newEmail() })),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([expect.objectContaining({ location: "body.password" })]);
  });
});

describe("sessions", () => {
  it("get-session answers in Better Auth's format, by bearer token", async () => {
    const account = await signUp();
    const response = await callWorker("/api/auth/get-session", { headers: bearer(account) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user: Record<string, unknown>; session: Record<string, unknown> };
    expect(body.user).toMatchObject({
      id: account.userId,
      email: account.email,
      emailVerified: false,
      image: null,
      software_level: "beginner",
      hardware_background: "robotics",
    });
    expect(body.session).toMatchObject({ userId: account.userId, token: account.token });
  });

  it("get-session works by cookie too", async () => {
    const account = await signUp();
    const response = await callWorker("/api/auth/get-session", { headers: { cookie: account.cookie } });
    expect(((await response.json()) as { user: { id: string } }).user.id).toBe(account.userId);
  });

  it("sign-out ends the session for its next request", async () => {
    const account = await signUp();
    const out = await callWorker("/api/auth/sign-out", {
      method: "POST",
      headers: { ...bearer(account), origin: ORIGIN },
    });
    expect(out.status).toBe(200);
    await expectProblem(await callWorker("/api/user/profile", { headers: bearer(account) }), 401, "UNAUTHENTICATED");
  });

  it("a made-up bearer token is no session", async () => {
    await expectProblem(
      await callWorker("/api/user/profile", { headers: { authorization: "Bearer not-a-real-token" } }),
      401,
      "UNAUTHENTICATED",
    );
  });
});
