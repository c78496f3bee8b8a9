import { availableParallelism } from "node:os";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { fakeServiceAccount } from "./test/fakes/fake-fcm.ts";
import type { FakeGitHubApp } from "./test/fakes/fake-github.ts";
import type { FakeTwilioAccount } from "./test/fakes/fake-twilio.ts";
import { outboundService } from "./test/fakes/outbound.ts";

/** The GitHub OAuth app the Worker under test is configured with, as the fake GitHub knows it. */
const gitHubApp: FakeGitHubApp = {
  clientId: "Iv1.test-client-id",
  clientSecret: "test-github-client-secret",
  // BETTER_AUTH_URL (wrangler.toml) + Better Auth's callback path.
  callbackUrl: "http://localhost:8787/api/auth/callback/github",
};

/** The Firebase project pushes go to, with a key pair made for this run. */
const firebase = fakeServiceAccount();

/** The Twilio account texts go out through. */
const twilio: FakeTwilioAccount = {
  accountSid: "ACtest0000000000000000000000000000",
  authToken: "test-twilio-token",
  from: "+15005550006",
};

// One network edge for the whole run: its fake providers keep their state in this process.
const outbound = outboundService(gitHubApp, firebase, twilio);

export default defineConfig({
  test: {
    // Vitest's default (one less than the cores) is a single worker on a 2-core machine, which ran every
    // file of both projects one after another with a core mostly idle: the work is spread over processes
    // (workerd, this process's database endpoint, wrangler and Chromium for the node files). Two files at a
    // time keep both cores busy; larger machines keep Vitest's default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        // The API itself, inside workerd, against the local Neon endpoint.
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // From test/global-setup.ts: the local Neon endpoint on a fresh in-memory database, and a test secret.
              bindings: {
                DATABASE_URL: inject("databaseUrl"),
                BETTER_AUTH_SECRET: inject("authSecret"),
                RESEND_API_KEY: inject("mailApiKey"),
                RESEND_API_URL: inject("mailApiUrl"),
                GITHUB_CLIENT_ID: gitHubApp.clientId,
                GITHUB_CLIENT_SECRET: gitHubApp.clientSecret,
                FCM_SERVICE_ACCOUNT: firebase.json,
                TWILIO_ACCOUNT_SID: twilio.accountSid,
                TWILIO_AUTH_TOKEN: twilio.authToken,
                TWILIO_FROM: twilio.from,
                // Hundreds of tests are refused a sign-in on purpose; the floor is tested on its own
                // (test/auth/failed-sign-in-floor.test.ts), with the value wrangler.toml ships.
                FAILED_SIGN_IN_FLOOR_MS: "0",
              },
              // One-second batch windows instead of wrangler.toml's: tests wait for records to be stored.
              queueConsumers: {
                "persona-edge-interactions": { maxBatchTimeout: 1 },
                "persona-edge-interaction-dead-letters": { maxBatchTimeout: 1 },
                "persona-edge-notification-dead-letters": { maxBatchTimeout: 1 },
                "persona-edge-security-events": { maxBatchTimeout: 1 },
              },
              // Every outbound fetch goes through Node: GitHub, Firebase and Twilio are answered by test/fakes/, the rest
              // passes through.
              outboundService: outbound,
            },
          })),
        ],
        test: {
          name: "worker",
          include: ["test/**/*.test.ts"],
          exclude: ["test/node/**"],
          globalSetup: ["./test/global-setup.ts"],
          // Without it, calls through exports.default get slower with every call an isolate has made.
          setupFiles: ["./test/setup/one-entrypoint-proxy.ts"],
          // One workerd and one import of the Worker per Vitest worker, reused file after file: a fresh
          // isolate per file cost a workerd start and a 5-10 s import of the Worker (Better Auth, Drizzle,
          // zod) for each of ~45 files. Files share isolate-wide state (src/caller's caches, the Better Auth
          // instance), none of which a test relies on being empty: every test signs up its own users. Left
          // over (fixed only in @cloudflare/vitest-plugin 1.4.5): the pool wraps its module-runner transport
          // once more per file, so a call through exports.default costs about 1 ms more by a worker's 20th
          // file than by its first.
          isolate: false,
        },
      },
      {
        // The local tooling (endpoint, migrations), in Node where it runs.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          // These start endpoints, apply every migration and run wrangler: seconds each on 2 busy cores, and
          // set-up hooks do the same (Vitest's 10 s for hooks was missed under load).
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
