import { describe, expect, it } from 'vitest';
import { evalTable, tableLine, tableMarkdown, type PromptResult, type SettingSpec } from '@/server/quality/evalTable';
import { fitGaussian } from '@/server/quality/frechet';

const settings: SettingSpec[] = [
  { name: 'dense 28 steps', mode: 'dense', steps: 28 },
  { name: 'RAS 50 %', mode: 'ras', steps: 28, ratio: 0.5 },
];

function prompt(index: number, denseMs: number, rasMs: number, rasTop5: boolean, shift: number): PromptResult {
  return {
    index,
    caption: `c${index}`,
    label: 0,
    seed: index,
    results: [
      { setting: 'dense 28 steps', ms: denseMs, top1: true, top5: true, features: [index, index * 2] },
      { setting: 'RAS 50 %', ms: rasMs, top1: false, top5: rasTop5, features: [index + shift, index * 2 + shift], psnr: 20 + index, ssim: 0.5 },
    ],
  };
}

describe('evalTable', () => {
  const prompts = [prompt(1, 2000, 1000, true, 0), prompt(2, 3000, 2000, false, 0), prompt(3, 1000, 400, true, 0)];
  const reference = fitGaussian(prompts.map((p) => p.results[0]!.features));

  it('reports median time, paired speedup, recognition and fidelity per setting', () => {
    const [dense, ras] = evalTable(settings, prompts, reference);
    expect(dense!.medianMs).toBe(2000);
    expect(dense!.speedup).toBe(1);
    expect(dense!.top5).toBe(1);
    expect(dense!.psnr).toBeNull();
    expect(ras!.medianMs).toBe(1000);
    expect(ras!.speedup).toBe(2); // median of 2, 1.5, 2.5
    expect(ras!.top5).toBeCloseTo(2 / 3, 12);
    expect(ras!.top1).toBe(0);
    expect(ras!.psnr).toBeCloseTo(22, 12);
  });

  it('measures the Fréchet distance to the reference: zero for the same features, positive when shifted', () => {
    expect(Math.abs(evalTable(settings, prompts, reference)[0]!.frechet)).toBeLessThan(1e-9);
    const shifted = [prompt(1, 1, 1, true, 3), prompt(2, 1, 1, true, 3), prompt(3, 1, 1, true, 3)];
    expect(evalTable(settings, shifted, reference)[1]!.frechet).toBeCloseTo(18, 8); // |(3, 3)|², same covariance
  });

  it('refuses a prompt without one of the settings, and a table not led by dense', () => {
    const missing = [{ ...prompts[0]!, results: prompts[0]!.results.slice(0, 1) }, ...prompts.slice(1)];
    expect(() => evalTable(settings, missing, reference)).toThrow(/lacks setting RAS 50 %/);
    expect(() => evalTable(settings.slice(1), prompts, reference)).toThrow(/dense reference/);
  });

  it('prints a markdown table and a key=value line', () => {
    const rows = evalTable(settings, prompts, reference);
    const real = { prompts: 3, top1: 0.9, top5: 1, frechet: 0 };
    expect(tableMarkdown(rows, real)).toContain('| RAS 50 % | 28 | 1000 ms | 2.00× | 0.0 % | 66.7 % |');
    expect(tableLine(rows, real)).toContain('RAS_50_%:speedup=2.000');
  });
});
