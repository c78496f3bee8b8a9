/** The one error body every route answers with (RFC 9457 problem details). */
import { z } from "zod";
import { errorCodes } from "./codes";

export const fieldErrorSchema = z.object({
  location: z.string().meta({ example: "body.software_level" }),
  message: z.string(),
});

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
    detail: z.string(),
    message: z.string().describe("The same as detail, for clients that read `message` (Better Auth's)."),
    request_id: z.string(),
    errors: z.array(fieldErrorSchema).optional().describe("On 400 VALIDATION_FAILED: each field at fault."),
  })
  .meta({ id: "Problem" });
