declare module "vitest" {
  interface ProvidedContext {
    /** DATABASE_URL of the local Neon endpoint the Worker under test uses. */
    databaseUrl: string;
    /** `http://127.0.0.1:port` of that endpoint, for its counters and settings. */
    neonLocalOrigin: string;
    /** BETTER_AUTH_SECRET of the Worker under test. */
    authSecret: string;
    /** The email provider's API as the Worker sees it: a local stand-in (test/mail-sink.ts). */
    mailApiUrl: string;
    mailApiKey: string;
  }
}

export {};
