/** Hono's typed client over the exported AppType: route types flow from the chained routers to callers. */
import { exports } from "cloudflare:workers";
import { hc } from "hono/client";
import { describe, expect, it } from "vitest";
import type { AppType } from "../../src/app";
import { bearer, signUp } from "../helpers/accounts";
import { ORIGIN } from "../helpers/worker";

const client = hc<AppType>(ORIGIN, {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => exports.default.fetch(new Request(input, init)),
});

describe("hc<AppType>", () => {
  it("calls routes with typed inputs and reads typed answers", async () => {
    const account = await signUp({ software_level: "advanced", hardware_background: "robotics" });
    const headers = bearer(account);

    const updated = await client.api.user.profile.$patch({ json: { hardware_background: "other" } }, { headers });
    expect(updated.status).toBe(200);

    const context = await client.api.personalization.context.$get({ query: { content_type: "chat" } }, { headers });
    const body = await context.json();
    expect(body.user_context.software_level).toBe("advanced");
    expect(body.user_context.hardware_background).toBe("other");
  });
});
