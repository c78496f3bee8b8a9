/**
 * Cursors of lists read newest first (interactions, notifications): the last item's time and uuid, opaque
 * to clients, so a page never repeats or skips an item however many arrive meanwhile.
 */
import { and, type Column, eq, lt, or, type SQL } from "drizzle-orm";
import { base64url } from "jose";
import { z } from "zod";
import { ApiError } from "../errors/api-error";

/** `?limit=&cursor=` of such a list. */
export const pageQuerySchema = z.object({
  limit: z.coerce
    .number({ error: "expected a number from 1 to 100" })
    .int({ error: "expected a whole number from 1 to 100" })
    .min(1, { error: "expected a number from 1 to 100" })
    .max(100, { error: "expected a number from 1 to 100" })
    .default(20),
  cursor: z.string().max(200).optional(),
});

export interface PageCursor {
  createdAt: Date;
  id: string;
}

export function encodeCursor({ createdAt, id }: PageCursor): string {
  return base64url.encode(JSON.stringify([createdAt.toISOString(), id]));
}

export function decodeCursor(cursor: string): PageCursor {
  try {
    const [createdAt, id] = JSON.parse(new TextDecoder().decode(base64url.decode(cursor))) as [string, string];
    const date = new Date(createdAt);
    if (Number.isNaN(date.getTime()) || typeof id !== "string" || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error();
    return { createdAt: date, id };
  } catch {
    throw new ApiError("VALIDATION_FAILED", "The cursor is not one this API issued.", {
      errors: [{ location: "query.cursor", message: "expected a next_cursor value from a previous page" }],
    });
  }
}

/** Rows after the cursor in newest-first order (by time, then id); no condition for the first page. */
export function pastCursor(cursor: string | undefined, createdAt: Column, id: Column): SQL | undefined {
  if (!cursor) return undefined;
  const after = decodeCursor(cursor);
  return or(lt(createdAt, after.createdAt), and(eq(createdAt, after.createdAt), lt(id, after.id)));
}

/** A page from rows read with `limit + 1`, newest first: its items, and the next page's cursor if there is one. */
export function pageOf<Row extends PageCursor, Item>(rows: Row[], limit: number, view: (row: Row) => Item) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(view), next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}
