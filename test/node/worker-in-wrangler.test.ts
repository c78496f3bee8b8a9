/**
 * The Worker as `npm run dev` serves it (wrangler + workerd) and as outside clients see it: the official
 * Better Auth client in Node through a whole account life, and the OpenAPI document it publishes.
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { createAuthClient } from "better-auth/client";
import { inferAdditionalFields } from "better-auth/client/plugins";
import type { OpenAPIV3_1 } from "openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName } from "../helpers/unique-name.ts";
import { startWranglerWorker, type WranglerWorker } from "../helpers/wrangler-worker.ts";

let worker: WranglerWorker;
let origin: string;

beforeAll(async () => {
  worker = await startWranglerWorker();
  origin = worker.origin;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
});

describe("the official Better Auth client", () => {
  it("signs up with the background fields, signs in, reads the session and signs out, by bearer token", async () => {
    let token = "";
    const client = createAuthClient({
      baseURL: origin,
      plugins: [
        inferAdditionalFields({
          user: { software_level: { type: "string" }, hardware_background: { type: "string" } },
        }),
      ],
      fetchOptions: {
        // Node's fetch sends Sec-Fetch-Mode, for which Better Auth's CSRF check wants a trusted Origin.
        headers: { origin },
        auth: { type: "Bearer", token: () => token },
        onSuccess: ({ response }) => {
          token = response.headers.get("set-auth-token") ?? token;
        },
      },
    });
    const email = `${uniqueName("client")}@example.com`;
    const password = "a sturdy passphrase";

    const signUp = await client.signUp.email({
      email,
      password,
      name: "Client",
      software_level: "intermediate",
      hardware_background: "robotics",
    });
    expect(signUp.error).toBeNull();
    expect(signUp.data?.user).toMatchObject({ email, software_level: "intermediate" });

    token = "";
    const signIn = await client.signIn.email({ email, password });
    expect(signIn.error).toBeNull();
    expect(token).not.toBe("");

    const session = await client.getSession();
    expect(session.data?.user).toMatchObject({
      email,
      software_level: "intermediate",
      hardware_background: "robotics",
    });

    const context = await fetch(`${origin}/api/personalization/context`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await context.json()).toMatchObject({ user_context: { software_level: "intermediate" } });

    const signOut = await client.signOut();
    expect(signOut.error).toBeNull();
    expect((await client.getSession()).data).toBeNull();
  });

  it("sees our error shape with a message for a refused sign-up", async () => {
    const client = createAuthClient({ baseURL: origin, fetchOptions: { headers: { origin } } });
    const result = await client.signUp.email({
      email: `${uniqueName("client")}@example.com`,
      password: "short",
      name: "x",
    });
    expect(result.error).toMatchObject({ status: 400, code: "VALIDATION_FAILED", message: expect.any(String) });
  });
});

describe("GET /openapi.json", () => {
  let document: OpenAPIV3_1.Document;
  beforeAll(async () => {
    const response = await fetch(`${origin}/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenAPIV3_1.Document;
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    expect(document.openapi).toMatch(/^3\.1\./);
    const result = await new Validator().validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  const ours: [path: string, method: "get" | "post" | "put" | "patch" | "delete", body: boolean, success: string][] = [
    ["/health", "get", false, "200"],
    ["/api/auth/signup", "post", true, "201"],
    ["/api/auth/signin", "post", true, "200"],
    ["/api/user/profile", "get", false, "200"],
    ["/api/user/profile", "put", true, "200"],
    ["/api/user/profile", "patch", true, "200"],
    ["/api/user/profile", "delete", false, "200"],
    ["/api/user", "put", true, "200"],
    ["/api/personalization/context", "get", false, "200"],
    ["/api/personalization/interactions", "post", true, "202"],
    ["/api/personalization/interactions", "get", false, "200"],
  ];

  it.each(ours)("describes %s %s with its request and response schemas", (path, method, body, success) => {
    const operation = document.paths?.[path]?.[method];
    expect(operation, `${method} ${path}`).toBeDefined();
    if (body)
      expect(operation?.requestBody).toMatchObject({ content: { "application/json": { schema: expect.any(Object) } } });
    expect(operation?.responses?.[success]).toMatchObject({
      content: { "application/json": { schema: expect.any(Object) } },
    });
  });

  it("includes Better Auth's own endpoints under /api/auth", () => {
    expect(document.paths?.["/api/auth/sign-up/email"]?.post).toBeDefined();
    expect(document.paths?.["/api/auth/get-session"]?.get).toBeDefined();
  });

  it("is browsable at /docs", async () => {
    const response = await fetch(`${origin}/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("/openapi.json");
  });
});
