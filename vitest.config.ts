import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

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
              },
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
        },
      },
    ],
  },
});
