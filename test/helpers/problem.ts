/** Asserts the one error shape every failure must have. */
import { expect } from "vitest";

export async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: expect.stringContaining("urn:persona-edge:problem:") });
  expect(body.title).toEqual(expect.any(String));
  expect(body.detail).toEqual(expect.any(String));
  expect(body.request_id).toBe(response.headers.get("x-request-id"));
  expect(JSON.stringify(body)).not.toMatch(/\bat .+:\d+:\d+|stack|node_modules/i);
  return body;
}
