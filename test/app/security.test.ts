/** Every protected route answers 401 in the one error shape without a valid session, before looking at input. */
import { describe, it } from "vitest";
import { expectProblem } from "../helpers/problem";
import { callWorker } from "../helpers/worker";

const protectedRoutes: [method: string, path: string][] = [
  ["GET", "/api/user/profile"],
  ["PUT", "/api/user/profile"],
  ["PATCH", "/api/user/profile"],
  ["DELETE", "/api/user/profile"],
  ["PUT", "/api/user"],
  ["GET", "/api/personalization/context"],
  ["POST", "/api/personalization/interactions"],
  ["GET", "/api/personalization/interactions"],
];

const noSession: [label: string, headers: Record<string, string>][] = [
  ["no credentials", {}],
  ["a junk bearer token", { authorization: "Bearer junk" }],
  ["a junk cookie", { cookie: "better-auth.session_token=junk.signature" }],
];

describe.each(noSession)("with %s", (_, headers) => {
  it.each(protectedRoutes)("%s %s answers 401", async (method, path) => {
    const response = await callWorker(path, {
      method,
      headers: { ...headers, "content-type": "application/json" },
      body: method === "GET" || method === "DELETE" ? undefined : "{not json",
    });
    await expectProblem(response, 401, "UNAUTHENTICATED");
  });
});
