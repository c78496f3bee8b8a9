/**
 * The database `npm run db:migrate`, `admin:grant` and `import:legacy` act on: DATABASE_URL (exported, or in
 * .dev.vars), else the local endpoint of a running `npm run dev` (scripts/dev.ts serves it on NEON_LOCAL_PORT).
 */
export function projectDatabaseUrl(): string {
  return (
    process.env.DATABASE_URL?.trim() ||
    `postgres://persona:local@127.0.0.1:${process.env.NEON_LOCAL_PORT ?? 4444}/persona_edge`
  );
}
