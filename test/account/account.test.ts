/** PUT /api/user: display name, image and timezone; and what the edge records at sign-up and sign-in. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, sessionUser, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { newSession } from "../helpers/sessions";
import { callWorker } from "../helpers/worker";

interface LoginFields {
  timezone: string | null;
  last_login_at: string;
}

describe("PUT /api/user", () => {
  it("updates name and image, and get-session shows them", async () => {
    const account = await signUp();
    const response = await callWorker(
      "/api/user",
      jsonRequest("PUT", { name: "Grace", image: "https://example.com/grace.png" }, bearer(account)),
    );
    expect(await response.json()).toEqual({
      success: true,
      user: { id: account.userId, name: "Grace", image: "https://example.com/grace.png", timezone: null },
    });
    const session = await callWorker("/api/auth/get-session", { headers: bearer(account) });
    expect(((await session.json()) as { user: Record<string, unknown> }).user).toMatchObject({
      name: "Grace",
      image: "https://example.com/grace.png",
    });
  });

  it("refuses an image that is not an http(s) URL", async () => {
    const account = await signUp();
    const body = await expectProblem(
      await callWorker("/api/user", jsonRequest("PUT", { image: "javascript:alert(1)" }, bearer(account))),
      400,
      "VALIDATION_FAILED",
    );
    expect(body.errors).toEqual([{ location: "body.image", message: "expected an http(s) URL" }]);
  });

  it("ignores what it does not own: the profile is not changed here", async () => {
    const account = await signUp({ software_level: "beginner", hardware_background: "none" });
    await callWorker("/api/user", jsonRequest("PUT", { name: "Eve", software_level: "advanced" }, bearer(account)));
    const profile = await callWorker("/api/user/profile", { headers: bearer(account) });
    expect(await profile.json()).toMatchObject({ software_level: "beginner" });
  });

  it("sets the timezone, an IANA name", async () => {
    const account = await signUp();
    const ok = await callWorker("/api/user", jsonRequest("PUT", { timezone: "America/Sao_Paulo" }, bearer(account)));
    expect(((await ok.json()) as { user: { timezone: string } }).user.timezone).toBe("America/Sao_Paulo");
    const bad = await callWorker("/api/user", jsonRequest("PUT", { timezone: "Mars/Olympus_Mons" }, bearer(account)));
    expect((await expectProblem(bad, 400, "VALIDATION_FAILED")).errors).toEqual([
      { location: "body.timezone", message: "expected an IANA time zone, e.g. Europe/Berlin" },
    ]);
  });
});

describe("timezone and last sign-in, recorded by the edge and the database", () => {
  it("takes the timezone from the edge at sign-up, and records each sign-in", async () => {
    const account = await signUp({}, { cf: { country: "JP", timezone: "Asia/Tokyo" } });
    const first = await sessionUser<LoginFields>(account.token);
    expect(first.timezone).toBe("Asia/Tokyo");
    expect(first.last_login_at).toEqual(expect.any(String));

    await new Promise((resolve) => setTimeout(resolve, 20));
    const after = await sessionUser<LoginFields>(await newSession(account));
    expect(new Date(after.last_login_at).getTime()).toBeGreaterThan(new Date(first.last_login_at).getTime());
  });
});
