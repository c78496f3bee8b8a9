declare module "vitest" {
  interface ProvidedContext {
    /** DATABASE_URL of the local Neon endpoint the Worker under test uses. */
    databaseUrl: string;
    /** `http://127.0.0.1:port` of that endpoint, for its counters and settings. */
    neonLocalOrigin: string;
    /** BETTER_AUTH_SECRET of the Worker under test. */
    authSecret: string;
    /** The email provider's API as the Worker sees it: a local stand-in (test/fakes/mail-sink.ts). */
    mailApiUrl: string;
    mailApiKey: string;
    /**
     * The same, on a fresh PostgreSQL database behind a connection pool: provided only when
     * TEST_POSTGRES_URL names a server (CI). Race and fault tests use it, PGlite's otherwise.
     */
    concurrentDatabaseUrl?: string;
    concurrentNeonLocalOrigin?: string;
  }
}

declare global {
  /** Optional secrets the tests set or withhold: `wrangler types` lists only the required ones. */
  interface Env {
    GOOGLE_CLIENT_ID?: string;
    GOOGLE_CLIENT_SECRET?: string;
    GITHUB_CLIENT_ID?: string;
    GITHUB_CLIENT_SECRET?: string;
    FACEBOOK_CLIENT_ID?: string;
    FACEBOOK_CLIENT_SECRET?: string;
    FCM_SERVICE_ACCOUNT?: string;
    TWILIO_ACCOUNT_SID?: string;
    TWILIO_AUTH_TOKEN?: string;
    TWILIO_FROM?: string;
    TWILIO_MESSAGING_SERVICE_SID?: string;
  }
}

export {};
