/**
 * Imported fastapi-users passwords inside workerd: each hash of the fixture (made by argon2-cffi, bcrypt
 * and passlib, test/fixtures/legacy-fastapi-users) is told apart by its format and verified as its library
 * would; sign-in re-hashes it to scrypt in a fourth round trip, once; a refused sign-in waits for the floor.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { verifyArgon2 } from "../../src/auth/password-hashes/argon2";
import { verifyBcrypt } from "../../src/auth/password-hashes/bcrypt";
import { parseLegacyHash, unusableReason } from "../../src/auth/password-hashes/formats";
import { account, user } from "../../src/db/schema";
import fixture from "../fixtures/legacy-fastapi-users/manifest.json";
import { jsonRequest } from "../helpers/accounts";
import { testDatabase } from "../helpers/admin";
import { countedWorker, injectFault } from "../helpers/neon-local";
import { uniqueName } from "../helpers/unique-name";
import { callWorkerWithEnv } from "../helpers/worker";

interface FixtureUser {
  legacyId: number;
  password: string | null;
  hash: string;
  hashFormat: string;
  note?: string;
}

const users = fixture.users as FixtureUser[];
const known = (format: string) => users.filter((entry) => entry.hashFormat === format && entry.password);
const first = (entries: FixtureUser[]) => {
  const [entry] = entries;
  if (!entry) throw new Error("no such fixture user");
  return entry as FixtureUser & { password: string };
};

const fromEdge = () => ({ "cf-connecting-ip": `203.0.113.${Math.floor(Math.random() * 250) + 1}` });

/** A user with this legacy hash, stored as `npm run import:legacy` stores it. */
async function legacyUser(hash: string) {
  const id = crypto.randomUUID();
  const email = `${uniqueName("legacy")}@example.com`;
  await testDatabase.insert(user).values({ id, name: "Legacy", email });
  await testDatabase
    .insert(account)
    .values({ id, accountId: id, providerId: "credential", userId: id, password: hash });
  const storedHash = async () =>
    (await testDatabase.select({ password: account.password }).from(account).where(eq(account.id, id)))[0]?.password;
  return { email, storedHash };
}

describe("legacy hash formats", () => {
  it("tells every fixture hash's format, and which ones sign-in cannot verify", () => {
    for (const entry of users) {
      const parsed = parseLegacyHash(entry.hash);
      const expected = entry.hashFormat.startsWith("argon2id")
        ? "argon2"
        : entry.hashFormat.includes("bcrypt")
          ? "bcrypt"
          : undefined;
      expect(parsed?.format, `${entry.hashFormat} ${entry.hash.slice(0, 20)}`).toBe(expected);
      const reason =
        entry.hashFormat === "unknown"
          ? "unknown_hash_format"
          : entry.hashFormat === "argon2id-100mib"
            ? "unsupported_hash_parameters"
            : undefined;
      if (entry.hashFormat !== "none") expect(unusableReason(entry.hash), `${entry.legacyId}`).toBe(reason);
    }
  });

  it("verifies argon2id as argon2-cffi made it, for pwdlib's and OWASP's parameters and non-ASCII passwords", () => {
    const nonAscii = users.filter(
      (entry) => entry.hashFormat.startsWith("argon2id-") && entry.password && /[^\x20-\x7e]/.test(entry.password),
    );
    expect(nonAscii.length).toBeGreaterThan(0);
    for (const entry of [first(known("argon2id-pwdlib")), first(known("argon2id-owasp")), first(nonAscii)]) {
      expect(verifyArgon2(entry.hash, "argon2id", entry.password)).toEqual({ match: true });
      expect(verifyArgon2(entry.hash, "argon2id", `${entry.password}x`)).toEqual({ match: false });
    }
  });

  it("verifies $2b$, $2a$, $2y$ and passlib's bcrypt, which reads 72 bytes of the password at most", () => {
    for (const format of ["bcrypt", "bcrypt-2a", "bcrypt-2y", "passlib-bcrypt"]) {
      const entry = first(known(format));
      expect(verifyBcrypt(entry.hash, entry.password), format).toBe(true);
      expect(verifyBcrypt(entry.hash, `${entry.password.slice(0, -1)}#`), format).toBe(false);
    }
    const long = first(users.filter((entry) => entry.note === "longer than 72 bytes"));
    const bytes = new TextEncoder().encode(long.password);
    expect(bytes.length).toBeGreaterThan(72);
    expect(verifyBcrypt(long.hash, long.password)).toBe(true);
  });
});

