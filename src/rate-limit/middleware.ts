/**
 * Rate limiting for the routes in ./rules.ts, in front of our routes and Better Auth's alike,
 * counted in the database so every isolate sees one count (see docs/architecture.md, "Rate limiting").
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { clientIp } from "../request/client-ip";
import { noteSecurityEvent } from "../security-log/request-record";
import { emailSchema, phoneNumberSchema } from "../validation/fields";
import { type Counter, consume } from "./consume";
import { counterKey } from "./keys";
import type { RateLimitRule } from "./rules";

const bodyWithEmail = z.object({ email: emailSchema });
const bodyWithPhone = z.object({ phone_number: phoneNumberSchema });

/**
 * The body's JSON, for the fields a rule counts by; undefined for a body that is not JSON (validation
 * answers it, and it names no account).
 */
async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  if (!/^application\/([\w.-]+\+)?json\b/i.test(c.req.header("content-type") ?? "")) return undefined;
  try {
    return await c.req.raw.clone().json();
  } catch {
    return undefined;
  }
}

/**
 * The body's `email` and `phone_number`, normalised by the schemas that normalise them everywhere else;
 * undefined for one that is not valid (validation answers that, and no account has such an address).
 */
async function bodySubjects(c: Context<AppEnv>, rule: RateLimitRule) {
  if (!rule.perEmail && !rule.perPhone) return {};
  const body = await jsonBody(c);
  const email = rule.perEmail ? bodyWithEmail.safeParse(body) : undefined;
  const phone = rule.perPhone ? bodyWithPhone.safeParse(body) : undefined;
  return {
    email: email?.success ? email.data.email : undefined,
    phone: phone?.success ? phone.data.phone_number : undefined,
  };
}

/** Counts the request against `rule`; mounted on the rule's own routes (src/app.ts), so no other request pays for it. */
export const rateLimited = (rule: RateLimitRule) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.var.config.rateLimit) return next();
    const secret = c.var.config.authSecret;
    const counters: Counter[] = [];
    const ip = clientIp(c.req.raw.headers);
    if (ip) counters.push({ key: await counterKey(secret, rule.name, "ip", ip), ...rule.perIp });
    const { email, phone } = await bodySubjects(c, rule);
    if (rule.perEmail && email)
      counters.push({ key: await counterKey(secret, rule.name, "email", email), ...rule.perEmail });
    if (rule.perPhone && phone)
      counters.push({ key: await counterKey(secret, rule.name, "phone", phone), ...rule.perPhone });

    const decision = await consume(c.var.db, counters);
    if (!decision.allowed) {
      const method = rule.signIns?.[c.req.path];
      if (method && email) {
        // Refusals go on as long as someone tries: one event per window of the per-email limit is the news.
        const window = Math.floor(Date.now() / 1000 / (rule.perEmail?.window ?? rule.perIp.window));
        const once = `${rule.name}:${email}:${window}`;
        noteSecurityEvent({ type: "sign_in_rate_limited", email, detail: { method }, once });
      }
      throw new ApiError("RATE_LIMITED", `Too many attempts; retry in ${decision.retryAfter} s.`, {
        headers: { "retry-after": String(decision.retryAfter) },
      });
    }
    await next();
  });
