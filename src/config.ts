/** Parses the Worker's configuration (vars and secrets) once per env object, naming whatever is missing or wrong. */
import { z } from "zod";
import type { Bindings } from "./env";

const postgresUrl = z
  .string({ error: "is required (a postgres:// connection string)" })
  .trim()
  .refine((value) => URL.canParse(value) && /^postgres(ql)?:$/.test(new URL(value).protocol), {
    error: "must be a postgres:// or postgresql:// connection string",
  });

const configSchema = z.object({ DATABASE_URL: postgresUrl }).transform((env) => ({ databaseUrl: env.DATABASE_URL }));

export type Config = z.output<typeof configSchema>;

/** The Worker cannot serve with this configuration; the message names each offending variable. */
export class ConfigurationError extends Error {
  override name = "ConfigurationError";
}

// Isolate-wide: env is the same object for every request an isolate serves, so parsing happens once.
const parsed = new WeakMap<object, Config>();

export function loadConfig(env: Bindings): Config {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigurationError(`invalid configuration: ${problems.join("; ")}`);
  }
  parsed.set(env, result.data);
  return result.data;
}
