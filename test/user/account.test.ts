/** PUT /api/user: display name and image. */
import { describe, expect, it } from "vitest";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

describe("PUT /api/user", () => {
  it("updates name and image, and get-session shows them", async () => {
    const account = await signUp();
    const response = await callWorker(
      "/api/user",
      jsonRequest("PUT", { name: "Grace", image: "https://example.com/grace.png" }, bearer(account)),
    );
    expect(await response.json()).toEqual({
      success: true,
      user: { id: account.userId, name: "Grace", image: "https://example.com/grace.png" },
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
});
