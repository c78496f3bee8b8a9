/** `npm run db:migrate`: applies the migrations in drizzle/ to DATABASE_URL (Neon, or the local endpoint). */
import { applyMigrations } from "./apply-migrations.ts";

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set: export it, or put it in .dev.vars and run `npm run db:migrate`.");
  process.exit(1);
}
const { applied, skipped } = await applyMigrations(databaseUrl);
console.log(`migrations: ${applied} applied, ${skipped} already there`);
