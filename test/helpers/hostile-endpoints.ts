/** The endpoints the hostile-input suite attacks: their fields with plausible values, and who may call them. */
import fc from "fast-check";
import { deleteAccountBodySchema } from "../../src/account/schemas";
import { CONTENT_TYPES } from "../../src/db/schema/interactions";
import { type HostileBody, hostileSegment, hostileValue } from "./hostile";
import { isOversize } from "./safe-answer";

const email = fc.emailAddress().chain((address) => fc.constantFrom(address, ` ${address.toUpperCase()} `));
const password = fc.string({ minLength: 8, maxLength: 24 });
const name = fc.string({ minLength: 1, maxLength: 20 });
const url = fc.constantFrom("/", "/welcome", "http://localhost:3000/x", "https://evil.example", "//evil.example");
const background = {
  software_level: fc.constantFrom("beginner", "intermediate", "advanced"),
  hardware_background: fc.constantFrom("robotics", "embedded systems", "none", "other"),
};
const phone = fc.oneof(
  fc.stringMatching(/^\+49151\d{8}$/),
  fc.constantFrom("+0123456", "0151 1234567", "+49 151 1234-5678", ""),
  fc.string({ maxLength: 20 }),
);
const token = fc.oneof(fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 40 }));

export type Caller = "anyone" | "user" | "admin";

export interface Endpoint {
  method: string;
  /** A fixed path, or generated ones (then `label` names the route). */
  path: string | fc.Arbitrary<string>;
  label?: string;
  /** Whose real session is part of the mix (besides none and junk), so validation is reached, not only 401. */
  caller: Caller;
  /** Body fields with plausible values; GETs send none. */
  fields?: Record<string, fc.Arbitrary<unknown>>;
  query?: Record<string, fc.Arbitrary<string>>;
  /** Requests that would spend the shared account (delete it), skipped. */
  spends?: (request: HostileRequest) => boolean;
}

export interface HostileRequest {
  path: string;
  credential: "session-token" | "cookie" | "access-token" | Record<string, string>;
  origin: string | undefined;
  contentType: string | undefined;
  body: HostileBody | undefined;
}

