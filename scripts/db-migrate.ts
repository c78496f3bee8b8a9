/** `npm run db:migrate`: applies the migrations in drizzle/ to the project's database (Neon, or the local endpoint). */
import { applyMigrations } from "./apply-migrations.ts";
import { projectDatabaseUrl } from "./database-url.ts";

const { applied, skipped } = await applyMigrations(projectDatabaseUrl());
console.log(`migrations: ${applied} applied, ${skipped} already there`);
