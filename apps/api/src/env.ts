import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const integerFromText = (name: string, { min, fallback }: { min: number; fallback: number }) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min) {
        ctx.addIssue({ code: 'custom', message: `${name} must be an integer ≥ ${min} (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    });

const numberFromText = (name: string, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const parsed = Number(value);
      if (!Number.isFinite(parsed)) {
        ctx.addIssue({ code: 'custom', message: `${name} must be a number (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    });

const booleanFromText = (name: string, fallback: boolean) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const normalised = value.toLowerCase();
      if (normalised === 'true' || normalised === '1') return true;
      if (normalised === 'false' || normalised === '0') return false;
      ctx.addIssue({ code: 'custom', message: `${name} must be true or false (got "${value}")` });
      return z.NEVER;
    });

const databaseUrl = optionalText.refine(
  (value) => value === undefined || /^postgres(ql)?:\/\/.+/.test(value),
  'DATABASE_URL must be a postgres:// or postgresql:// URL',
);

const httpUrl = optionalText.refine(
  (value) => value === undefined || URL.canParse(value),
  'LOOP_URL must be an absolute URL such as https://loop.example.com',
);

const envSchema = z.object({
  NODE_ENV: optionalText,
  PORT: integerFromText('PORT', { min: 1, fallback: 4242 }).refine((port) => port <= 65535, 'PORT must be ≤ 65535'),
  DATABASE_URL: databaseUrl,
  LOOP_DB_DRIVER: z
    .enum(['pglite', 'postgres', 'neon'], { error: 'LOOP_DB_DRIVER must be one of pglite, postgres, neon' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOOP_DATA_DIR: optionalText,
  // The node server brings the schema up to date before it listens unless told not to (ADR 0023).
  LOOP_MIGRATE_ON_START: booleanFromText('LOOP_MIGRATE_ON_START', true),
  /** A built dashboard to serve at /app/ instead of apps/web/dist (which `npm start` builds when stale). */
  LOOP_DASHBOARD_DIR: optionalText,
  /** `off` skips the build-when-stale step of `npm start` (`npm run dev` sets it: Vite serves the dashboard there). */
  LOOP_DASHBOARD_BUILD: z
    .enum(['auto', 'off'], { error: 'LOOP_DASHBOARD_BUILD must be auto or off' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOOP_API_KEY: optionalText.refine(
    (value) => value === undefined || value.length >= 16,
    'LOOP_API_KEY must be at least 16 characters long',
  ),
  LOOP_URL: httpUrl,
  GITHUB_WEBHOOK_SECRET: optionalText,
  SENTRY_CLIENT_SECRET: optionalText,
  POSTHOG_WEBHOOK_SECRET: optionalText,
  CORS_ORIGINS: optionalText.transform((value) =>
    value === undefined
      ? []
      : value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
  ),
  DISPATCH_LEASE_SECONDS: integerFromText('DISPATCH_LEASE_SECONDS', { min: 1, fallback: 1800 }),
  LOOP_BODY_LIMIT_BYTES: integerFromText('LOOP_BODY_LIMIT_BYTES', { min: 1, fallback: 1024 * 1024 }),
  PROMPT_REVIEW_THRESHOLD: numberFromText('PROMPT_REVIEW_THRESHOLD', 3.5),
  PROMPT_REVIEW_MIN_COUNT: integerFromText('PROMPT_REVIEW_MIN_COUNT', { min: 1, fallback: 5 }),
  PROMPT_REFRESH_REVIEW_COUNT: integerFromText('PROMPT_REFRESH_REVIEW_COUNT', { min: 1, fallback: 15 }),
});

export type Env = z.output<typeof envSchema>;
export type RawEnv = Record<string, string | undefined>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Validates the environment once, at start-up; every bad variable gets its own line. */
export function parseEnv(raw: RawEnv): Env {
  const result = envSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.');
    return issue.message.startsWith(variable) ? issue.message : `${variable}: ${issue.message}`;
  });
  throw new EnvError(problems);
}
