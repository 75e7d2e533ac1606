import { describe, expect, it } from 'vitest';
import { changePerToken, ndcg, randomNdcg, spearman, trajectoryDiagnostic } from '@/server/quality/rasDiagnostic';

const f64 = (xs: number[]) => Float64Array.from(xs);

describe('ranking persistence', () => {
  it('NDCG is 1 for the same ranking, lower for the reverse, and the random value lies between', () => {
    const a = f64([5, 1, 3, 2, 4, 0]);
    expect(ndcg(a, a)).toBeCloseTo(1, 12);
    expect(ndcg(a, f64([0, 4, 2, 3, 1, 5]))).toBeLessThan(randomNdcg(a));
    expect(randomNdcg(a)).toBeLessThan(1);
    expect(spearman(a, a)).toBeCloseTo(1, 12);
    expect(spearman(a, a.map((x) => -x))).toBeCloseTo(-1, 12);
  });
});

describe('share of the velocity change outside the kept set', () => {
  // 4 tokens × 1 pixel × 2 channels; the std metric of step 0 ranks tokens 0 < 1 < 2 < 3
  const layout = { tokens: 4, pixels: 1, channels: 2 };
  const v0 = Float32Array.of(0, 0.1, 0, 0.2, 0, 0.3, 0, 0.4);
  const selection = { mode: 'reference' as const, metric: 'std' as const, highRatio: 0, starvationScale: 0.1 };

  it('is 0 when only kept tokens change, and the best possible share is never above it', () => {
    // ratio 0.5 drops the two lowest-metric tokens (0 and 1); change only tokens 2 and 3
    const v1 = Float32Array.of(0, 0.1, 0, 0.2, 1, 0.3, 0, 2);
    const [d] = trajectoryDiagnostic([v0, v1], layout, [0.5], selection, new Uint8Array(4), new Float32Array(8));
    expect(d!.outside[0]).toMatchObject({ ratio: 0.5, share: 0, oracle: 0, random: 0.5 });
    expect(Number.isNaN(d!.outside[0]!.previousChange)).toBe(true);
  });

  it('is 1 when only dropped tokens change; the previous change predicts a persistent change', () => {
    const v1 = Float32Array.of(1, 0.1, 0, 0.5, 0, 0.3, 0, 0.4);
    const v2 = Float32Array.of(2, 0.1, 0, 0.9, 0, 0.3, 0, 0.4);
    const [a, b] = trajectoryDiagnostic([v0, v1, v2], layout, [0.5], selection, Uint8Array.of(1, 1, 0, 0), new Float32Array(8));
    expect(a!.outside[0]!.share).toBeCloseTo(1, 12);
    expect(a!.outside[0]!.backgroundDropped).toBe(1);
    expect(b!.outside[0]!.previousChange).toBeCloseTo(0, 12);
    const { change } = changePerToken(v0, v1, layout);
    expect(change[0]).toBeCloseTo(1, 12);
    expect(change[1]).toBeCloseTo(0.09, 6);
    expect([change[2], change[3]]).toEqual([0, 0]);
  });
});
