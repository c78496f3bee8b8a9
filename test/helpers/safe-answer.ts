/** What every answer to hostile input must be, and the direct way to send thousands of them. */
import { expect } from "vitest";
import { MAX_BODY_BYTES } from "../../src/middleware/body-limit";
import { callWorkerWithEnv } from "./worker";

/**
 * The Worker's own fetch handler with the test bindings, called directly. `callWorker`'s
 * `exports.default.fetch` costs about 2 ms a call (on each one the pool asks Vitest, in the Node process, for
 * the Worker's module; test/setup/one-entrypoint-proxy.ts keeps the cost from growing), a direct call
 * 0.15 ms: 12,000 generated requests would spend 20 s more.
 */
export function callHandler(path: string, init?: RequestInit): Promise<Response> {
  return callWorkerWithEnv({}, path, init);
}

/** Client-visible text that would betray internals: stack frames, module paths, SQL, query parameters. */
export const LEAK = /\bat .+:\d+:\d+|stack|node_modules|select |insert |update .* set|Failed query|params:/i;

export function isOversize(text: string): boolean {
  return new TextEncoder().encode(text).length > MAX_BODY_BYTES;
}

/**
 * No 5xx; oversize is 413; every 4xx is one problem document; nothing leaks. A 2xx (valid input, extra keys
 * ignored) is JSON; it echoes the caller's own data, so it is checked for stack traces only.
 */
export async function expectSafeAnswer(response: Response, sent: { oversize: boolean }) {
  const text = await response.text();
  const where = `${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  // Oversize is 413, unless refused before any body is read: a cross-site request.
  if (sent.oversize) expect([413, 403], where).toContain(response.status);
  if (response.status >= 400) {
    expect(response.headers.get("content-type"), where).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as Record<string, unknown>;
    expect(problem, where).toMatchObject({
      type: expect.stringMatching(/^urn:persona-edge:problem:/),
      title: expect.any(String),
      status: response.status,
      code: expect.stringMatching(/^[A-Z_]+$/),
      detail: expect.any(String),
      request_id: response.headers.get("x-request-id"),
    });
    if (sent.oversize) expect(["PAYLOAD_TOO_LARGE", "CROSS_SITE_REQUEST"], where).toContain(problem.code);
    if (problem.code === "VALIDATION_FAILED") {
      expect(problem.errors, where).toEqual(
        expect.arrayContaining([{ location: expect.any(String), message: expect.any(String) }]),
      );
    }
    expect(text, where).not.toMatch(LEAK);
  } else if (response.status !== 204 && response.status !== 304) {
    expect(response.headers.get("content-type"), where).toMatch(/^application\/json/);
    expect(() => JSON.parse(text), where).not.toThrow();
    expect(text, where).not.toMatch(/\bat .+:\d+:\d+|node_modules/);
  }
}
