import path from 'node:path';
import { z } from 'zod';

// Validated once at start: a bad setting fails fast with a message naming the variable.
// An empty variable counts as unset (shells and CI templates often export VAR=).
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  DATABASE_URL: optional(z.string().url()),
  DATA_DIR: z.string().min(1).default('.data'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  ADMIN_USERNAME: z.string().min(1).default('admin'),
  ADMIN_PASSWORD: optional(z.string().min(8, 'ADMIN_PASSWORD must have at least 8 characters')),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  PUBLIC_URL: optional(z.string().url()),
  // Participant starts per minute per client address (0 = no limit, as a load test from one address needs).
  START_RATE_LIMIT: z.coerce.number().int('START_RATE_LIMIT must be a whole number').min(0, 'START_RATE_LIMIT must be 0 or more').default(30),
  // Behind a reverse proxy: take the client address from the first X-Forwarded-For entry instead of the last.
  TRUST_PROXY: z.enum(['0', '1']).default('0'),
  // Where stored images live: postgres (default) or s3://bucket/prefix (server/storage/store.ts).
  IMAGE_STORE: z.string().regex(/^(postgres|s3:\/\/.+)$/, 'IMAGE_STORE must be postgres or s3://bucket/prefix').default('postgres'),
  // Per-process cache of stored images, in MB.
  IMAGE_CACHE_MB: z.coerce.number().int('IMAGE_CACHE_MB must be a whole number').min(1).max(65536).default(64),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function env(): Env {
  cached ??= readEnv();
  return cached;
}

export function dataDir(): string {
  return path.resolve(env().DATA_DIR);
}
