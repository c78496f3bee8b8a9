/** Admins for tests: a signed-up account given the role the way `npm run admin:grant` gives it, in the database. */
import { eq } from "drizzle-orm";
import { createDatabase } from "../../src/db/client";
import { user } from "../../src/db/schema";
import { signUp, type TestAccount } from "./accounts";
import { databaseUrl } from "./neon-local";

/** The suite's own view of the database: for set-up and for checking what requests left behind. */
export const testDatabase = createDatabase(databaseUrl);

export async function signUpAdmin(): Promise<TestAccount> {
  const account = await signUp();
  await testDatabase.update(user).set({ role: "admin" }).where(eq(user.id, account.userId));
  return account;
}
