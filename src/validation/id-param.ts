/** A path parameter holding one of Better Auth's ids (user, session). */
import { z } from "zod";

/** Better Auth's ids are 32 letters and digits; anything else (NUL, `%ED%A0%80`, spaces) is no id. */
export function idParamSchema(kind: string) {
  return z.object({ id: z.string().regex(/^[\w-]{1,128}$/, { error: `expected a ${kind} id` }) });
}
