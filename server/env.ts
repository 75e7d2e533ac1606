import path from 'node:path';
import { z } from 'zod';

// Validated once at start: a bad setting fails fast with a message naming the variable.
// An empty variable counts as unset (shells and CI templates often export VAR=).
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

// The sampler's execution provider when none is given (server/sampler/onnxModel.ts reads it too).
export const samplerProviderSchema = optional(z.enum(['auto', 'cpu', 'cuda', 'webgpu'], 'SAMPLER_PROVIDER must be auto, cpu, cuda or webgpu'));

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
  // Connections each process keeps to PostgreSQL; a burst beyond them waits in line (never an error).
  DATABASE_POOL_SIZE: z.coerce.number().int('DATABASE_POOL_SIZE must be a whole number').min(1).max(500).default(20),
  // 1: the web server answers the participant's start/state/vote/image requests itself (server/http/directRoutes.ts);
  // 0: Next does, as every other route (for comparison: docs/performance.md).
  DIRECT_ROUTES: z.enum(['0', '1'], 'DIRECT_ROUTES must be 0 or 1').default('1'),
  // Per-process cache of stored images, in MB.
  IMAGE_CACHE_MB: z.coerce.number().int('IMAGE_CACHE_MB must be a whole number').min(1).max(65536).default(64),
  // S3-compatible store (IMAGE_STORE=s3://…): endpoint (any of the three names), region, path-style addressing.
  S3_ENDPOINT: optional(z.string().url('S3_ENDPOINT must be a URL')),
  AWS_ENDPOINT_URL_S3: optional(z.string().url('AWS_ENDPOINT_URL_S3 must be a URL')),
  AWS_ENDPOINT_URL: optional(z.string().url('AWS_ENDPOINT_URL must be a URL')),
  AWS_REGION: z.preprocess((v) => (v === '' ? undefined : v), z.string().default('us-east-1')),
  S3_FORCE_PATH_STYLE: z.enum(['0', '1'], 'S3_FORCE_PATH_STYLE must be 0 or 1').default('0'),
  // npm start: WORKER=0 runs no generation worker, DEMO=0 creates no demo study, GENERATION_WORKERS processes.
  WORKER: z.enum(['0', '1'], 'WORKER must be 0 or 1').default('1'),
  DEMO: z.enum(['0', '1'], 'DEMO must be 0 or 1').default('1'),
  GENERATION_WORKERS: optional(z.coerce.number().int('GENERATION_WORKERS must be a positive whole number').min(1, 'GENERATION_WORKERS must be a positive whole number')),
  // ONNX threads per sampler session (default: onnxruntime's choice, docs/sampler.md).
  SAMPLER_THREADS: optional(z.coerce.number().int('SAMPLER_THREADS must be a positive whole number').min(1, 'SAMPLER_THREADS must be a positive whole number').max(1024)),
  // Execution provider of the workers' sampler sessions (default auto: CUDA, else a WebGPU GPU, else CPU).
  SAMPLER_PROVIDER: samplerProviderSchema,
  // Generation queue timing, in seconds.
  GENERATION_STALE_SECONDS: z.coerce.number().positive('GENERATION_STALE_SECONDS must be a positive number of seconds').default(300),
  GENERATION_JOB_EXPIRE_SECONDS: z.coerce.number().int('GENERATION_JOB_EXPIRE_SECONDS must be whole seconds').positive('GENERATION_JOB_EXPIRE_SECONDS must be positive').default(900),
  GENERATION_SWEEP_SECONDS: z.coerce.number().positive('GENERATION_SWEEP_SECONDS must be a positive number of seconds').default(30),
  // Pages of other sites that may frame the participant pages (/s/…), space-separated origins, e.g.
  // "https://panel.example https://*.survey.example"; empty: no site may frame any page (docs/security.md).
  FRAME_ANCESTORS: z
    .string()
    .trim()
    .regex(/^((https:\/\/[A-Za-z0-9.*-]+(:\d+)?|'self')(\s+|$))*$/, "FRAME_ANCESTORS must be space-separated https:// origins (or 'self')")
    .default(''),
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
