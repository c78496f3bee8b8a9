/**
 * The database round trips of each sign-in method, request by request from the first to the session, and
 * what the session costs afterwards: the context read warm by its cookie and by an access token, which
 * must need no database at all whatever the method. On a Worker of its own, with the tests' mail sink as
 * the email provider (the codes and links are read from the mail, as a user reads them) and a software
 * passkey authenticator (test/fakes/software-authenticator.ts).
 */
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { MAIL_API_KEY, startMailSink } from "../test/fakes/mail-sink.ts";
import { SoftwareAuthenticator } from "../test/fakes/software-authenticator.ts";
import { CookieJar } from "../test/helpers/cookies.ts";
import { nextClientIp, startWorker } from "./bench-worker.ts";
import { round } from "./load.ts";
import type { LocalDatabase } from "./neon-local/start.ts";

/** Sign-ins per method; the round trips are the same each time, the wall times are their median. */
const RUNS = Number(process.env.BENCH_SIGN_IN_RUNS ?? 5);
/** Warm context reads per credential after each sign-in. */
const WARM_READS = 10;
const PASSWORD = "a sturdy benchmark passphrase";
const PROFILE = { software_level: "intermediate", hardware_background: "robotics" };

export interface SignInMethodBench {
  method: string;
  /** Each request of the method in order, with the database round trips it made. */
  requests: { request: string; db_requests: number }[];
  db_requests_to_session: number;
  /** The method's requests' own time (not the mail's delivery), median over the runs. */
  wall_ms_p50: number;
  /** Per warm context read by the session's cookie and by an access token minted for it. */
  warm_context_db_requests: { cookie: number; access_token: number };
}

type Step = { request: string; send: (client: Client) => Promise<Response> };

