/**
 * The real `@neondatabase/serverless` client against the local endpoint, on each backend: what production
 * code relies on. PostgreSQL runs when TEST_POSTGRES_URL names a server (CI starts one).
 */
import { type FullQueryResults, NeonDbError, type NeonQueryFunction, neon } from "@neondatabase/serverless";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalDatabase, startLocalDatabase } from "../../scripts/neon-local/start.ts";
import "../../src/db/neon-endpoint.ts";
import { uniqueName } from "../helpers/unique-name.ts";

const backends = [
  { name: "PGlite", postgresUrl: undefined },
  ...(process.env.TEST_POSTGRES_URL ? [{ name: "PostgreSQL", postgresUrl: process.env.TEST_POSTGRES_URL }] : []),
];

describe.each(backends)("on $name", ({ postgresUrl }) => {
  let database: LocalDatabase;
  let sql: NeonQueryFunction<false, false>;
  beforeAll(async () => {
    database = await startLocalDatabase({ postgresUrl, migrate: false });
    sql = neon(database.databaseUrl);
  });
  afterAll(() => database.endpoint.close());

  /** The driver's full result object: fields, command and row count besides the rows. */
  function fullQuery(query: string, params: unknown[] = []) {
    return sql.query(query, params, { fullResults: true }) as Promise<FullQueryResults<false>>;
  }

  async function neonError(promise: Promise<unknown>): Promise<NeonDbError> {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NeonDbError);
    return error as NeonDbError;
  }

  describe("types come back as the driver parses them", () => {
    it("int8, numeric, bool, NULL and text", async () => {
      const [row] = await sql`select 9007199254740993::int8 as big, 12.345::numeric(6,3) as num, true as yes,
      null::text as nothing, 'héllo ☃'::text as txt, 42::int4 as small`;
      expect(row).toEqual({
        big: "9007199254740993",
        num: "12.345",
        yes: true,
        nothing: null,
        txt: "héllo ☃",
        small: 42,
      });
    });

    it("timestamptz and date", async () => {
      const [row] = await sql`select '2026-01-02T03:04:05.678Z'::timestamptz as at, '2026-02-03'::date as day`;
      expect(row?.at).toEqual(new Date("2026-01-02T03:04:05.678Z"));
      expect(row?.day).toBeInstanceOf(Date);
    });

    it("json, jsonb and arrays", async () => {
      const [row] = await sql`select '{"a":[1,{"b":null}]}'::json as j, '{"z":true}'::jsonb as jb,
      array[1,2,3]::int4[] as ints, array['a', null, 'c,d']::text[] as texts`;
      expect(row).toEqual({ j: { a: [1, { b: null }] }, jb: { z: true }, ints: [1, 2, 3], texts: ["a", null, "c,d"] });
    });

    it("enums, and arrays of them, come back as their labels", async () => {
      const mood = uniqueName("mood");
      await sql.query(`create type ${mood} as enum ('calm', 'curious')`);
      const [row] = await sql.query(`select 'curious'::${mood} as one, array['calm','curious']::${mood}[] as many`);
      expect(row?.one).toBe("curious");
      expect(row?.many).toBe("{calm,curious}");
    });

    it("reports fields with their type OIDs, the command and the row count", async () => {
      const result = await fullQuery("select 1::int4 as a, 'x'::text as b");
      expect(result.fields.map(({ name, dataTypeID }) => [name, dataTypeID])).toEqual([
        ["a", 23],
        ["b", 25],
      ]);
      expect(result.command).toBe("SELECT");
      expect(result.rowCount).toBe(1);
    });
  });

  describe("parameters bind as values, never as SQL", () => {
    it("binds text, numbers, booleans, null, dates, JSON and arrays", async () => {
      const at = new Date("2026-03-04T05:06:07.000Z");
      const [row] = await sql`select ${"it's; drop table x"}::text as t, ${41}::int + 1 as n, ${false}::bool as b,
      ${null}::text as nothing, ${at}::timestamptz as at, ${JSON.stringify({ k: "v" })}::jsonb as j, ${[1, 2]}::int4[] as arr`;
      expect(row).toEqual({ t: "it's; drop table x", n: 42, b: false, nothing: null, at, j: { k: "v" }, arr: [1, 2] });
    });

    it("counts rows changed by INSERT, UPDATE and DELETE", async () => {
      const table = uniqueName("t");
      await sql.query(`create table ${table} (id int primary key, v text)`);
      const insert = await fullQuery(`insert into ${table} values (1, 'a'), (2, 'b')`);
      expect([insert.command, insert.rowCount]).toEqual(["INSERT", 2]);
      const update = await fullQuery(`update ${table} set v = $1`, ["z"]);
      expect([update.command, update.rowCount]).toEqual(["UPDATE", 2]);
      const remove = await fullQuery(`delete from ${table} where id = $1`, [1]);
      expect([remove.command, remove.rowCount]).toEqual(["DELETE", 1]);
    });
  });

  describe("batches run as one transaction", () => {
    let table: string;
    beforeAll(async () => {
      table = uniqueName("accounts");
      await sql.query(`create table ${table} (id int primary key, email text unique not null)`);
    });

    it("returns one result per statement", async () => {
      const [inserted, counted] = await sql.transaction([
        sql.query(`insert into ${table} values (1, 'one@example.com') returning id`),
        sql.query(`select count(*)::int as n from ${table}`),
      ]);
      expect(inserted).toEqual([{ id: 1 }]);
      expect(counted).toEqual([{ n: 1 }]);
    });

    it("rolls back every statement when one fails", async () => {
      const error = await neonError(
        sql.transaction([
          sql.query(`insert into ${table} values (10, 'ten@example.com')`),
          sql.query(`update ${table} set email = 'changed@example.com' where id = 1`),
          sql.query(`insert into ${table} values (11, 'ten@example.com')`),
        ]),
      );
      expect(error.code).toBe("23505");
      const rows = await sql.query(`select id, email from ${table} order by id`);
      expect(rows).toEqual([{ id: 1, email: "one@example.com" }]);
    });

    it("honours the isolation level, read-only and deferrable headers", async () => {
      const [[settings]] = (await sql.transaction(
        [
          sql`select current_setting('transaction_isolation') as isolation, current_setting('transaction_read_only') as read_only,
          current_setting('transaction_deferrable') as deferrable`,
        ],
        { isolationLevel: "Serializable", readOnly: true, deferrable: true },
      )) as [[Record<string, string>]];
      expect(settings).toEqual({ isolation: "serializable", read_only: "on", deferrable: "on" });

      const [[defaults]] = (await sql.transaction([sql`select current_setting('transaction_isolation') as isolation`], {
        isolationLevel: "RepeatableRead",
      })) as [[Record<string, string>]];
      expect(defaults?.isolation).toBe("repeatable read");
    });

    it("refuses writes in a read-only batch", async () => {
      const error = await neonError(
        sql.transaction([sql.query(`insert into ${table} values (20, 'ro@example.com')`)], { readOnly: true }),
      );
      expect(error.code).toBe("25006");
      expect(await sql.query(`select id from ${table} where id = 20`)).toEqual([]);
    });
  });

  describe("Postgres errors reach the caller as NeonDbError with their fields", () => {
    it("unique violations carry code 23505, the constraint, table and detail", async () => {
      const table = uniqueName("users");
      await sql.query(`create table ${table} (email text constraint ${table}_email_key unique)`);
      await sql.query(`insert into ${table} values ($1)`, ["taken@example.com"]);
      const error = await neonError(sql.query(`insert into ${table} values ($1)`, ["taken@example.com"]));
      expect(error).toMatchObject({ code: "23505", constraint: `${table}_email_key`, table, severity: "ERROR" });
      expect(error.detail).toContain("already exists");
    });

    it("not-null violations name the column", async () => {
      const table = uniqueName("t");
      await sql.query(`create table ${table} (name text not null)`);
      const error = await neonError(sql.query(`insert into ${table} values (null)`));
      expect(error).toMatchObject({ code: "23502", column: "name", table });
    });

    it("syntax errors carry their position", async () => {
      const error = await neonError(sql.query("selec 1"));
      expect(error.code).toBe("42601");
      expect(error.position).toBe("1");
    });
  });
});