export const endpoints: Endpoint[] = [
  { method: "POST", path: "/api/auth/signup", caller: "anyone", fields: { email, password, name, ...background } },
  {
    method: "POST",
    path: "/api/auth/signin",
    caller: "anyone",
    fields: {
      email,
      password,
      token_pair: fc.boolean(),
      device_info: fc.record({ name, platform: fc.constantFrom("ios", "android", "nokia") }, { requiredKeys: [] }),
    },
  },
  { method: "POST", path: "/api/auth/refresh", caller: "anyone", fields: { refresh_token: token } },
  {
    method: "POST",
    path: "/api/auth/email-otp/send-verification-otp",
    caller: "anyone",
    fields: { email, type: fc.constantFrom("sign-in", "email-verification", "forget-password", "") },
  },
  {
    method: "POST",
    path: "/api/auth/sign-in/email-otp",
    caller: "anyone",
    fields: { email, otp: fc.oneof(fc.stringMatching(/^\d{6}$/), token), name, ...background },
  },
  { method: "POST", path: "/api/auth/email-otp/verify-email", caller: "anyone", fields: { email, otp: token } },
  {
    method: "POST",
    path: "/api/auth/sign-in/magic-link",
    caller: "anyone",
    fields: { email, name, callbackURL: url, newUserCallbackURL: url, errorCallbackURL: url },
  },
  {
    method: "POST",
    path: "/api/auth/passkey/verify-registration",
    caller: "user",
    fields: { response: hostileValue, name },
  },
  {
    method: "POST",
    path: "/api/auth/passkey/verify-authentication",
    caller: "anyone",
    fields: { response: hostileValue },
  },
  { method: "POST", path: "/api/auth/passkey/update-passkey", caller: "user", fields: { id: token, name } },
  { method: "POST", path: "/api/auth/passkey/delete-passkey", caller: "user", fields: { id: token } },
  { method: "POST", path: "/api/auth/two-factor/enable", caller: "user", fields: { password, issuer: name } },
  { method: "POST", path: "/api/auth/two-factor/disable", caller: "user", fields: { password } },
  {
    method: "POST",
    path: "/api/auth/two-factor/verify-totp",
    caller: "anyone",
    fields: { code: fc.stringMatching(/^\d{6}$/), trustDevice: fc.boolean() },
  },
  {
    method: "POST",
    path: "/api/auth/two-factor/verify-backup-code",
    caller: "anyone",
    fields: { code: fc.oneof(fc.stringMatching(/^\w{5}-\w{5}$/), token), trustDevice: fc.boolean() },
  },
  {
    method: "POST",
    path: "/api/auth/sign-up/email",
    caller: "anyone",
    fields: { email, password, name, ...background, image: url, callbackURL: url, rememberMe: fc.boolean() },
  },
  {
    method: "POST",
    path: "/api/auth/sign-in/email",
    caller: "anyone",
    fields: { email, password, callbackURL: url, rememberMe: fc.boolean() },
  },
  { method: "POST", path: "/api/auth/request-password-reset", caller: "anyone", fields: { email, redirectTo: url } },
  { method: "POST", path: "/api/auth/reset-password", caller: "anyone", fields: { token, newPassword: password } },
  { method: "POST", path: "/api/auth/send-verification-email", caller: "user", fields: { email, callbackURL: url } },
  {
    method: "POST",
    path: "/api/auth/change-password",
    caller: "user",
    fields: { currentPassword: password, newPassword: password, revokeOtherSessions: fc.boolean() },
  },
  { method: "POST", path: "/api/auth/change-email", caller: "user", fields: { newEmail: email, callbackURL: url } },
  {
    method: "POST",
    path: "/api/auth/update-user",
    caller: "user",
    fields: { name, image: url, ...background, role: fc.constant("admin"), emailVerified: fc.boolean() },
  },
  {
    method: "GET",
    path: "/api/auth/get-session",
    caller: "user",
    query: { disableCookieCache: fc.constantFrom("true", "false"), disableRefresh: fc.constantFrom("true", "1") },
  },
  { method: "GET", path: "/api/auth/token", caller: "user" },
  { method: "GET", path: "/api/user/profile", caller: "user" },
  { method: "PUT", path: "/api/user/profile", caller: "user", fields: background },
  { method: "PATCH", path: "/api/user/profile", caller: "user", fields: background },
  { method: "DELETE", path: "/api/user/profile", caller: "user", fields: {} },
  {
    method: "PUT",
    path: "/api/user",
    caller: "user",
    fields: { name, image: url, timezone: fc.constantFrom("Europe/Berlin", "UTC", "Mars/Olympus") },
  },
  {
    method: "DELETE",
    path: "/api/user",
    caller: "user",
    fields: { password },
    // A fresh session with no password, or a body ignored for its Content-Type, deletes the account: only
    // bodies the schema refuses go out with the shared session.
    spends: ({ credential, contentType, body }) =>
      typeof credential === "string" && !refusedDeletion(contentType, body),
  },
  { method: "GET", path: "/api/user/sessions", caller: "user" },
  {
    method: "DELETE",
    path: hostileSegment.map((id) => `/api/user/sessions/${id}`),
    label: "/api/user/sessions/{id}",
    caller: "user",
    fields: {},
  },
  {
    method: "POST",
    path: "/api/user/devices",
    caller: "user",
    fields: {
      platform: fc.constantFrom("ios", "android", "web", "windows"),
      token: fc.oneof(fc.stringMatching(/^[\w:.-]{16,64}$/), token),
      app_version: fc.string({ maxLength: 40 }),
      device_name: name,
    },
  },
  { method: "GET", path: "/api/user/devices", caller: "user" },
  { method: "GET", path: "/api/user/consents", caller: "user" },
  {
    method: "PUT",
    path: "/api/user/consents",
    caller: "user",
    fields: {
      consents: fc.array(
        fc.record({
          origin: fc.oneof(fc.constant("http://localhost:8788"), fc.webUrl(), fc.string({ maxLength: 40 })),
          fields: fc.array(fc.constantFrom("software_level", "hardware_background", "notes", "email", ""), {
            maxLength: 5,
          }),
        }),
        { maxLength: 4 },
      ),
    },
  },
  { method: "POST", path: "/api/user/phone", caller: "user", fields: { phone_number: phone } },
  {
    method: "POST",
    path: "/api/user/phone/verify",
    caller: "user",
    fields: { phone_number: phone, code: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.string({ maxLength: 8 })) },
  },
  { method: "DELETE", path: "/api/user/phone", caller: "user" },
  {
    method: "DELETE",
    path: hostileSegment.map((id) => `/api/user/devices/${id}`),
    label: "/api/user/devices/{id}",
    caller: "user",
  },
  {
    method: "GET",
    path: "/api/user/notifications",
    caller: "user",
    query: {
      unread: fc.constantFrom("true", "false", "yes", ""),
      limit: fc.integer({ min: -5, max: 200 }).map(String),
      cursor: token,
    },
  },
  { method: "GET", path: "/api/user/notifications/unread-count", caller: "user" },
  {
    method: "GET",
    path: "/api/user/security-log",
    caller: "user",
    query: {
      type: fc.constantFrom("sign_in", "everything", "", "SIGN_IN"),
      limit: fc.integer({ min: -5, max: 200 }).map(String),
      cursor: token,
    },
  },
  { method: "POST", path: "/api/user/notifications/read-all", caller: "user", fields: {} },
  {
    method: "POST",
    path: hostileSegment.map((id) => `/api/user/notifications/${id}/read`),
    label: "/api/user/notifications/{id}/read",
    caller: "user",
    fields: {},
  },
  {
    method: "GET",
    path: "/api/personalization/context",
    caller: "user",
    query: { content_type: fc.constantFrom("chat", "translation", "summary") },
  },
  {
    method: "POST",
    path: "/api/personalization/interactions",
    caller: "user",
    fields: {
      content_type: fc.constantFrom(...CONTENT_TYPES),
      personalization_effectiveness: fc.integer({ min: -1, max: 6 }),
      metadata: fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 4 }),
    },
  },
  {
    method: "GET",
    path: "/api/personalization/interactions",
    caller: "user",
    query: { limit: fc.integer({ min: -5, max: 200 }).map(String), cursor: token },
  },
  ...["/api/admin/analytics/effectiveness", "/api/admin/analytics/profile-presence"].map((path) => ({
    method: "GET",
    path,
    caller: "admin" as const,
    query: {
      from: fc.oneof(fc.constantFrom("2026-01-01", "2026-02-30", "1999-12-31", ""), fc.string({ maxLength: 12 })),
      to: fc.oneof(fc.constantFrom("2026-03-01", "9999-12-31"), fc.string({ maxLength: 12 })),
      group_by: fc.oneof(
        fc.constantFrom("content_type,profile_state", "software_level,hardware_background", ",,", "day"),
        fc.string({ maxLength: 30 }),
      ),
      interval: fc.constantFrom("day", "week", ""),
    },
  })),
  {
    method: "POST",
    path: "/api/admin/notifications",
    caller: "admin",
    // Listed users only, made-up ids: a segment would reach every test's users and their devices.
    fields: {
      user_ids: fc.array(fc.string({ maxLength: 40 }), { maxLength: 5 }),
      event: fc.constantFrom("lesson.ready", "Lesson Ready", ""),
      title: name,
      body: fc.string({ maxLength: 200 }),
      data: fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), hostileValue), {
        maxKeys: 3,
      }),
    },
  },
  {
    method: "GET",
    path: hostileSegment.map((id) => `/api/admin/notifications/${id}`),
    label: "/api/admin/notifications/{id}",
    caller: "admin",
  },
  {
    method: "POST",
    path: "/api/admin/api-keys",
    caller: "admin",
    fields: {
      name,
      expires_in_days: fc.integer({ min: -5, max: 400 }),
      permissions: fc.array(fc.constantFrom("analytics:read", "notifications:send", "admin"), { maxLength: 3 }),
    },
  },
  {
    method: "DELETE",
    path: hostileSegment.map((id) => `/api/admin/api-keys/${id}`),
    label: "/api/admin/api-keys/{id}",
    caller: "admin",
  },
  {
    method: "POST",
    path: hostileSegment.map((id) => `/api/admin/users/${id}/restore`),
    label: "/api/admin/users/{id}/restore",
    caller: "admin",
    fields: {},
  },
  {
    method: "GET",
    path: hostileSegment.map((id) => `/api/admin/users/${id}/security-log`),
    label: "/api/admin/users/{id}/security-log",
    caller: "admin",
    query: {
      type: fc.constantFrom("banned", "x"),
      limit: fc.integer({ min: -5, max: 200 }).map(String),
      cursor: token,
    },
  },
];

function refusedDeletion(type: string | undefined, body: HostileBody | undefined): boolean {
  if (!body || !type || !/^application\/([\w.-]+\+)?json$/i.test(type.split(";")[0]?.trim() ?? "")) return false;
  if (isOversize(body.text)) return true;
  try {
    // As the Worker reads it: decoding UTF-8 drops a leading byte order mark.
    const parsed = deleteAccountBodySchema.safeParse(JSON.parse(body.text.replace(/^\ufeff/, "")));
    return !parsed.success;
  } catch {
    return true;
  }
}
