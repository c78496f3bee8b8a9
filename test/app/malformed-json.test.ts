/** A malformed JSON body is a 400 problem on every route that takes one, ours and Better Auth's. */
import { describe, it } from "vitest";
import { bearer, signUp } from "../helpers/accounts";
import { expectProblem } from "../helpers/problem";
import { callWorker, ORIGIN } from "../helpers/worker";

const routes: [method: string, path: string][] = [
  ["POST", "/api/auth/signup"],
  ["POST", "/api/auth/signin"],
  ["POST", "/api/auth/sign-up/email"],
  ["POST", "/api/auth/sign-in/email"],
  ["PUT", "/api/user/profile"],
  ["PATCH", "/api/user/profile"],
  ["PUT", "/api/user"],
  ["POST", "/api/personalization/interactions"],
];

describe("malformed JSON bodies", () => {
  it.each(routes)("%s %s answers 400", async (method, path) => {
    const account = await signUp();
    const response = await callWorker(path, {
      method,
      headers: { ...bearer(account), origin: ORIGIN, "content-type": "application/json" },
      body: '{"email": "unterminated',
    });
    await expectProblem(response, 400, "MALFORMED_JSON");
  });
});