describe("sign-in with a legacy hash", () => {
  it("re-hashes to scrypt on the first sign-in: 4 round trips, then 3 as for any account", async () => {
    const entry = first(known("bcrypt"));
    const legacy = await legacyUser(entry.hash);
    const worker = countedWorker("legacy_signin");
    const roundTrips = async () => {
      const before = (await worker.counts()).requests;
      const response = await worker.call(
        "/api/auth/signin",
        jsonRequest("POST", { email: legacy.email, password: entry.password }, fromEdge()),
      );
      expect(response.status).toBe(200);
      return (await worker.counts()).requests - before;
    };
    expect(await roundTrips()).toBe(4);
    const scrypt = await legacy.storedHash();
    expect(scrypt).toMatch(/^[0-9a-f]{32}:[0-9a-f]+$/);
    expect(await roundTrips()).toBe(3);
    expect(await legacy.storedHash()).toBe(scrypt);
  });

  it("keeps the sign-in when the re-hash cannot be stored, and re-hashes at the next one", async () => {
    const entry = first(known("argon2id-owasp"));
    const legacy = await legacyUser(entry.hash);
    await injectFault({ kind: "http500", query: 'update "account"', param: entry.hash });
    const signIn = () =>
      callWorkerWithEnv(
        {},
        "/api/auth/sign-in/email",
        jsonRequest("POST", { email: legacy.email, password: entry.password }, fromEdge()),
      );
    expect((await signIn()).status).toBe(200);
    expect(await legacy.storedHash()).toBe(entry.hash);
    expect((await signIn()).status).toBe(200);
    expect(await legacy.storedHash()).toMatch(/^[0-9a-f]{32}:/);
  });

  it("refuses a hash sign-in cannot verify like a wrong password, and keeps it", async () => {
    const entry = first(known("argon2id-100mib"));
    const legacy = await legacyUser(entry.hash);
    const response = await callWorkerWithEnv(
      {},
      "/api/auth/signin",
      jsonRequest("POST", { email: legacy.email, password: entry.password }, fromEdge()),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await legacy.storedHash()).toBe(entry.hash);
  });
});

describe("the failure floor", () => {
  const FLOOR_MS = 400;
  const timed = async (email: string, password: string) => {
    const started = Date.now();
    const response = await callWorkerWithEnv(
      { FAILED_SIGN_IN_FLOOR_MS: String(FLOOR_MS) },
      "/api/auth/signin",
      jsonRequest("POST", { email, password }, fromEdge()),
    );
    expect(response.status).toBe(401);
    return Date.now() - started;
  };

  it("holds an unknown email, a wrong password on scrypt and on a legacy hash until the floor", async () => {
    const owasp = first(known("argon2id-owasp"));
    const legacy = await legacyUser(owasp.hash);
    const scrypt = first(known("bcrypt-2a"));
    const converted = await legacyUser(scrypt.hash);
    // Its first sign-in turns it into a scrypt account.
    const signedIn = await callWorkerWithEnv(
      {},
      "/api/auth/signin",
      jsonRequest("POST", { email: converted.email, password: scrypt.password }, fromEdge()),
    );
    expect(signedIn.status).toBe(200);

    expect(await timed(`${uniqueName("nobody")}@example.com`, "not the password at all")).toBeGreaterThanOrEqual(
      FLOOR_MS,
    );
    expect(await timed(legacy.email, "not the password at all")).toBeGreaterThanOrEqual(FLOOR_MS);
    expect(await timed(converted.email, "not the password at all")).toBeGreaterThanOrEqual(FLOOR_MS);
  });
});
