/**
 * Rate limiting for the routes in ./rules.ts, in front of our routes and Better Auth's alike,
 * counted in the database so every isolate sees one count (see docs/architecture.md, "Rate limiting").
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../env";
import { ApiError } from "../errors/api-error";
import { emailSchema } from "../validation/fields";
import { type Counter, consume } from "./consume";
import { counterKey } from "./keys";
import type { RateLimitRule } from "./rules";

const bodyWithEmail = z.object({ email: emailSchema });

/**
 * The client's address as Cloudflare's edge saw it. Only `cf-connecting-ip`: the edge sets it and clients
 * cannot; `X-Forwarded-For` and friends are whatever the client wants them to be.
 */
function clientIp(c: Context<AppEnv>): string | undefined {
  const ip = c.req.header("cf-connecting-ip")?.trim();
  return ip && /^[0-9a-f.:]{2,45}$/i.test(ip) ? ip : undefined;
}

/**
 * The body's `email`, normalised by the schema that normalises it everywhere else; undefined for a body
 * without a valid one (validation answers that, and no account has such an address).
 */
async function bodyEmail(c: Context<AppEnv>): Promise<string | undefined> {
  if (!/^application\/([\w.-]+\+)?json\b/i.test(c.req.header("content-type") ?? "")) return undefined;
  try {
    const body: unknown = await c.req.raw.clone().json();
    const parsed = bodyWithEmail.safeParse(body);
    return parsed.success ? parsed.data.email : undefined;
  } catch {
    // Not JSON: validation answers it; there is no address to count.
    return undefined;
  }
}

/** Counts the request against `rule`; mounted on the rule's own routes (src/app.ts), so no other request pays for it. */
export const rateLimited = (rule: RateLimitRule) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!c.var.config.rateLimit) return next();
    const secret = c.var.config.authSecret;
    const counters: Counter[] = [];
    const ip = clientIp(c);
    if (ip) counters.push({ key: await counterKey(secret, rule.name, "ip", ip), ...rule.perIp });
    const email = rule.perEmail ? await bodyEmail(c) : undefined;
    if (rule.perEmail && email)
      counters.push({ key: await counterKey(secret, rule.name, "email", email), ...rule.perEmail });

    const decision = await consume(c.var.db, counters);
    if (!decision.allowed) {
      throw new ApiError("RATE_LIMITED", `Too many attempts; retry in ${decision.retryAfter} s.`, {
        headers: { "retry-after": String(decision.retryAfter) },
      });
    }
    await next();
  });
