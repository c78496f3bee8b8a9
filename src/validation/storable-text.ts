/**
 * Text the database can store and clients can read back. Postgres refuses NUL in `text` (SQLSTATE 22021)
 * and `\u0000` in `jsonb` (22P05); an unpaired UTF-16 surrogate is not Unicode at all (UTF-8 cannot encode
 * it, `jsonb` refuses its escape). Left to the database, either is a 500; refused here, it is a 400.
 */
import type { FieldError } from "../errors/api-error";

const UNPAIRED_SURROGATE = /\p{Cs}/u;

export const UNSTORABLE_MESSAGE = "must not contain NUL characters or unpaired UTF-16 surrogates";

export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && !UNPAIRED_SURROGATE.test(value);
}

/** Reported places are capped: one hostile body must not make a huge answer. */
const MAX_REPORTED = 10;

/**
 * Every place in a parsed JSON value, keys included, that holds unstorable text, as field errors under
 * `location`. Iterative, so no nesting depth can overflow the stack.
 */
export function unstorableText(value: unknown, location: string): FieldError[] {
  const errors: FieldError[] = [];
  const pending: [unknown, string][] = [[value, location]];
  while (pending.length > 0 && errors.length < MAX_REPORTED) {
    const [current, at] = pending.pop() as [unknown, string];
    if (typeof current === "string") {
      if (!isStorableText(current)) errors.push({ location: at, message: UNSTORABLE_MESSAGE });
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => {
        pending.push([item, `${at}.${index}`]);
      });
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        if (!isStorableText(key)) errors.push({ location: at, message: `keys ${UNSTORABLE_MESSAGE}` });
        else pending.push([item, `${at}.${key}`]);
      }
    }
  }
  return errors.slice(0, MAX_REPORTED);
}

/** How deeply arrays and objects nest in a parsed JSON value (0 for a scalar), computed without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop() as [unknown, number];
    if (current === null || typeof current !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const item of Object.values(current)) pending.push([item, depth + 1]);
  }
  return deepest;
}
