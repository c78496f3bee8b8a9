/** The contract between the HTTP front of the local Neon endpoint and the Postgres that runs the SQL. */

/** One statement as the Neon driver sends it: parameters are already Postgres text, or null. */
export interface Statement {
  query: string;
  params: (string | null)[];
}

/** A column as the driver reads it: `dataTypeID` picks the pg-types parser. */
export interface FieldDescription {
  name: string;
  dataTypeID: number;
  tableID?: number;
  columnID?: number;
  dataTypeSize?: number;
  dataTypeModifier?: number;
  format?: string;
}

/** A result in Neon's array mode with raw text output: values stay Postgres text so the driver parses them. */
export interface StatementResult {
  command: string;
  rowCount: number | null;
  fields: FieldDescription[];
  rows: (string | null)[][];
}

export type IsolationLevel = "READ UNCOMMITTED" | "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";

export interface BatchOptions {
  isolationLevel?: IsolationLevel;
  readOnly?: boolean;
  deferrable?: boolean;
}

export interface SqlBackend {
  readonly kind: "pglite" | "postgres";
  run(statement: Statement): Promise<StatementResult>;
  /** Runs every statement in one transaction: all of them take effect, or none. */
  runBatch(statements: Statement[], options: BatchOptions): Promise<StatementResult[]>;
  close(): Promise<void>;
}

/** `SET TRANSACTION` is valid as the first statement of any transaction, on PGlite and PostgreSQL alike. */
export function setTransactionSql(options: BatchOptions): string | undefined {
  const modes: string[] = [];
  if (options.isolationLevel) modes.push(`ISOLATION LEVEL ${options.isolationLevel}`);
  if (options.readOnly !== undefined) modes.push(options.readOnly ? "READ ONLY" : "READ WRITE");
  if (options.deferrable !== undefined) modes.push(options.deferrable ? "DEFERRABLE" : "NOT DEFERRABLE");
  return modes.length > 0 ? `SET TRANSACTION ${modes.join(", ")}` : undefined;
}
