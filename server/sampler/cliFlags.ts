/**
 * Command-line flags → a sampler configuration input, for `npm run generate` and `npm run bench:sampler`.
 * Flags use the reference implementation's parameter names (--sample_ratio, --error_reset_steps 12,20, …),
 * with a few short aliases (--steps, --guidance, --ratio, --mode). Values are only converted here; the
 * configuration schema validates them.
 */
import type { SamplerConfigInput } from './config';

const NUMERIC = [
  'num_inference_steps',
  'guidance_scale',
  'shift',
  'sample_ratio',
  'scheduler_start_step',
  'scheduler_end_step',
  'high_ratio',
  'starvation_scale',
  'skip_num_step',
  'skip_num_step_length',
  'skip_num_granularity',
] as const;
const ALIASES: Record<string, (typeof NUMERIC)[number] | 'selection_mode'> = {
  steps: 'num_inference_steps',
  guidance: 'guidance_scale',
  ratio: 'sample_ratio',
  mode: 'selection_mode',
};

/** parseArgs option descriptors for every configuration flag (all strings). */
export const configFlagOptions = Object.fromEntries(
  [...NUMERIC, 'error_reset_steps', 'metric', 'selection_mode', ...Object.keys(ALIASES)].map((name) => [name, { type: 'string' as const }]),
);

function toNumber(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new Error(`--${flag} expects a number, got "${value}"`);
  return n;
}

export function configFromFlags(values: Record<string, unknown>): SamplerConfigInput {
  const out: Record<string, unknown> = {};
  for (const [flag, raw] of Object.entries(values)) {
    if (typeof raw !== 'string') continue;
    const key: string = ALIASES[flag] ?? flag;
    if ((NUMERIC as readonly string[]).includes(key)) out[key] = toNumber(flag, raw);
    else if (key === 'error_reset_steps') out[key] = raw.trim() === '' ? [] : raw.split(',').map((s) => toNumber(flag, s.trim()));
    else if (key === 'metric' || key === 'selection_mode') out[key] = raw;
  }
  return out as SamplerConfigInput;
}

/** `--provider auto|cpu|cuda|webgpu` for every sampler CLI; unset: SAMPLER_PROVIDER, else auto (onnxModel.ts). */
export const providerFlagOption = { provider: { type: 'string' as const } };
const PROVIDERS = ['auto', 'cpu', 'cuda', 'webgpu'] as const;

export function providerFromFlag(value: string | undefined): (typeof PROVIDERS)[number] | undefined {
  if (value === undefined) return undefined;
  if (!(PROVIDERS as readonly string[]).includes(value)) throw new Error(`--provider must be ${PROVIDERS.join(', ')}; got "${value}"`);
  return value as (typeof PROVIDERS)[number];
}
