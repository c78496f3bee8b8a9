/** GET /api/personalization/context: by bearer and cookie, fresh after changes, cacheable by ETag. */
import { describe, expect, it } from "vitest";
import { NEUTRAL_NOTES, personalizationNotes } from "../../src/personalization/notes";
import { bearer, jsonRequest, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

async function context(headers: Record<string, string>, query = "") {
  const response = await callWorker(`/api/personalization/context${query}`, { headers });
  return { response, body: (await response.json()) as { user_context: Record<string, unknown> } };
}

describe("GET /api/personalization/context", () => {
  it("sign-up, bearer token, context", async () => {
    const account = await signUp({ software_level: "beginner", hardware_background: "robotics" });
    const { response, body } = await context(bearer(account));
    expect(response.status).toBe(200);
    expect(body).toEqual({
      user_context: {
        software_level: "beginner",
        hardware_background: "robotics",
        personalization_notes: personalizationNotes({ software_level: "beginner", hardware_background: "robotics" }),
      },
    });
    expect(response.headers.get("cache-control")).toContain("private");
  });

  it("works with the session cookie", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "none" });
    const { body } = await context({ cookie: account.cookie });
    expect(body.user_context).toMatchObject({ software_level: "advanced", hardware_background: "none" });
  });

  it("follows a profile update on the next request", async () => {
    const account = await signUp({ software_level: "beginner", hardware_background: "robotics" });
    await callWorker(
      "/api/user/profile",
      jsonRequest("PUT", { software_level: "advanced", hardware_background: "other" }, bearer(account)),
    );
    const { body } = await context(bearer(account));
    expect(body.user_context).toMatchObject({ software_level: "advanced", hardware_background: "other" });
  });

  it("is neutral while the profile is archived", async () => {
    const account = await signUp();
    await callWorker("/api/user/profile", { method: "DELETE", headers: bearer(account) });
    const { body } = await context(bearer(account));
    expect(body.user_context).toEqual({
      software_level: null,
      hardware_background: null,
      personalization_notes: NEUTRAL_NOTES,
    });
  });

  it("tailors the notes to ?content_type and refuses unknown ones", async () => {
    const account = await signUp();
    const { body } = await context(bearer(account), "?content_type=translation");
    expect(body.user_context.personalization_notes).toMatch(/translat/i);
    const bad = await callWorker("/api/personalization/context?content_type=poetry", { headers: bearer(account) });
    const problem = await expectProblem(bad, 400, "VALIDATION_FAILED");
    expect(problem.errors).toEqual([{ location: "query.content_type", message: "expected one of chat | translation" }]);
  });

  it("answers 304 to If-None-Match with the current ETag, and 200 once the profile changed", async () => {
    const account = await signUp();
    const { response } = await context(bearer(account));
    const etag = response.headers.get("etag") ?? "";
    expect(etag).not.toBe("");
    const cached = await callWorker("/api/personalization/context", {
      headers: { ...bearer(account), "if-none-match": etag },
    });
    expect(cached.status).toBe(304);

    await callWorker("/api/user/profile", jsonRequest("PATCH", { software_level: "advanced" }, bearer(account)));
    const changed = await callWorker("/api/personalization/context", {
      headers: { ...bearer(account), "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
  });
});
