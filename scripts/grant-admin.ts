/**
 * `npm run admin:grant -- <email>`: makes an existing account an admin in DATABASE_URL's database (Neon, or
 * the local endpoint). The first admin comes from here; later ones an admin appoints through
 * `POST /api/auth/admin/set-role`. Takes effect at the account's next request that reads the database
 * (at most SESSION_FRESHNESS_SECONDS later).
 */
import { neon } from "@neondatabase/serverless";
import "../src/db/neon-endpoint.ts";

const [email] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!email || !databaseUrl) {
  console.error("usage: DATABASE_URL=postgres://… npm run admin:grant -- <email>  (or DATABASE_URL in .dev.vars)");
  process.exit(1);
}
const sql = neon(databaseUrl);
const granted = await sql.query(`UPDATE "user" SET "role" = 'admin' WHERE "email" = $1 RETURNING "id"`, [
  email.trim().toLowerCase(),
]);
if (granted.length > 0) {
  console.log(`${email} is now an admin`);
} else {
  console.error(`no account with the email ${email}: sign up first`);
  process.exit(1);
}
