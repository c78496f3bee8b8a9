/**
 * Real concurrency against the database (PostgreSQL with a connection pool when the run has one, PGlite
 * otherwise): many sign-ups racing for one email, many profile updates racing on one user.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { bearer, jsonRequest, newEmail, signUp } from "../helpers/accounts";
import { concurrent, concurrentDatabase, isolatedWorker } from "../helpers/concurrent-database";
import { captureConsole, expectNoSecrets } from "../helpers/console-capture";
import { accountsFor, expectWholeAccount, halfWrittenAccounts, storedProfile } from "../helpers/integrity";

const RACERS = 50;
const ROUNDS = 20;
const PASSWORD = "race condition passphrase";
const PROFILE = { software_level: "intermediate", hardware_background: "embedded systems" };

/** The same address spelt 50 ways: lower case, upper case, and mixes of the two. */
function caseVariants(email: string, count: number): string[] {
  return Array.from({ length: count }, (_, variant) =>
    [...email].map((char, index) => ((variant >> (index % 6)) & 1 ? char.toUpperCase() : char)).join(""),
  );
}

/** What a client can tell apart: status, headers that matter and the body, minus the request's own id. */
async function observable(response: Response) {
  const { request_id: _, ...body } = (await response.json()) as Record<string, unknown>;
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    setsCookie: response.headers.getSetCookie().length > 0,
    body,
  };
}

// Everything the Worker logs during these races: no email, password, hash, token or query may be in it.
const logs = captureConsole();
const secrets: string[] = [PASSWORD];
afterEach(() => expectNoSecrets(logs.lines(), secrets));
afterAll(() => logs.restore());

describe(`on ${concurrent.backend}`, () => {
  it(`${RACERS} concurrent sign-ups with one email, ${ROUNDS} rounds: one account, ${RACERS - 1} identical refusals`, async () => {
    const worker = isolatedWorker("race_signup");
    const emails: string[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const email = newEmail();
      emails.push(email);
      secrets.push(email);
      const variants = caseVariants(email, RACERS);
      expect(new Set(variants).size).toBe(RACERS);
      const responses = await Promise.all(
        variants.map((variant) =>
          worker.call("/api/auth/signup", jsonRequest("POST", { email: variant, password: PASSWORD, ...PROFILE })),
        ),
      );
      const answers = await Promise.all(responses.map(observable));
      expect(
        answers.filter((answer) => answer.status >= 500),
        `round ${round}: no 5xx`,
      ).toEqual([]);
      const winners = answers.filter((answer) => answer.status === 201);
      expect(winners, `round ${round}: exactly one sign-up succeeds`).toHaveLength(1);
      secrets.push(String(winners[0]?.body.session_token));

      // The losers: every one the same 409, whether Better Auth's look-up saw the winner or the unique
      // constraint stopped its insert, and the same as a sign-up arriving after the race.
      const losers = answers.filter((answer) => answer.status !== 201);
      const late = await observable(
        await worker.call("/api/auth/signup", jsonRequest("POST", { email, password: PASSWORD, ...PROFILE })),
      );
      expect(late).toMatchObject({ status: 409, setsCookie: false, body: { code: "CONFLICT" } });
      expect(late.contentType).toMatch(/^application\/problem\+json/);
      expect(losers, `round ${round}: ${RACERS - 1} identical refusals`).toEqual(Array(RACERS - 1).fill(late));

      const stored = await accountsFor(concurrentDatabase, email);
      expect(stored, `round ${round}: exactly one user`).toHaveLength(1);
      expectWholeAccount(stored[0], PROFILE);
      expect(stored[0]?.user.id).toBe(winners[0]?.body.user_id);
      expect(stored[0]?.user.email).toBe(email);
      expect(stored[0]?.sessions, "only the winner's session").toHaveLength(1);
      for (const { credentials, sessions } of stored) {
        secrets.push(...credentials.map((row) => row.password ?? ""), ...sessions.map((row) => row.token));
      }
    }
    // Some losers got past the look-up and were stopped by the constraint (a Postgres error answered by
    // the endpoint): the race really happened, and its losers answered like the others.
    expect((await worker.counts()).errors).toBeGreaterThan(0);
    // Once every loser's request has finished: still one whole account per address, nothing half-written.
    expect(await halfWrittenAccounts(concurrentDatabase, emails)).toEqual({ whole: ROUNDS, halfWritten: [] });
  }, 240_000);

  it(`${RACERS} concurrent profile updates: the final state is one of those submitted, whole`, async () => {
    const worker = isolatedWorker("race_profile");
    const { email, password, userId: user_id, token: session_token } = await signUp(PROFILE, { call: worker.call });
    secrets.push(email, password, session_token);

    // Pairs chosen so that a mix of two submissions (one's level, another's background) is not one of them.
    const submitted = [
      { software_level: "beginner", hardware_background: "robotics" },
      { software_level: "intermediate", hardware_background: "none" },
      { software_level: "advanced", hardware_background: "other" },
    ];
    const bodies = Array.from({ length: RACERS }, (_, index) => submitted[index % submitted.length]);
    const responses = await Promise.all(
      bodies.map((body) =>
        worker.call("/api/user/profile", jsonRequest("PUT", body, bearer({ token: session_token }))),
      ),
    );
    expect(responses.filter((response) => response.status >= 500)).toEqual([]);
    expect(responses.map((response) => response.status)).toEqual(Array(RACERS).fill(200));
    const answered = await Promise.all(responses.map((response) => response.json()));
    expect(answered).toEqual(bodies.map((body) => ({ success: true, user_id, ...body })));

    const final = await storedProfile(concurrentDatabase, user_id);
    const { software_level, hardware_background } = final ?? {};
    expect(submitted).toContainEqual({ software_level, hardware_background });
    expect(final?.profile_status).toBe("active");
    const seen = await worker.call("/api/user/profile", { headers: bearer({ token: session_token }) });
    expect(await seen.json()).toMatchObject({ software_level, hardware_background, status: "active" });
  }, 60_000);
});
