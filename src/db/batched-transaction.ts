/**
 * Transactions for callers that need one (Better Auth's Drizzle adapter) over neon-http, which cannot keep
 * a transaction open across round trips. Inside `transaction(fn)`, inserts are held back and sent together
 * as one batch, which Neon runs as one transaction: at the next read, or when `fn` returns. If `fn` throws,
 * the held inserts are dropped, so nothing of it is written. Reads and other writes go out as they come,
 * after the held inserts, so the caller still reads its own writes.
 *
 * Better Auth's sign-up inserts user, credential account and session inside one such transaction: they
 * reach the database in a single batch, all or nothing.
 */

import { getTableColumns, is, type Table } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { PgTable } from "drizzle-orm/pg-core";
import type { Database } from "./client";

type Flush = () => Promise<void>;

/**
 * The row an insert would return, built from its values: Better Auth supplies every column it needs
 * (ids, timestamps, defaults), and columns it leaves out take their JS default or null.
 */
function rowFromValues(table: Table, values: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const fallback = column.defaultFn?.() ?? (typeof column.default === "object" ? null : column.default);
    row[key] = values[key] ?? fallback ?? null;
  }
  return row;
}

/** A thenable like Drizzle's builders, settled by `run`. */
function lazy<T>(run: () => Promise<T>) {
  return {
    // biome-ignore lint/suspicious/noThenProperty: it stands in for a Drizzle query builder, which is awaited.
    then: <R1 = T, R2 = never>(
      onFulfilled?: (value: T) => R1 | PromiseLike<R1>,
      onRejected?: (reason: unknown) => R2 | PromiseLike<R2>,
    ) => run().then(onFulfilled, onRejected),
    execute: run,
  };
}

function heldInsert(db: Database, table: PgTable, held: BatchItem<"pg">[]) {
  return {
    values(values: Record<string, unknown> | Record<string, unknown>[]) {
      const rows = Array.isArray(values) ? values : [values];
      const hold = () => {
        held.push(db.insert(table).values(values as never) as unknown as BatchItem<"pg">);
        return Promise.resolve(rows.map((row) => rowFromValues(table, row)));
      };
      return { ...lazy(async () => void (await hold())), returning: () => lazy(hold) };
    },
  };
}

const isBuilder = (value: unknown): value is object =>
  typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";

/**
 * Wraps a Drizzle query builder (and the builders its methods chain to) so that running it first sends the
 * held inserts. Anything that is not a builder (SQL fragments, constructors, symbols) passes untouched, so
 * Drizzle's own type checks still see the real objects.
 */
function afterFlush<T>(value: T, flush: Flush): T {
  if (!isBuilder(value)) return value;
  return new Proxy(value, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver);
      if (typeof property === "symbol" || property === "constructor") return member;
      if (property === "then" && typeof member === "function") {
        return (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) =>
          flush().then(() => member.call(target, onFulfilled, onRejected), onRejected);
      }
      if (property === "execute" && typeof member === "function") {
        return (...args: unknown[]) => flush().then(() => member.apply(target, args));
      }
      if (typeof member === "function") return (...args: unknown[]) => afterFlush(member.apply(target, args), flush);
      return member;
    },
  }) as T;
}

/** `db.query.user.findFirst(…)`: the relational API's builders must also wait for the held inserts. */
function relationalAfterFlush<T extends object>(query: T, flush: Flush): T {
  return new Proxy(query, {
    get(target, table, receiver) {
      const api = Reflect.get(target, table, receiver);
      if (typeof api !== "object" || api === null) return api;
      return new Proxy(api, {
        get(methods, name, methodsReceiver) {
          const method = Reflect.get(methods, name, methodsReceiver);
          return typeof method === "function"
            ? (...args: unknown[]) => afterFlush(method.apply(methods, args), flush)
            : method;
        },
      });
    },
  });
}

async function runBatched<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  const held: BatchItem<"pg">[] = [];
  const flush: Flush = async () => {
    const batch = held.splice(0);
    if (batch.length > 0) await db.batch(batch as [BatchItem<"pg">, ...BatchItem<"pg">[]]);
  };
  const tx = new Proxy(db, {
    get(target, property, receiver) {
      if (property === "insert") {
        return (table: PgTable) =>
          is(table, PgTable) ? heldInsert(target, table, held) : afterFlush(target.insert(table), flush);
      }
      if (property === "transaction") return (inner: (tx: Database) => Promise<unknown>) => inner(tx);
      if (property === "batch")
        return (items: Parameters<Database["batch"]>[0]) => flush().then(() => target.batch(items));
      const member = Reflect.get(target, property, receiver);
      if (property === "query" && typeof member === "object" && member !== null)
        return relationalAfterFlush(member, flush);
      if (typeof property === "symbol" || property === "constructor") return member;
      if (typeof member === "function") return (...args: unknown[]) => afterFlush(member.apply(target, args), flush);
      return member;
    },
  });
  const result = await fn(tx);
  await flush();
  return result;
}

/** The same database, whose `transaction()` batches as described above instead of throwing. */
export function withBatchedTransactions(db: Database): Database {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === "transaction") return (fn: (tx: Database) => Promise<unknown>) => runBatched(target, fn);
      return Reflect.get(target, property, receiver);
    },
  });
}
