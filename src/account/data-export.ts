/**
 * "Download my data" (GDPR Art. 15 and 20): one JSON document with everything held about the caller. The
 * small sections are read before the first byte, so a database that fails then gets its 503; the large
 * ones stream a page of 1,000 rows per round trip, so neither the Worker nor the client holds the whole
 * document. A failure once streaming has begun aborts the body: the client sees a broken download, never
 * a document that looks whole and is not.
 */
import type { Caller } from "../caller/caller";
import type { Database } from "../db/client";
import { describeError, logEvent } from "../errors/log";
import { EXPORT_PAGE_SIZE, PAGED_SECTIONS, wholeSections } from "./export-sections";

/** Names the document's layout, for whoever reads exports later. */
export const EXPORT_FORMAT = "persona-edge-export/1";

type Head = NonNullable<Awaited<ReturnType<typeof wholeSections>>>;

async function* documentChunks(db: Database, userId: string, head: Head): AsyncGenerator<string> {
  const opening = JSON.stringify({ format: EXPORT_FORMAT, exported_at: new Date().toISOString(), ...head });
  // The object without its closing brace: the streamed sections follow as further keys.
  yield opening.slice(0, -1);
  for (const [name, read] of PAGED_SECTIONS) {
    yield `,${JSON.stringify(name)}:[`;
    let cursor: string | undefined;
    let first = true;
    do {
      const page = await read(db, userId, { limit: EXPORT_PAGE_SIZE, cursor });
      if (page.items.length > 0) {
        yield `${first ? "" : ","}${page.items.map((item) => JSON.stringify(item)).join(",")}`;
        first = false;
      }
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    yield "]";
  }
  yield "}";
}

/** The export's body, or null when the account is gone. Reads the small sections before answering. */
export async function exportStream(db: Database, caller: Caller, requestId: string) {
  const head = await wholeSections(db, caller);
  if (!head) return null;
  const chunks = documentChunks(db, caller.user.id, head);
  const encoder = new TextEncoder();
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    // Pulled: the next page is read only when the client has taken the last one.
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // The client went away mid-page: nothing failed.
        if (cancelled) return;
        logEvent("error", {
          request_id: requestId,
          source: "data-export",
          message: "export aborted",
          error: describeError(error),
        });
        controller.error(error);
      }
    },
    async cancel() {
      cancelled = true;
      await chunks.return(undefined);
    },
  });
}
