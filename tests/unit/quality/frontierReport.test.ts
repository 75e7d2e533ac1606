import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { fitGaussian, frechetDistance } from '@/server/quality/frechet';
import { frechetOfResample, prepareFeatures, referenceRoot, symmetricEigenvalues, traceOf } from '@/server/quality/frechetBootstrap';
import { frontierGrid } from '@/server/quality/frontierGrid';
import { frontierReport, reportMarkdown } from '@/server/quality/frontierReport';
import type { FrontierPromptResult, PointRecord } from '@/server/quality/frontierRun';
import { mulberry32 } from '@/server/stats/prng';

const random = mulberry32(7);
const rows = (n: number, d: number, scale = 1, shift = 0) => Array.from({ length: n }, () => Array.from({ length: d }, () => shift + scale * (random() + random() - 1)));

describe('Fréchet distance for the bootstrap', () => {
  it('symmetric eigenvalues agree with ml-matrix', () => {
    const a = Matrix.rand(30, 12, { random });
    const g = a.mmul(a.transpose()).add(Matrix.diag(Array.from({ length: 30 }, (_, i) => i / 10)));
    const want = new EigenvalueDecomposition(g, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => x - y);
    const got = Array.from(symmetricEigenvalues(Float64Array.from(g.to1DArray()), 30)).sort((x, y) => x - y);
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 8));
  });

  it('a resample through the Gram matrix gives frechetDistance of the resampled rows', () => {
    const ref = fitGaussian(rows(200, 10, 1.5));
    const feats = rows(40, 10, 1, 0.3);
    const p = prepareFeatures(feats, referenceRoot(ref));
    const idx = Int32Array.from({ length: 40 }, () => Math.floor(random() * 40));
    const exact = frechetDistance(fitGaussian(Array.from(idx, (i) => feats[i]!)), ref);
    expect(frechetOfResample(p, idx, ref, traceOf(ref.cov, 10))).toBeCloseTo(exact, 6);
    const all = Int32Array.from({ length: 40 }, (_, i) => i);
    expect(frechetOfResample(p, all, ref, traceOf(ref.cov, 10))).toBeCloseTo(frechetDistance(fitGaussian(feats), ref), 6);
  });
});

describe('frontierReport', () => {
  const points = frontierGrid({ dense: [4, 8], rasSteps: [10], ratios: [0.25], warmup: 'scaled', preset: 'sd3AuthorsRun' });
  const ref = fitGaussian(rows(300, 6));
  // dense 4: fast and poor; dense 8: slow and good; RAS 10 25 %: between them in speed and better than dense 4
  const record = (point: string, ms: number, good: boolean, i: number): PointRecord => ({
    point, ms, cpuMs: ms, tokens: 1, top1: good, top5: good || i % 3 === 0, prob: good ? 0.6 : 0.1, features: rows(1, 6, good ? 1 : 3)[0]!,
  });
  const results: FrontierPromptResult[] = Array.from({ length: 30 }, (_, i) => ({
    index: i, prompt: `p${i}`, label: 0, seed: i,
    results: [record('dense 4 steps', 100 + (i % 5), false, i), record('dense 8 steps', 200 + (i % 7), true, i), record('RAS 10 steps 25 %', 150 + (i % 3), true, i)],
  }));
  const report = frontierReport(points, results, ref, { replicates: 200, seed: 1 });

  it('throughput is images over the measured time; RAS rows name the dense point of closest throughput', () => {
    const dense4 = report.rows.find((r) => r.point === 'dense 4 steps')!;
    const ms = results.map((r) => r.results[0]!.ms).sort((a, b) => a - b);
    expect(dense4.throughput).toBeCloseTo(1000 / ((ms[14]! + ms[15]!) / 2), 9);
    expect(dense4.throughputCi[0]).toBeLessThanOrEqual(dense4.throughput);
    expect(dense4.throughputCi[1]).toBeGreaterThanOrEqual(dense4.throughput);
    const ras = report.rows.find((r) => r.method === 'ras')!;
    expect(ras.closestDense).toBe('dense 8 steps'); // 151 ms: log(151/101) > log(203/151)
    expect([ras.warmup, ras.resets]).toEqual([1, [4, 7]]);
  });

  it('compares each RAS point with the best dense point at least as fast, and finds the improvement', () => {
    const [c] = report.comparisons;
    expect(c!.rival.top5).toBe('dense 4 steps');
    expect(c!.diff.top5.rasBetter).toBe(true);
    expect(c!.diff.adherence.value).toBeCloseTo(0.5, 9);
    expect(c!.diff.frechet.rasBetter).toBe(true);
    expect(report.finding.improvements.map((i) => i.metric).sort()).toEqual(['adherence', 'frechet', 'top5']);
    expect(report.finding.sentence).toMatch(/^1 of 1 RAS points \(1 robustly\) beat the best dense point at least as fast/);
    expect(c!.nextSlower).toBe('dense 8 steps');
    expect(c!.speedVsNextSlower!.ci[0]).toBeGreaterThan(1);
  });

  it('the table is sorted by throughput, one row per point', () => {
    const md = reportMarkdown(report);
    const lines = md.split('\n').filter((l) => /^\| (\*\*dense\*\*|RAS) \| \d+ \|/.test(l));
    expect(lines.map((l) => l.split('|')[2]!.trim())).toEqual(['8', '10', '4']);
    expect(md).toContain('| **dense 4 steps, +'); // the improvement on top-5, bold
  });
});
