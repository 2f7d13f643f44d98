import { resolve } from 'node:path';
import { z } from 'zod';

/** Every setting is an environment variable; README.md documents each one. */
const Env = z.object({
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_USERNAME: z.string().min(3).default('admin'),
  ADMIN_PASSWORD: z.string().min(10).optional(),
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  DEMO_MEMBERS: z.coerce.number().int().min(0).default(20_000),
  DEMO_PROVINCE: z
    .string()
    .regex(/^\d{2}$/)
    .default('08'),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(60),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).default(1024),
  UPLOAD_RETENTION_DAYS: z.coerce.number().min(0).default(7),
  /** Worker threads judging members in a large full re-check; unset: every core but two, at most 4 (judge-pool.ts). */
  RECHECK_WORKERS: z.coerce.number().int().min(0).max(64).optional(),
});

export type Config = z.infer<typeof Env> & { dataDir: string };

/** The names of every setting (README.md's configuration table lists each). */
export const CONFIG_VARIABLES = Object.keys(Env.shape);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: resolve(parsed.data.DATA_DIR) };
}
