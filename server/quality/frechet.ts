/**
 * Fréchet distance between two Gaussians fitted to feature vectors (the FID formula, Heusel et al. 2017):
 *   d² = |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
 * The trace of the matrix square root is the sum of the square roots of the eigenvalues of the symmetric
 * matrix Σ₁^½ Σ₂ Σ₁^½ (same eigenvalues as Σ₁Σ₂), so only symmetric eigendecompositions are needed.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface Gaussian {
  readonly mean: Float64Array;
  /** Row-major d×d covariance (unbiased, n − 1). */
  readonly cov: Float64Array;
}

/** Mean and unbiased covariance of n feature rows of dimension d (n ≥ 2). */
export function fitGaussian(rows: readonly ArrayLike<number>[]): Gaussian {
  const n = rows.length;
  if (n < 2) throw new RangeError(`fitGaussian needs at least 2 rows, got ${n}`);
  const d = rows[0]!.length;
  const mean = new Float64Array(d);
  for (const r of rows) {
    if (r.length !== d) throw new RangeError(`fitGaussian: rows of ${r.length} and ${d} values`);
    for (let j = 0; j < d; j++) mean[j]! += r[j]! / n;
  }
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (const r of rows) {
    for (let j = 0; j < d; j++) centred[j] = r[j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ca = centred[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = cov[a * d + b]! / (n - 1);
      cov[a * d + b] = v;
      cov[b * d + a] = v;
    }
  }
  return { mean, cov };
}

function toMatrix(values: ArrayLike<number>, d: number): Matrix {
  const m = new Matrix(d, d);
  for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) m.set(a, b, values[a * d + b]!);
  return m;
}

/** Square root of a symmetric positive semi-definite matrix (tiny negative eigenvalues from rounding → 0). */
function sqrtSymmetric(m: Matrix): Matrix {
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const vectors = e.eigenvectorMatrix;
  const roots = e.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 0)));
  return vectors.mmul(Matrix.diag(roots)).mmul(vectors.transpose());
}

export function frechetDistance(p: Gaussian, q: Gaussian): number {
  const d = p.mean.length;
  if (q.mean.length !== d || p.cov.length !== d * d || q.cov.length !== d * d) {
    throw new RangeError(`frechetDistance: dimensions ${d} and ${q.mean.length} differ`);
  }
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (p.mean[j]! - q.mean[j]!) ** 2;
  const s1 = toMatrix(p.cov, d);
  const s2 = toMatrix(q.cov, d);
  const root1 = sqrtSymmetric(s1);
  const inner = root1.mmul(s2).mmul(root1);
  // Symmetrize against rounding before the symmetric solver.
  const sym = inner.add(inner.transpose()).div(2);
  const e = new EigenvalueDecomposition(sym, { assumeSymmetric: true });
  const traceRoot = e.realEigenvalues.reduce((sum, l) => sum + Math.sqrt(Math.max(l, 0)), 0);
  return meanTerm + s1.trace() + s2.trace() - 2 * traceRoot;
}
