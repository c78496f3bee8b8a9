/**
 * The optional breached-password check: Have I Been Pwned's range API with k-anonymity (only the first 5
 * hex digits of the password's SHA-1 leave the Worker). An outage or a slow answer never blocks anyone:
 * the check is skipped and logged, since the local list of common passwords still applies.
 */
import { logEvent } from "../errors/log";

/** The longest a sign-up or password change waits for the service. */
const LOOKUP_TIMEOUT_MS = 2_000;

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)]
    .map((byte) => byte.toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}

/** True when the service lists the password; false when it does not, or could not be asked. */
export async function isBreachedPassword(apiUrl: string, password: string): Promise<boolean> {
  const hash = await sha1Hex(password);
  const prefix = hash.slice(0, 5);
  const suffix = hash.slice(5);
  try {
    const response = await fetch(`${apiUrl}/range/${prefix}`, {
      // Padding hides how many suffixes share the prefix from anyone watching the answer's size.
      headers: { "add-padding": "true", "user-agent": "persona-edge" },
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`status ${response.status}`);
    for (const line of (await response.text()).split(/\r?\n/)) {
      const [candidate, count] = line.trim().split(":");
      if (candidate === suffix) return Number(count) > 0;
    }
    return false;
  } catch (error) {
    logEvent("warn", {
      source: "breached-passwords",
      message: "check skipped: the service did not answer",
      error: error instanceof Error ? error.name : typeof error,
    });
    return false;
  }
}
