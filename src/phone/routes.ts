/**
 * /api/user/phone: a signed-in user adds or changes a phone number by proving it with a texted code
 * (Better Auth's phone-number plugin keeps the code: 6 digits, 5 minutes, 3 tries), or removes it.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { requireCaller } from "../caller/middleware";
import { reissueCredential } from "../caller/reissue";
import type { CallerEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { isAuthApiError } from "../errors/auth-errors";
import { json, problems, sessionSecurity } from "../openapi/describe";
import { validate } from "../validation/validate";
import { PHONE_CODE_ATTEMPTS, PHONE_CODE_SECONDS } from "./codes";
import { isPhoneNumberTaken, setVerifiedPhone } from "./queries";
import { phoneCodeRequestSchema, phoneCodeSentSchema, phoneSchema, phoneVerifyBodySchema } from "./schemas";

/** The plugin's refusals of a code, as ours: a wrong or stale code names the field; used-up tries are 403. */
function codeRefused(error: unknown): ApiError | undefined {
  if (!isAuthApiError(error)) return undefined;
  const code = (error.body as { code?: string } | undefined)?.code;
  if (code === "TOO_MANY_ATTEMPTS") {
    return new ApiError("TOO_MANY_ATTEMPTS", "Too many wrong codes: request a new one.");
  }
  if (code === "INVALID_OTP" || code === "OTP_EXPIRED" || code === "OTP_NOT_FOUND") {
    return new ApiError("VALIDATION_FAILED", "The code is wrong or has expired.", {
      errors: [
        { location: "body.code", message: "wrong or expired; request a new code if it is older than 5 minutes" },
      ],
    });
  }
  return undefined;
}

async function answer(c: Context<CallerEnv>, phoneNumber: string | null) {
  const { caller } = c.var;
  await reissueCredential(c, { ...caller, user: { ...caller.user, phoneNumberVerified: phoneNumber !== null } });
  return c.json({ phone_number: phoneNumber, phone_verified: phoneNumber !== null });
}

export const phoneRoutes = new Hono<CallerEnv>()
  .use(requireCaller)
  .post(
    "/",
    describeRoute({
      tags: ["Account"],
      summary: "Text a code to a phone number, to add or change the caller's",
      description: `The code (6 digits) is valid for ${PHONE_CODE_SECONDS / 60} minutes and ${PHONE_CODE_ATTEMPTS} tries; prove it at POST /api/user/phone/verify. Until then the account keeps its current number.`,
      security: sessionSecurity,
      responses: { 202: json("Code sent", phoneCodeSentSchema), ...problems(400, 401, 429) },
    }),
    validate("json", phoneCodeRequestSchema),
    async (c) => {
      await c.var.auth.api.sendPhoneNumberOTP({ body: { phoneNumber: c.req.valid("json").phone_number } });
      return c.json({ success: true as const, expires_in: PHONE_CODE_SECONDS }, 202);
    },
  )
  .post(
    "/verify",
    describeRoute({
      tags: ["Account"],
      summary: "Prove the texted code: the number becomes the caller's, verified",
      security: sessionSecurity,
      responses: { 200: json("The caller's number, verified", phoneSchema), ...problems(400, 401, 403, 409, 429) },
    }),
    validate("json", phoneVerifyBodySchema),
    async (c) => {
      const { phone_number, code } = c.req.valid("json");
      try {
        await c.var.auth.api.consumePhoneNumberOTP({ body: { phoneNumber: phone_number, code } });
        await setVerifiedPhone(c.var.db, c.var.caller.user.id, phone_number);
      } catch (error) {
        if (isPhoneNumberTaken(error)) {
          throw new ApiError("PHONE_NUMBER_TAKEN", "This number belongs to another account.");
        }
        throw codeRefused(error) ?? error;
      }
      return answer(c, phone_number);
    },
  )
  .delete(
    "/",
    describeRoute({
      tags: ["Account"],
      summary: "Remove the caller's phone number",
      security: sessionSecurity,
      responses: { 200: json("No number now", phoneSchema), ...problems(401) },
    }),
    async (c) => {
      await setVerifiedPhone(c.var.db, c.var.caller.user.id, null);
      return answer(c, null);
    },
  );
