/** Field schemas that several resources' contracts share: emails, passwords, names, URLs, time zones. */
import { z } from "zod";

/** Trimmed and lower-cased before anything else, so two spellings never make two accounts. */
export const emailSchema = z
  .string({ error: "expected an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "expected an email address" }).max(254, { error: "at most 254 characters" }));

/**
 * The name an account gets when none is given (sign-up, imported users): the email's local part, until the
 * user picks one.
 */
export function defaultDisplayName(email: string): string {
  return email.split("@")[0] ?? email;
}

/** A comma-separated list (a var, a query parameter): its entries trimmed, empty ones dropped; absent is empty. */
export const commaSeparatedSchema = z
  .string()
  .default("")
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean),
  );

/** E.164: a plus, a country code that never starts with 0, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

export const phoneNumberSchema = z
  .string({ error: "expected a phone number in E.164 form, e.g. +4915112345678" })
  .transform((value) => value.replace(/[\s().-]/g, ""))
  .pipe(z.string().regex(E164, { error: "expected a phone number in E.164 form, e.g. +4915112345678" }));

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export const passwordSchema = z
  .string({ error: "expected a password" })
  .min(PASSWORD_MIN_LENGTH, { error: `at least ${PASSWORD_MIN_LENGTH} characters` })
  .max(PASSWORD_MAX_LENGTH, { error: `at most ${PASSWORD_MAX_LENGTH} characters` });

/** Control characters (NUL, CR, LF…) and unpaired surrogates: never part of a name or a URL we store. */
const CONTROL_OR_BROKEN = /\p{Cc}|\p{Cs}/u;

export const nameSchema = z
  .string()
  .trim()
  .min(1, { error: "must not be empty" })
  .max(100, { error: "at most 100 characters" })
  .refine((name) => !CONTROL_OR_BROKEN.test(name), {
    error: "must not contain control characters or unpaired UTF-16 surrogates",
  });

export const httpUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL" })
  .max(2048)
  .refine((url) => !CONTROL_OR_BROKEN.test(url), { error: "expected an http(s) URL" });

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { error: "expected an IANA time zone, e.g. Europe/Berlin" });
