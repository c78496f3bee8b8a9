/**
 * Which requests are limited, by what and how hard. Per client IP everywhere a credential, a mail or a text
 * is at stake; per email address or phone number, across all IPs, where one account or one phone is the
 * target (password guessing from many addresses, bombing one inbox or one phone).
 */

export interface Limit {
  /** Length of the fixed window, in seconds. */
  window: number;
  /** Requests allowed in one window; the next is refused until the window ends. */
  max: number;
}

export interface RateLimitRule {
  /** Part of the counter's key: routes that share a rule share a count (our sign-in and Better Auth's). */
  name: string;
  routes: { method: "GET" | "POST" | "DELETE"; path: string }[];
  perIp: Limit;
  /** Keyed by the body's `email`, normalised, when it has one. */
  perEmail?: Limit;
  /** Keyed by the body's `phone_number`, normalised to E.164, when it has one. */
  perPhone?: Limit;
  /**
   * The sign-in method of each of its routes that signs in: a refusal there goes to the security log of the
   * account the body's email names, once per per-email window.
   */
  signIns?: Record<string, string>;
}

const post = (path: string) => ({ method: "POST" as const, path });

export const RATE_LIMIT_RULES: RateLimitRule[] = [
  {
    name: "sign-in",
    routes: [post("/api/auth/signin"), post("/api/auth/sign-in/email")],
    perIp: { window: 10, max: 3 },
    perEmail: { window: 10 * 60, max: 10 },
    signIns: { "/api/auth/signin": "password", "/api/auth/sign-in/email": "password" },
  },
  {
    name: "sign-up",
    routes: [post("/api/auth/signup"), post("/api/auth/sign-up/email")],
    perIp: { window: 10, max: 3 },
  },
  {
    name: "password-reset",
    routes: [post("/api/auth/request-password-reset")],
    perIp: { window: 60, max: 3 },
    perEmail: { window: 60 * 60, max: 5 },
  },
  {
    name: "verification-mail",
    routes: [post("/api/auth/send-verification-email")],
    perIp: { window: 60, max: 3 },
    perEmail: { window: 60 * 60, max: 5 },
  },
  {
    // Each of these checks a password or a mailed token: guessing them is what is limited.
    name: "credentials",
    routes: [
      post("/api/auth/reset-password"),
      post("/api/auth/change-password"),
      post("/api/auth/change-email"),
      { method: "DELETE", path: "/api/user" },
      post("/api/auth/delete-user"),
    ],
    perIp: { window: 10, max: 3 },
  },
  {
    // Each texts a code to the number: SMS costs money, and a number must not be bombed.
    name: "phone-code",
    routes: [post("/api/user/phone")],
    perIp: { window: 60, max: 3 },
    perPhone: { window: 60 * 60, max: 5 },
  },
  {
    // A code allows 3 tries; these bound how many codes can be guessed at across requests for new ones.
    name: "phone-verify",
    routes: [post("/api/user/phone/verify")],
    perIp: { window: 10, max: 3 },
    perPhone: { window: 60 * 60, max: 15 },
  },
  {
    // Each mails a code or a sign-in link: mail bombing one inbox is what the per-email limit stops.
    name: "email-sign-in",
    routes: [post("/api/auth/email-otp/send-verification-otp"), post("/api/auth/sign-in/magic-link")],
    perIp: { window: 60, max: 3 },
    perEmail: { window: 60 * 60, max: 5 },
  },
  {
    // A code allows 3 tries; these bound the guesses across requests for new codes.
    name: "email-code",
    routes: [post("/api/auth/sign-in/email-otp"), post("/api/auth/email-otp/verify-email")],
    perIp: { window: 10, max: 3 },
    perEmail: { window: 60 * 60, max: 15 },
    signIns: { "/api/auth/sign-in/email-otp": "email_code" },
  },
  {
    // A passkey assertion cannot be guessed, but each ceremony writes a challenge and reads credentials:
    // this bounds the database work one client can cause.
    name: "passkey",
    routes: [
      { method: "GET", path: "/api/auth/passkey/generate-authenticate-options" },
      { method: "GET", path: "/api/auth/passkey/generate-register-options" },
      post("/api/auth/passkey/verify-authentication"),
      post("/api/auth/passkey/verify-registration"),
    ],
    perIp: { window: 60, max: 20 },
  },
  {
    // Each checks a second factor or a password: guessing them is what is limited (the plugin also locks
    // the account for 15 minutes after 10 wrong codes).
    name: "two-factor",
    routes: [
      post("/api/auth/two-factor/verify-totp"),
      post("/api/auth/two-factor/verify-backup-code"),
      post("/api/auth/two-factor/enable"),
      post("/api/auth/two-factor/disable"),
      post("/api/auth/two-factor/generate-backup-codes"),
    ],
    perIp: { window: 10, max: 5 },
  },
  {
    // A refresh token is 32 random bytes: not guessable. This bounds the database work a client can cause.
    name: "refresh",
    routes: [post("/api/auth/refresh")],
    perIp: { window: 60, max: 30 },
  },
  {
    // An export reads everything the account holds: a few downloads an hour is all anyone needs.
    name: "data-export",
    routes: [{ method: "GET", path: "/api/user/export" }],
    perIp: { window: 60 * 60, max: 5 },
  },
  {
    name: "social-sign-in",
    routes: [post("/api/auth/sign-in/social")],
    perIp: { window: 60, max: 10 },
  },
];
