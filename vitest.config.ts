import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import type { FakeGitHubApp } from "./test/fakes/fake-github.ts";
import { outboundService } from "./test/fakes/outbound.ts";

/** The GitHub OAuth app the Worker under test is configured with, as the fake GitHub knows it. */
const gitHubApp: FakeGitHubApp = {
  clientId: "Iv1.test-client-id",
  clientSecret: "test-github-client-secret",
  // BETTER_AUTH_URL (wrangler.toml) + Better Auth's callback path.
  callbackUrl: "http://localhost:8787/api/auth/callback/github",
};

// One network edge for the whole run: its fake providers keep their state in this process.
const outbound = outboundService(gitHubApp);

export default defineConfig({
  test: {
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
              },
              // Every outbound fetch goes through Node: GitHub is answered by test/fakes/fake-github.ts, the rest
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
        },
      },
      {
        // The local tooling (endpoint, migrations), in Node where it runs.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          // These start endpoints, apply every migration and run wrangler: seconds each on 2 busy cores.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
