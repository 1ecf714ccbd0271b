import { z } from 'zod';

const optionalUrl = (schemes: string[], example: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .refine((v) => {
      if (v === undefined) return true;
      try {
        return schemes.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

const EnvSchema = z.object({
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'postgres://user:password@127.0.0.1:5432/sitroom'),
  REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "."').default('sitroom'),
  PORT: z.coerce.number({ error: 'must be a port number (1-65535)' }).int('must be a whole number').min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  // Passed through to the API and worker that `sitroom start` spawns; they validate them themselves.
  SESSION_SECRET: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
});

export type CliConfig = Readonly<
  z.output<typeof EnvSchema> & {
    /** The environment the CLI was started with, handed to the processes `start` spawns (PATH, locale…). */
    inheritedEnv: Readonly<Record<string, string>>;
  }
>;

export class ConfigError extends Error {}

/** Parses the environment once; every other module receives the result. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const inheritedEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) inheritedEnv[k] = v;
  return Object.freeze({ ...parsed.data, inheritedEnv: Object.freeze(inheritedEnv) });
}
