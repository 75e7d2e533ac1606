import { describe, expect, it } from 'vitest';
import { fitGaussian, frechetDistance } from '@/server/quality/frechet';
import reference from './fixtures/frechet.json';

describe('fitGaussian', () => {
  it('gives the mean and the unbiased covariance (numpy.cov) of the rows', () => {
    for (const c of reference.cases) {
      const g = fitGaussian(c.a);
      c.mean_a.forEach((m, j) => expect(g.mean[j]).toBeCloseTo(m, 10));
      c.cov_a.forEach((v, j) => expect(g.cov[j]).toBeCloseTo(v, 8));
    }
  });

  it('refuses fewer than two rows and ragged rows', () => {
    expect(() => fitGaussian([[1, 2]])).toThrow(/at least 2 rows/);
    expect(() => fitGaussian([[1, 2], [1]])).toThrow(/rows of 1 and 2/);
  });
});

describe('frechetDistance', () => {
  it('matches scipy.linalg.sqrtm (pytorch-fid formula) on random full covariances', () => {
    for (const c of reference.cases) {
      const d = frechetDistance(fitGaussian(c.a), fitGaussian(c.b));
      expect(Math.abs(d - c.fid) / c.fid).toBeLessThan(1e-6);
    }
  });

  it('is zero between a Gaussian and itself, and symmetric', () => {
    const [c] = reference.cases;
    const a = fitGaussian(c!.a);
    const b = fitGaussian(c!.b);
    expect(Math.abs(frechetDistance(a, a))).toBeLessThan(1e-9);
    expect(frechetDistance(a, b)).toBeCloseTo(frechetDistance(b, a), 8);
  });

  it('has the closed form |Δμ|² + Σ(√a − √b)² for diagonal covariances', () => {
    const p = { mean: Float64Array.from([0, 1]), cov: Float64Array.from([4, 0, 0, 9]) };
    const q = { mean: Float64Array.from([3, 1]), cov: Float64Array.from([1, 0, 0, 16]) };
    expect(frechetDistance(p, q)).toBeCloseTo(9 + (2 - 1) ** 2 + (3 - 4) ** 2, 10);
  });

  it('refuses Gaussians of different dimension', () => {
    const p = { mean: Float64Array.from([0]), cov: Float64Array.from([1]) };
    const q = { mean: Float64Array.from([0, 0]), cov: Float64Array.from([1, 0, 0, 1]) };
    expect(() => frechetDistance(p, q)).toThrow(/dimensions/);
  });
});
