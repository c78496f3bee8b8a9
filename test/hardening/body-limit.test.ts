/** A body over 64 KiB is 413 PAYLOAD_TOO_LARGE on every route, ours and Better Auth's, whether or not it declares its length. */
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../src/middleware/body-limit";
import { bearer, signUp, type TestAccount } from "../helpers/accounts";
import { ONE_MEGABYTE } from "../helpers/hostile";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const routes: [method: string, path: string][] = [
  ["POST", "/api/auth/signup"],
  ["POST", "/api/auth/signin"],
  ["POST", "/api/auth/sign-up/email"],
  ["POST", "/api/auth/sign-in/email"],
  ["POST", "/api/auth/request-password-reset"],
  ["POST", "/api/auth/reset-password"],
  ["POST", "/api/auth/send-verification-email"],
  ["POST", "/api/auth/change-password"],
  ["POST", "/api/auth/change-email"],
  ["POST", "/api/auth/update-user"],
  ["POST", "/api/auth/sign-out"],
  ["POST", "/api/auth/admin/create-user"],
  ["PUT", "/api/user/profile"],
  ["PATCH", "/api/user/profile"],
  ["DELETE", "/api/user/profile"],
  ["PUT", "/api/user"],
  ["DELETE", "/api/user"],
  ["DELETE", "/api/user/sessions/some-session"],
  ["POST", "/api/user/sessions/revoke-others"],
  ["POST", "/api/personalization/interactions"],
  ["POST", "/api/admin/users/some-user/restore"],
  ["POST", "/api/no-such-route"],
];

const encoder = new TextEncoder();

/** The same megabyte as a stream: a request that does not say how long it is. */
function streamed(text: string): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += 16 * 1024) {
        controller.enqueue(bytes.slice(offset, offset + 16 * 1024));
      }
      controller.close();
    },
  });
}

let account: TestAccount;

beforeAll(async () => {
  account = await signUp();
});

describe("oversize bodies", () => {
  it("the megabyte the suites send is far past the limit", () => {
    expect(encoder.encode(ONE_MEGABYTE).length).toBeGreaterThan(16 * MAX_BODY_BYTES);
  });

  it.each(routes)("%s %s answers 413 to 1 MiB with Content-Length", async (method, path) => {
    const response = await callWorker(path, {
      method,
      headers: {
        ...bearer(account),
        origin: ORIGIN,
        "content-type": "application/json",
        "content-length": String(encoder.encode(ONE_MEGABYTE).length),
      },
      body: ONE_MEGABYTE,
    });
    await expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it.each(routes)("%s %s answers 413 to 1 MiB streamed without Content-Length", async (method, path) => {
    const init = (): RequestInit =>
      ({
        method,
        headers: { ...bearer(account), origin: ORIGIN, "content-type": "application/json" },
        body: streamed(ONE_MEGABYTE),
        duplex: "half",
      }) as RequestInit;
    expect(new Request(`${ORIGIN}${path}`, init()).headers.has("content-length")).toBe(false);
    const response = await callWorker(path, init());
    await expectProblem(response, 413, "PAYLOAD_TOO_LARGE");
  });

  it("a body just under the limit is read and validated as usual", async () => {
    const body = JSON.stringify({ software_level: "x".repeat(MAX_BODY_BYTES - 100) });
    const response = await callWorker("/api/user/profile", {
      method: "PUT",
      headers: { ...bearer(account), "content-type": "application/json" },
      body,
    });
    await expectProblem(response, 400, "VALIDATION_FAILED");
  });
});
