/**
 * A stand-in for Have I Been Pwned's range API (api.pwnedpasswords.com), answered at the tests' network
 * edge (test/fakes/outbound.ts). It knows one breached password, and pads every answer as the real one does.
 */
import { createHash } from "node:crypto";

export const PWNED_PASSWORDS_HOST = "api.pwnedpasswords.com";

/** The one password this corpus has seen in breaches. */
export const BREACHED_PASSWORD = "breached but long enough";

const breachedHash = createHash("sha1").update(BREACHED_PASSWORD).digest("hex").toUpperCase();

export function fakePwnedPasswords(url: URL): Response {
  const prefix = url.pathname.match(/^\/range\/([0-9A-F]{5})$/i)?.[1]?.toUpperCase();
  if (!prefix) return new Response("Not found", { status: 404 });
  const lines = [`${"0".repeat(35)}:0`, `${"F".repeat(35)}:0`];
  if (breachedHash.startsWith(prefix)) lines.push(`${breachedHash.slice(5)}:52`);
  return new Response(lines.join("\r\n"), { headers: { "content-type": "text/plain" } });
}
