import { describe, expect, it } from 'vitest';
import { parseSamplerConfig } from '@/server/sampler/config';
import { densePlan, idealSpeedup, idealSpeedupTokens, rasPlan } from '@/server/sampler/rasSchedule';

const denseIndices = (dense: readonly boolean[]) => dense.flatMap((d, i) => (d ? [i] : []));

describe('rasPlan', () => {
  it('SD3 example (28 steps): warm-up 0–3 and resets 12, 20 dense; ⌊(1 − r)·N⌋ dropped elsewhere', () => {
    const plan = rasPlan(parseSamplerConfig({}, { preset: 'sd3Example' }), 4096);
    expect(denseIndices(plan.dense)).toEqual([0, 1, 2, 3, 12, 20]);
    expect(plan.skip).toEqual(Array.from({ length: 28 }, (_, i) => ([0, 1, 2, 3, 12, 20].includes(i) ? 0 : 2048)));
    const small = rasPlan(parseSamplerConfig({ sample_ratio: 0.25 }, { preset: 'sd3Example' }), 256);
    expect(new Set(small.skip.filter((s) => s > 0))).toEqual(new Set([192]));
  });

  it('Lumina example (30 steps, 4096 tokens, Δ 256, L 4): the reference ramp, dense steps zeroed', () => {
    const plan = rasPlan(parseSamplerConfig({}, { preset: 'luminaExample' }), 4096);
    // block b = ⌊i/4⌋, centre ⌊⌊(30 + 4)/4⌋/2⌋ = 4, skip = 2048 + 256·(b − 4), rounded down to 64
    // prettier-ignore
    const expected = [
      0, 0, 0, 0,               // warm-up (block 0 would be 1024)
      1280, 1280, 1280, 1280,   // block 1
      1536, 1536, 1536, 1536,   // block 2
      0, 1792, 1792, 1792,      // block 3, step 12 reset
      2048, 2048, 2048, 2048,   // block 4
      2304, 2304, 0, 2304,      // block 5, step 22 reset
      2560, 2560, 2560, 2560,   // block 6
      2816, 2816,               // block 7
    ];
    expect(plan.skip).toEqual(expected);
    expect(denseIndices(plan.dense)).toEqual([0, 1, 2, 3, 12, 22]);
  });

  it('rounds the ramp down to the granularity and clamps it to [0, N]', () => {
    const c = parseSamplerConfig({ num_inference_steps: 12, scheduler_start_step: 0, error_reset_steps: [], sample_ratio: 0.5, skip_num_step: 100, skip_num_step_length: 2, skip_num_granularity: 16 });
    // avg 128, centre ⌊⌊12/2⌋/2⌋ = 3: 128 + 100·(b − 3) → -172, -72, 28, 128, 228, 328 → ⌊/16⌋·16, clamped
    expect(rasPlan(c, 256).skip).toEqual([0, 0, 0, 0, 16, 16, 128, 128, 224, 224, 256, 256]);
  });

  it('makes steps from scheduler_end_step on dense, and everything dense at ratio 1', () => {
    const c = parseSamplerConfig({ num_inference_steps: 10, error_reset_steps: [6], scheduler_start_step: 2, scheduler_end_step: 8 });
    expect(denseIndices(rasPlan(c, 64).dense)).toEqual([0, 1, 6, 8, 9]);
    const full = rasPlan(parseSamplerConfig({ sample_ratio: 1, skip_num_step: 64, skip_num_step_length: 4 }), 256);
    expect(full.dense.every(Boolean)).toBe(true);
    expect(full.skip.every((s) => s === 0)).toBe(true);
  });

  it('gives the spec’s ideal speedups for the SD3 example', () => {
    const ideal = (r: number) => idealSpeedup(rasPlan(parseSamplerConfig({ sample_ratio: r }, { preset: 'sd3Example' }), 256), r);
    expect(ideal(0.5)).toBeCloseTo(1.65, 2);
    expect(ideal(0.25)).toBeCloseTo(2.43, 2);
    expect(ideal(0.125)).toBeCloseTo(3.2, 2);
    const plan = rasPlan(parseSamplerConfig({ sample_ratio: 0.5 }, { preset: 'sd3Example' }), 256);
    expect(idealSpeedupTokens(plan, 256)).toBeCloseTo(ideal(0.5), 12);
    expect(idealSpeedup(densePlan(28), 1)).toBe(1);
  });
});
