import { describe, expect, it } from 'vitest';
import { FrontierGridError, PAPER_GRID, frontierGrid, parseList } from '@/server/quality/frontierGrid';
import { scaledSchedule } from '@/server/generation/settings';

const paper = { ...PAPER_GRID, warmup: 'scaled' as const, preset: 'sd3AuthorsRun' as const };

function refusal(spec: Parameters<typeof frontierGrid>[0]): string[] {
  try {
    frontierGrid(spec);
  } catch (e) {
    expect(e).toBeInstanceOf(FrontierGridError);
    return (e as FrontierGridError).problems;
  }
  throw new Error('the grid was accepted');
}

describe('the frontier grid', () => {
  it("is the paper's: 12 dense step counts and 6 RAS step counts × 4 ratios", () => {
    const points = frontierGrid(paper);
    expect(points.filter((p) => p.method === 'dense').map((p) => p.steps)).toEqual([3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 28, 30]);
    const ras = points.filter((p) => p.method === 'ras');
    expect(ras).toHaveLength(24);
    expect(new Set(ras.map((p) => p.ratio))).toEqual(new Set([0.75, 0.5, 0.25, 0.125]));
    expect(points.find((p) => p.name === 'dense 10 steps')!.config).toEqual({ num_inference_steps: 10, scheduler_start_step: 0, error_reset_steps: [] });
  });

  it('scales warm-up and reset steps as the generation form does: round(x · T / 28), resets after the warm-up and before the end', () => {
    const byName = new Map(frontierGrid(paper).map((p) => [p.name, p]));
    const expected: Record<number, [number, number[]]> = { 5: [1, [2, 4]], 6: [1, [3, 4]], 7: [1, [3, 5]], 10: [1, [4, 7]], 15: [2, [6, 11]], 30: [4, [13, 21]] };
    for (const [steps, [warmup, resets]] of Object.entries(expected)) {
      const p = byName.get(`RAS ${steps} steps 25 %`)!;
      expect([p.warmup, p.resets]).toEqual([warmup, resets]);
      expect(p.config).toMatchObject({ num_inference_steps: Number(steps), scheduler_start_step: warmup, error_reset_steps: resets, sample_ratio: 0.25 });
      // the same function the generation form uses
      expect(scaledSchedule({ preset: 'sd3AuthorsRun', steps: Number(steps) })).toEqual({ num_inference_steps: Number(steps), scheduler_start_step: warmup, error_reset_steps: resets });
    }
    // at the preset's own step count the preset's schedule
    const at28 = frontierGrid({ ...paper, rasSteps: [28] }).find((p) => p.method === 'ras')!;
    expect([at28.warmup, at28.resets]).toEqual([4, [12, 20]]);
  });

  it('refuses a RAS step count smaller than its warm-up, naming the point', () => {
    const problems = refusal({ ...paper, rasSteps: [3, 10], ratios: [0.5], warmup: 4 });
    expect(problems).toEqual(['RAS 3 steps 50 %: 3 total steps are fewer than its 4 warm-up steps, which leaves no selective step']);
    expect(refusal({ ...paper, rasSteps: [4], ratios: [0.25], warmup: 4 })[0]).toMatch(/^RAS 4 steps 25 %: 4 total steps do not exceed its 4 warm-up steps/);
    // a fixed warm-up keeps the scaled resets that come after it
    const p = frontierGrid({ ...paper, rasSteps: [10], ratios: [0.5], warmup: 5 }).find((x) => x.method === 'ras')!;
    expect([p.warmup, p.resets]).toEqual([5, [7]]);
  });

  it('refuses a ratio outside (0, 1], naming every bad point', () => {
    const problems = refusal({ ...paper, rasSteps: [5, 7], ratios: [0.5, 1.2, 0] });
    expect(problems).toEqual([
      'RAS 5 steps 120 %: the sampling ratio 1.2 is outside (0, 1]',
      'RAS 5 steps 0 %: the sampling ratio 0 is outside (0, 1]',
      'RAS 7 steps 120 %: the sampling ratio 1.2 is outside (0, 1]',
      'RAS 7 steps 0 %: the sampling ratio 0 is outside (0, 1]',
    ]);
    expect(refusal({ ...paper, ratios: parseList('0.5,-0.25') })[0]).toBe('RAS 5 steps -25 %: the sampling ratio -0.25 is outside (0, 1]');
    expect(refusal({ ...paper, ratios: parseList('0.5,abc') })[0]).toBe('RAS 5 steps NaN %: the sampling ratio NaN is outside (0, 1]');
  });

  it('refuses bad step counts and repeated points; a ratio of 1 is allowed', () => {
    expect(refusal({ ...paper, dense: [0, 2.5, 4, 4] })).toEqual([
      'dense 0 steps: a step count must be an integer in 1 … 200',
      'dense 2.5 steps: a step count must be an integer in 1 … 200',
      'dense 4 steps: listed twice',
    ]);
    expect(frontierGrid({ ...paper, rasSteps: [5], ratios: [1] }).at(-1)!.name).toBe('RAS 5 steps 100 %');
  });
});
