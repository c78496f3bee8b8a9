/** Sessions as tests see them: opening another one, and whether a credential still signs its caller in. */
import { expect } from "vitest";
import { type Client, signIn, type TestAccount } from "./accounts";
import { expectProblem } from "./problem";
import { callWorker } from "./worker";

/** Signs the account in once more (another device, another browser); the new session's token. */
export async function newSession(account: Pick<TestAccount, "email" | "password">, client: Client = {}) {
  const response = await signIn(account, client);
  expect(response.status).toBe(200);
  return ((await response.json()) as { session_token: string }).session_token;
}

/** Whether these credentials (bearer token, access token or cookies) are accepted on a protected route. */
export async function isSignedIn(headers: Record<string, string>): Promise<boolean> {
  return (await callWorker("/api/user/profile", { headers })).status === 200;
}

/** These credentials no longer sign anyone in: a protected route answers 401 in the one error shape. */
export async function expectSignedOut(headers: Record<string, string>) {
  await expectProblem(await callWorker("/api/user/profile", { headers }), 401, "UNAUTHENTICATED");
}
