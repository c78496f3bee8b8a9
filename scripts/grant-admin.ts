/**
 * `npm run admin:grant -- <email>`: makes an existing account an admin in the project's database (Neon, or
 * the local endpoint; scripts/database-url.ts). The first admin comes from here; later ones an admin appoints through
 * `POST /api/auth/admin/set-role`. Takes effect at the account's next request that reads the database
 * (at most SESSION_FRESHNESS_SECONDS later).
 */
import { neon } from "@neondatabase/serverless";
import "../src/db/neon-endpoint.ts";
import { projectDatabaseUrl } from "./database-url.ts";

const [email] = process.argv.slice(2);
if (!email) {
  console.error(
    "usage: [DATABASE_URL=postgres://…] npm run admin:grant -- <email>  (default: `npm run dev`'s database)",
  );
  process.exit(1);
}
const sql = neon(projectDatabaseUrl());
const granted = await sql.query(`UPDATE "user" SET "role" = 'admin' WHERE "email" = $1 RETURNING "id"`, [
  email.trim().toLowerCase(),
]);
if (granted.length > 0) {
  console.log(`${email} is now an admin`);
} else {
  console.error(`no account with the email ${email}: sign up first`);
  process.exit(1);
}
