/** The wire contract of the admin routes of our own (Better Auth's are under /api/auth/admin). */
import { z } from "zod";
import { idParamSchema } from "../validation/id-param";

export const userIdParamSchema = idParamSchema("user");

export const accountRestoredSchema = z.object({ success: z.literal(true), user_id: z.string() });
