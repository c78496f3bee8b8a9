/** The endpoint's counters, which the benchmark and the round-trip tests read. */
import { neon } from "@neondatabase/serverless";
import { describe, expect, it } from "vitest";
import "../../src/db/neon-endpoint";
import { databaseUrlFor, endpointStats } from "../helpers/neon-local";
import { uniqueName } from "../helpers/unique-name";

describe("request counters", () => {
  it("count requests, statements and batches per application_name", async () => {
    const application = uniqueName("stats");
    const sql = neon(databaseUrlFor(application));
    await sql`select 1`;
    await sql.transaction([sql`select 1`, sql`select 2`, sql`select 3`]);
    await sql`select nope`.catch(() => undefined);

    const { byApplication, requests } = await endpointStats();
    expect(byApplication[application]).toEqual({ requests: 3, statements: 5, batches: 1, errors: 1 });
    expect(requests).toBeGreaterThanOrEqual(3);
  });
});
