/**
 * RAS schedule (spec §3): which steps are dense and how many tokens each selective step drops.
 * Pure functions of the validated configuration and the token count N.
 *
 * Step i (0-based) is dense when the sample ratio is 1, when i < scheduler_start_step (warm-up),
 * when i ≥ scheduler_end_step (dense tail), or when i is an error-reset step. Every other step is selective.
 * (The reference's manager is off by one at the end step — it marks step `end` as a RAS step but never selects
 * for it — so here `end` is simply the first dense step of the tail.)
 *
 * Skip count of a selective step:
 *  - static (skip_num_step_length = 0): ⌊(1 − r)·N⌋;
 *  - dynamic: the reference's ramp. With avg = ⌊(1 − r)·N⌋, block b = ⌊i / L⌋ and centre
 *    c = ⌊⌊(T + start) / L⌋ / 2⌋: skip = ⌊(avg + Δ·(b − c)) / G⌋·G, clamped to [0, N]
 *    (Δ = skip_num_step, L = skip_num_step_length, G = skip_num_granularity, 64 in the reference).
 */
import type { SamplerConfig } from './config';

type ScheduleConfig = Pick<
  SamplerConfig,
  | 'num_inference_steps'
  | 'sample_ratio'
  | 'scheduler_start_step'
  | 'scheduler_end_step'
  | 'error_reset_steps'
  | 'skip_num_step'
  | 'skip_num_step_length'
  | 'skip_num_granularity'
>;

export interface RasPlan {
  /** Per step: true when every token is processed and the whole cache refreshed. */
  readonly dense: readonly boolean[];
  /** Per step: tokens left out of the forward pass (0 on dense steps). */
  readonly skip: readonly number[];
}

export function isDenseStep(c: ScheduleConfig, step: number): boolean {
  return (
    c.sample_ratio >= 1 ||
    step < c.scheduler_start_step ||
    step >= c.scheduler_end_step ||
    c.error_reset_steps.includes(step)
  );
}

/** ⌊(1 − r)·N⌋, the reference's `avg_skip_token_num`. */
export function averageSkip(sampleRatio: number, tokens: number): number {
  return Math.floor((1 - sampleRatio) * tokens);
}

/** The skip count a selective step would get, before dense steps are zeroed. */
export function rampSkip(c: ScheduleConfig, tokens: number, step: number): number {
  const avg = averageSkip(c.sample_ratio, tokens);
  const L = c.skip_num_step_length;
  if (L === 0) return avg;
  const centre = Math.floor(Math.floor((c.num_inference_steps + c.scheduler_start_step) / L) / 2);
  const raw = avg + c.skip_num_step * (Math.floor(step / L) - centre);
  const G = c.skip_num_granularity;
  return Math.min(tokens, Math.max(0, Math.floor(raw / G) * G));
}

export function rasPlan(c: ScheduleConfig, tokens: number): RasPlan {
  if (!Number.isInteger(tokens) || tokens < 1) throw new RangeError(`token count must be a positive integer, got ${tokens}`);
  const dense: boolean[] = [];
  const skip: number[] = [];
  for (let i = 0; i < c.num_inference_steps; i++) {
    dense.push(isDenseStep(c, i));
    skip.push(dense[i] ? 0 : rampSkip(c, tokens, i));
  }
  return { dense, skip };
}

/** The plan of the dense baseline: every step dense. */
export function densePlan(steps: number): RasPlan {
  return { dense: new Array<boolean>(steps).fill(true), skip: new Array<number>(steps).fill(0) };
}

/** Spec §4: T / (D + (T − D)·r) with D the number of dense steps. */
export function idealSpeedup(plan: RasPlan, sampleRatio: number): number {
  const T = plan.dense.length;
  const D = plan.dense.filter(Boolean).length;
  return T / (D + (T - D) * sampleRatio);
}

/** The same cost model counted in processed tokens: T·N / Σ active_i (equals idealSpeedup for a static ratio when r·N is whole). */
export function idealSpeedupTokens(plan: RasPlan, tokens: number): number {
  const processed = plan.skip.reduce((sum, s) => sum + tokens - s, 0);
  return (plan.skip.length * tokens) / processed;
}
