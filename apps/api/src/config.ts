import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').default('postgres://postgres@127.0.0.1:5432/sitroom'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, 'letters, digits, "_", "-" or "." only').default('sitroom'),
  /** Optional: when set, cookies are also signed with it. Sessions are random tokens stored hashed. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  /** How often each API process checks its live sockets' sessions (expired, or the user's roles or desk changed). */
  LIVE_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  COOKIE_SECURE: bool.default(true),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DASHBOARD_DIR: z.string().default(fileURLToPath(new URL('../../dashboard/dist', import.meta.url))),
  TRUST_PROXY: bool.default(false),
  /** Comma-separated origins allowed to call the API from a browser (besides its own); empty: none. */
  CORS_ORIGINS: z.string().default('').transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean)),
  /** Reports accepted per minute per API key (or signed-in user), and per client address. */
  RATE_LIMIT_REPORTS_PER_KEY: z.coerce.number().int().min(1).default(6_000),
  RATE_LIMIT_REPORTS_PER_IP: z.coerce.number().int().min(1).default(12_000),
  /** When set, /metrics requires "Authorization: Bearer <METRICS_TOKEN>". */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Named as the author of published rebuttals in ClaimReview and the public feed. */
  PUBLISHER_NAME: z.string().trim().min(1).max(200).default('Electoral management body'),
});

export type ApiConfig = Readonly<z.infer<typeof EnvSchema>>;

/** Parses the API's environment once, at boot; a bad value stops the process with a readable message. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof z.input<typeof EnvSchema>, string>> = {}): ApiConfig {
  const parsed = EnvSchema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid API configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