/** A browser (or app) on the API's origin: Origin on every request, cookies kept from answer to answer. */
class Client {
  readonly jar = new CookieJar();
  readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
  }

  async call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = {
      origin: this.origin,
      "cf-connecting-ip": nextClientIp(),
      ...this.jar.header,
      ...(init.headers as Record<string, string>),
    };
    const response = await fetch(`${this.origin}${path}`, { ...init, headers, redirect: "manual" });
    this.jar.take(response);
    return response;
  }

  post(path: string, body: unknown): Promise<Response> {
    return this.call(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchSignInMethods(database: LocalDatabase, secret: string): Promise<SignInMethodBench[]> {
  const mail = await startMailSink();
  const { worker, origin, application } = await startWorker(database, "bench-sign-in-methods", secret, true, {
    RESEND_API_KEY: MAIL_API_KEY,
    RESEND_API_URL: mail.url,
  });
  const roundTrips = () => database.endpoint.stats().byApplication[application]?.requests ?? 0;
  const expect = async (response: Response, status: number, what: string) => {
    if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
    return response;
  };
  /** The `count`-th mail to `address`, once the Worker has sent it (mail goes out after the answer). */
  const mailTo = async (address: string, count: number) => {
    for (let waited = 0; waited < 5_000; waited += 25) {
      const mails = (await (await fetch(`${mail.url}/messages?to=${encodeURIComponent(address)}`)).json()) as {
        subject: string;
        text: string;
      }[];
      if (mails.length >= count) return mails[count - 1] as { subject: string; text: string };
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`no mail #${count} to ${address}`);
  };

  async function signUp(): Promise<{ email: string; client: Client }> {
    const email = `methods-${crypto.randomUUID()}@example.com`;
    const client = new Client(origin);
    await expect(await client.post("/api/auth/signup", { email, password: PASSWORD, ...PROFILE }), 201, "sign-up");
    return { email, client };
  }

  /** An account that has proved its address (as one signing in by mail has) and set nothing else up. */
  async function verifiedAccount() {
    const account = await signUp();
    const link = (await mailTo(account.email, 1)).text.match(/https?:\/\/\S+/)?.[0] ?? "";
    const verified = await account.client.call(new URL(link).pathname + new URL(link).search);
    if (verified.status >= 400) throw new Error(`email verification: ${verified.status}`);
    return account;
  }

  /** Each method: what it needs set up first (untimed), then its requests, in order, as its client sends them. */
  const methods: { method: string; prepare: () => Promise<Step[]> }[] = [
    {
      method: "password (for comparison)",
      async prepare() {
        const { email } = await signUp();
        return [
          { request: "POST /api/auth/signin", send: (c) => c.post("/api/auth/signin", { email, password: PASSWORD }) },
        ];
      },
    },
    {
      method: "passkey",
      async prepare() {
        const { client } = await signUp();
        const authenticator = new SoftwareAuthenticator(origin);
        const options = await expect(await client.call("/api/auth/passkey/generate-register-options"), 200, "options");
        const response = await authenticator.register(
          (await options.json()) as Parameters<SoftwareAuthenticator["register"]>[0],
        );
        await expect(await client.post("/api/auth/passkey/verify-registration", { response }), 200, "registration");
        let challenge: { challenge: string } | undefined;
        return [
          {
            request: "GET /api/auth/passkey/generate-authenticate-options",
            async send(c) {
              const answer = await c.call("/api/auth/passkey/generate-authenticate-options");
              challenge = (await answer.clone().json()) as { challenge: string };
              return answer;
            },
          },
          {
            request: "POST /api/auth/passkey/verify-authentication",
            send: async (c) =>
              c.post("/api/auth/passkey/verify-authentication", {
                response: await authenticator.authenticate(challenge ?? { challenge: "" }),
              }),
          },
        ];
      },
    },
    ...(["TOTP", "backup code"] as const).map((factor) => ({
      method: `password + ${factor}`,
      async prepare(): Promise<Step[]> {
        const { email, client } = await signUp();
        const enabled = await client.post("/api/auth/two-factor/enable", { password: PASSWORD });
        const { totpURI, backupCodes } = (await (await expect(enabled, 200, "enable")).json()) as {
          totpURI: string;
          backupCodes: string[];
        };
        const secretBytes = base32.decode(new URL(totpURI).searchParams.get("secret") ?? "");
        const code = () => createOTP(secretBytes).totp();
        await expect(await client.post("/api/auth/two-factor/verify-totp", { code: await code() }), 200, "enrol");
        const path = factor === "TOTP" ? "/api/auth/two-factor/verify-totp" : "/api/auth/two-factor/verify-backup-code";
        return [
          { request: "POST /api/auth/signin", send: (c) => c.post("/api/auth/signin", { email, password: PASSWORD }) },
          {
            request: `POST ${path}`,
            send: async (c) => c.post(path, { code: factor === "TOTP" ? await code() : backupCodes[0] }),
          },
        ];
      },
    })),
    ...(["existing account", "new address (sign-up)"] as const).map((kind) => ({
      method: `email code, ${kind}`,
      async prepare(): Promise<Step[]> {
        const email =
          kind === "existing account" ? (await verifiedAccount()).email : `methods-${crypto.randomUUID()}@example.com`;
        const sent = kind === "existing account" ? 2 : 1;
        return [
          {
            request: "POST /api/auth/email-otp/send-verification-otp",
            send: (c) => c.post("/api/auth/email-otp/send-verification-otp", { email, type: "sign-in" }),
          },
          {
            request: "POST /api/auth/sign-in/email-otp",
            async send(c) {
              const otp = (await mailTo(email, sent)).subject.slice(0, 6);
              const profile = kind === "existing account" ? {} : PROFILE;
              return c.post("/api/auth/sign-in/email-otp", { email, otp, ...profile });
            },
          },
        ];
      },
    })),
    {
      method: "magic link",
      async prepare() {
        const { email } = await verifiedAccount();
        return [
          {
            request: "POST /api/auth/sign-in/magic-link",
            send: (c) => c.post("/api/auth/sign-in/magic-link", { email, callbackURL: `${origin}/` }),
          },
          {
            request: "GET /api/auth/magic-link/verify",
            async send(c) {
              const link = new URL((await mailTo(email, 2)).text.match(/https?:\/\/\S+/)?.[0] ?? "");
              return c.call(`${link.pathname}${link.search}`);
            },
          },
        ];
      },
    },
  ];

  try {
    const results: SignInMethodBench[] = [];
    for (const { method, prepare } of methods) {
      const trips: number[][] = [];
      let names: string[] = [];
      const walls: number[] = [];
      const warm = { cookie: 0, access_token: 0 };
      for (let run = 0; run < RUNS; run += 1) {
        const steps = await prepare();
        names = steps.map((step) => step.request);
        const client = new Client(origin);
        const counted: number[] = [];
        let wall = 0;
        let last: Response | undefined;
        for (const step of steps) {
          // Mail delivery (inside `send`) is not the method's time: it is timed from the request on.
          const before = roundTrips();
          const started = performance.now();
          last = await step.send(client);
          if (last.status >= 400) throw new Error(`${method}, ${step.request}: ${last.status} ${await last.text()}`);
          await last.arrayBuffer();
          wall += performance.now() - started;
          counted.push(roundTrips() - before);
        }
        trips.push(counted);
        walls.push(wall);

        const token = await client.call("/api/auth/token");
        const { token: accessToken } = (await (await expect(token, 200, `${method}: access token`)).json()) as {
          token: string;
        };
        for (const [credential, headers] of [
          ["cookie", client.jar.header],
          ["access_token", { authorization: `Bearer ${accessToken}` }],
        ] as const) {
          // The first read of each isolate loads what stays cached (signing keys); then the warm reads.
          await expect(
            await fetch(`${origin}/api/personalization/context`, { headers }),
            200,
            `${method}: context by ${credential}`,
          );
          const before = roundTrips();
          for (let read = 0; read < WARM_READS; read += 1) {
            await expect(await fetch(`${origin}/api/personalization/context`, { headers }), 200, "warm context");
          }
          warm[credential] += (roundTrips() - before) / WARM_READS / RUNS;
        }
      }
      // The counts of the runs agree; the largest is reported should a background task have landed in one.
      const requests = names.map((request, index) => ({
        request,
        db_requests: Math.max(...trips.map((run) => run[index] ?? 0)),
      }));
      results.push({
        method,
        requests,
        db_requests_to_session: requests.reduce((sum, step) => sum + step.db_requests, 0),
        wall_ms_p50: round(median(walls), 1),
        warm_context_db_requests: { cookie: round(warm.cookie, 2), access_token: round(warm.access_token, 2) },
      });
    }
    return results;
  } finally {
    await worker.dispose();
    await mail.close();
  }
}
