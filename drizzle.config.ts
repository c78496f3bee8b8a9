import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` uses this (it needs no database). Migrations are applied by
// `npm run db:migrate`, which speaks Neon's HTTP protocol to Neon and the local endpoint alike.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema/index.ts",
  out: "./drizzle",
  strict: true,
  verbose: true,
});
