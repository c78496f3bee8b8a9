/**
 * Cursors of lists read newest first (interactions, notifications): the last item's time and uuid, opaque
 * to clients, so a page never repeats or skips an item however many arrive meanwhile.
 */
import { base64url } from "jose";
import { ApiError } from "../errors/api-error";

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
