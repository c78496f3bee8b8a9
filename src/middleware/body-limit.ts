/**
 * Refuses request bodies over 64 KiB with 413 before anything reads them: the largest legitimate body (an
 * interaction with 8 KB of metadata) is far below it, and nothing downstream has to cope with a megabyte.
 */
import { bodyLimit as honoBodyLimit } from "hono/body-limit";
import { ApiError } from "../errors/api-error";

export const MAX_BODY_BYTES = 64 * 1024;

export const bodyLimit = honoBodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `Request bodies are limited to ${MAX_BODY_BYTES / 1024} KiB.`);
  },
});
