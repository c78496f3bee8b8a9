/** Embedded Postgres (PGlite) behind the local Neon endpoint: nothing to install, one connection. */
import { mkdir } from "node:fs/promises";
import { PGlite, type QueryOptions, type Results, type Transaction } from "@electric-sql/pglite";
import { type SqlBackend, type Statement, type StatementResult, setTransactionSql } from "./backend.ts";

const passThrough = (value: string) => value;

/**
 * PGlite parses results and serializes parameters by type OID, but the Neon driver expects raw Postgres
 * text both ways. Its per-query overrides only take known OIDs (unknown ones, like our enums, already pass
 * through), and it learns array OIDs as types are created, so the override map follows its own.
 */
function passThroughOptions(db: PGlite): () => QueryOptions {
  let cached: QueryOptions | undefined;
  let knownTypes = -1;
  return () => {
    const keys = new Set([...Object.keys(db.parsers), ...Object.keys(db.serializers)]);
    if (!cached || keys.size !== knownTypes) {
      const identity = Object.fromEntries([...keys].map((key) => [key, passThrough]));
      cached = { rowMode: "array", parsers: identity, serializers: identity };
      knownTypes = keys.size;
    }
    return cached;
  };
}

function toStatementResult(result: Results<unknown[]>): StatementResult {
  return {
    command: result.command ?? "",
    rowCount: result.rowCount ?? result.affectedRows ?? null,
    fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
    rows: result.rows as (string | null)[][],
  };
}

/** Opens PGlite in memory, or persisted in `dataDir` (created if missing). */
export async function createPgliteBackend(dataDir?: string): Promise<SqlBackend> {
  if (dataDir) await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ? { dataDir } : {});
  const options = passThroughOptions(db);
  const run = async (target: PGlite | Transaction, { query, params }: Statement) =>
    toStatementResult(await target.query<unknown[]>(query, params, options()));

  return {
    kind: "pglite",
    run: (statement) => run(db, statement),
    runBatch: (statements, batchOptions) =>
      db.transaction(async (tx) => {
        const setTransaction = setTransactionSql(batchOptions);
        if (setTransaction) await tx.query(setTransaction);
        const results: StatementResult[] = [];
        for (const statement of statements) results.push(await run(tx, statement));
        return results;
      }),
    close: () => db.close(),
  };
}
