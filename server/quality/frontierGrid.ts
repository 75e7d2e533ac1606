/**
 * The grid of the efficiency frontier (the paper's Figure 2(c)(d) and Table 2): dense sampling at many step
 * counts, RAS at a few total step counts × average sampling ratios. Every RAS point's warm-up and error-reset
 * steps are scaled from the preset as the generation form does (`scaledSchedule`: each preset step index
 * times T / preset steps, rounded; resets after the warm-up and before the end, repeats dropped), or the
 * warm-up is fixed by the caller. A grid that cannot run is refused before any compute, naming each bad point.
 */
import { scaledSchedule } from '../generation/settings';
import { presets, type PresetName, type SamplerConfigInput } from '../sampler/config';

/** The paper's grid (Section 4.2 "Pushing the Efficiency Frontier"). */
export const PAPER_GRID = {
  dense: [3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 28, 30],
  rasSteps: [5, 6, 7, 10, 15, 30],
  ratios: [0.75, 0.5, 0.25, 0.125],
} as const;

/** A smoke-test grid: both methods, a few points. */
export const QUICK_GRID = { dense: [3, 5, 10], rasSteps: [5, 10], ratios: [0.5, 0.25] } as const;

export interface GridSpec {
  readonly dense: readonly number[];
  readonly rasSteps: readonly number[];
  readonly ratios: readonly number[];
  /** 'scaled' (the generation form's rule) or a fixed number of dense warm-up steps for every RAS point. */
  readonly warmup: 'scaled' | number;
  readonly preset: PresetName;
}

export interface FrontierPoint {
  /** "dense 10 steps", "RAS 10 steps 25 %". */
  readonly name: string;
  readonly method: 'dense' | 'ras';
  readonly steps: number;
  /** Average sampling ratio of the selective steps; 1 for dense. */
  readonly ratio: number;
  /** Dense warm-up steps and error-reset steps (RAS only; empty / 0 for dense). */
  readonly warmup: number;
  readonly resets: readonly number[];
  /** The sampler settings that differ from the preset (plus the caller's base). */
  readonly config: SamplerConfigInput;
}

export class FrontierGridError extends Error {
  constructor(readonly problems: string[]) {
    super(`the frontier grid cannot run:\n  - ${problems.join('\n  - ')}`);
    this.name = 'FrontierGridError';
  }
}

export const percentLabel = (r: number) => `${Math.round(r * 1000) / 10} %`;
export const denseName = (steps: number) => `dense ${steps} steps`;
export const rasName = (steps: number, ratio: number) => `RAS ${steps} steps ${percentLabel(ratio)}`;

const isStepCount = (x: number) => Number.isInteger(x) && x >= 1 && x <= 200;

/** The points of a grid, dense first (by steps), then RAS by steps and falling ratio; throws FrontierGridError. */
export function frontierGrid(spec: GridSpec): FrontierPoint[] {
  const problems: string[] = [];
  const points: FrontierPoint[] = [];
  for (const steps of spec.dense) {
    if (!isStepCount(steps)) {
      problems.push(`${denseName(steps)}: a step count must be an integer in 1 … 200`);
      continue;
    }
    points.push({ name: denseName(steps), method: 'dense', steps, ratio: 1, warmup: 0, resets: [], config: { num_inference_steps: steps, scheduler_start_step: 0, error_reset_steps: [] } });
  }
  if (typeof spec.warmup === 'number' && !(Number.isInteger(spec.warmup) && spec.warmup >= 0)) problems.push(`warm-up ${spec.warmup}: must be an integer ≥ 0 or "scaled"`);
  for (const steps of spec.rasSteps) {
    for (const ratio of spec.ratios) {
      const name = rasName(steps, ratio);
      if (!isStepCount(steps)) {
        problems.push(`${name}: a step count must be an integer in 1 … 200`);
        continue;
      }
      if (!(Number.isFinite(ratio) && ratio > 0 && ratio <= 1)) {
        problems.push(`${name}: the sampling ratio ${ratio} is outside (0, 1]`);
        continue;
      }
      const { warmup, resets } = schedule(spec, steps);
      if (steps <= warmup) {
        problems.push(`${name}: ${steps} total steps ${steps < warmup ? 'are fewer than' : 'do not exceed'} its ${warmup} warm-up steps, which leaves no selective step`);
        continue;
      }
      points.push({ name, method: 'ras', steps, ratio, warmup, resets, config: { num_inference_steps: steps, scheduler_start_step: warmup, error_reset_steps: [...resets], sample_ratio: ratio } });
    }
  }
  const names = points.map((p) => p.name);
  for (const dup of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`${dup}: listed twice`);
  if (problems.length) throw new FrontierGridError(problems);
  return points;
}

/** Warm-up and resets of a RAS point with T total steps: the generation form's scaling, or a fixed warm-up. */
function schedule(spec: GridSpec, steps: number): { warmup: number; resets: number[] } {
  const preset = presets[spec.preset] as { num_inference_steps: number; scheduler_start_step: number; error_reset_steps: readonly number[] };
  const scaled = scaledSchedule({ preset: spec.preset, steps });
  const warmup0 = scaled.scheduler_start_step ?? preset.scheduler_start_step;
  const resets0 = scaled.error_reset_steps ?? [...preset.error_reset_steps];
  const fixed = spec.warmup;
  if (fixed === 'scaled') return { warmup: warmup0, resets: resets0 };
  return { warmup: fixed, resets: resets0.filter((r) => r > fixed && r < steps) };
}

/** Parse "3,4,5" into numbers (NaN kept, so the grid check names the point). */
export function parseList(text: string): number[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
}
