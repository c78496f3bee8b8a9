/** A real PostgreSQL server behind the local Neon endpoint, for tests that need concurrent connections. */
import pg from "pg";
import { type SqlBackend, type Statement, type StatementResult, setTransactionSql } from "./backend.ts";

/** The driver parses values itself, so every type comes back as the text Postgres sent. */
const rawText: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value };

async function runOn(client: pg.Pool | pg.PoolClient, { query, params }: Statement): Promise<StatementResult> {
  const result = await client.query<(string | null)[]>({
    text: query,
    values: params,
    rowMode: "array",
    types: rawText,
  });
  return {
    command: result.command,
    rowCount: result.rowCount,
    fields: result.fields.map(({ name, dataTypeID, tableID, columnID, dataTypeSize, dataTypeModifier, format }) => ({
      name,
      dataTypeID,
      tableID,
      columnID,
      dataTypeSize,
      dataTypeModifier,
      format,
    })),
    rows: result.rows,
  };
}

/** Connects a pool to `connectionString`; each batch holds one connection for its transaction. */
export async function createPostgresBackend(connectionString: string, maxConnections = 20): Promise<SqlBackend> {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  // A pooled connection that dies while idle must not take the endpoint down with it.
  pool.on("error", () => {});
  await pool.query("select 1");

  return {
    kind: "postgres",
    run: (statement) => runOn(pool, statement),
    async runBatch(statements, options) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const setTransaction = setTransactionSql(options);
        if (setTransaction) await client.query(setTransaction);
        const results: StatementResult[] = [];
        for (const statement of statements) results.push(await runOn(client, statement));
        await client.query("COMMIT");
        return results;
      } catch (error) {
        // A connection that cannot even roll back is destroyed rather than handed to the next batch.
        await client.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
