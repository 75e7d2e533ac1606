/**
 * Fréchet distance of resampled feature sets to one fixed reference Gaussian, fast enough for a bootstrap.
 *
 * With Y = X·Σ_r^½ (features times the reference covariance's root, computed once) and Yc the centred rows of
 * a resample, Σ_r^½ Σ_p Σ_r^½ = Ycᵀ Yc / (n − 1), whose non-zero eigenvalues are those of the n×n matrix
 * Yc Ycᵀ / (n − 1). That matrix is a gather from the Gram matrix G = Y Yᵀ (computed once per feature set):
 * (Yc Ycᵀ)_ab = G_ab − r_a − r_b + c. So a replicate costs one n×n symmetric eigenvalue problem instead of two
 * d×d square roots. Same formula as frechetDistance (tested against it).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import type { Gaussian } from './frechet';

export interface PreparedFeatures {
  readonly n: number;
  readonly d: number;
  /** Rows of features, n×d. */
  readonly x: Float64Array;
  /** Gram matrices of Y = X Σ_r^½ and of X, n×n. */
  readonly gy: Float64Array;
  readonly gx: Float64Array;
}

/** Σ_r^½ of the reference, d×d row-major. */
export function referenceRoot(ref: Gaussian): Float64Array {
  const d = ref.mean.length;
  const e = new EigenvalueDecomposition(new Matrix(Array.from({ length: d }, (_, a) => Array.from(ref.cov.subarray(a * d, (a + 1) * d)))), { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const roots = e.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 0)));
  const r = v.mmul(Matrix.diag(roots)).mmul(v.transpose());
  return Float64Array.from(r.to1DArray());
}

export function prepareFeatures(rows: readonly ArrayLike<number>[], root: Float64Array): PreparedFeatures {
  const n = rows.length;
  const d = rows[0]!.length;
  const x = new Float64Array(n * d);
  rows.forEach((r, i) => x.set(Array.from(r), i * d));
  const y = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) {
      const xik = x[i * d + k]!;
      if (xik === 0) continue;
      for (let j = 0; j < d; j++) y[i * d + j]! += xik * root[k * d + j]!;
    }
  }
  return { n, d, x, gy: gram(y, n, d), gx: gram(x, n, d) };
}

function gram(a: Float64Array, n: number, d: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += a[i * d + k]! * a[j * d + k]!;
      g[i * n + j] = s;
      g[j * n + i] = s;
    }
  }
  return g;
}

/** Centred Gram of the rows idx (with repeats), n×n. */
function centredGram(g: Float64Array, n: number, idx: ArrayLike<number>): Float64Array {
  const m = idx.length;
  const out = new Float64Array(m * m);
  const rowMean = new Float64Array(m);
  let all = 0;
  for (let a = 0; a < m; a++) {
    const ia = idx[a]! * n;
    let s = 0;
    for (let b = 0; b < m; b++) {
      const v = g[ia + idx[b]!]!;
      out[a * m + b] = v;
      s += v;
    }
    rowMean[a] = s / m;
    all += s;
  }
  all /= m * m;
  for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) out[a * m + b]! += all - rowMean[a]! - rowMean[b]!;
  return out;
}

/** Fréchet distance of the rows idx of a prepared set (idx: 0 … n−1 for the set itself) to the reference. */
export function frechetOfResample(p: PreparedFeatures, idx: ArrayLike<number>, ref: Gaussian, refTrace: number): number {
  const m = idx.length;
  const { d, x } = p;
  let meanTerm = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let a = 0; a < m; a++) s += x[idx[a]! * d + j]!;
    meanTerm += (s / m - ref.mean[j]!) ** 2;
  }
  const cy = centredGram(p.gy, p.n, idx);
  const cx = centredGram(p.gx, p.n, idx);
  let traceP = 0;
  for (let a = 0; a < m; a++) traceP += cx[a * m + a]!;
  traceP /= m - 1;
  for (let i = 0; i < cy.length; i++) cy[i]! /= m - 1;
  const traceRoot = symmetricEigenvalues(cy, m).reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  return meanTerm + traceP + refTrace - 2 * traceRoot;
}

export function traceOf(cov: Float64Array, d: number): number {
  let t = 0;
  for (let j = 0; j < d; j++) t += cov[j * d + j]!;
  return t;
}

/**
 * Eigenvalues of a symmetric n×n matrix (row-major, overwritten): Householder tridiagonalisation and the
 * implicit QL method (JAMA's tred2/tql2 without the eigenvectors), on typed arrays.
 */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // tred2 (Householder), eigenvector accumulation left out
  for (let j = 0; j < n; j++) d[j] = a[(n - 1) * n + j]!;
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]!);
    if (scale === 0) {
      e[i] = d[i - 1]!;
      for (let j = 0; j < i; j++) {
        d[j] = a[(i - 1) * n + j]!;
        a[i * n + j] = 0;
        a[j * n + i] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k]! /= scale;
        h += d[k]! * d[k]!;
      }
      let f = d[i - 1]!;
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        a[j * n + i] = f;
        g = e[j]! + a[j * n + j]! * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += a[k * n + j]! * d[k]!;
          e[k]! += a[k * n + j]! * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j]! /= h;
        f += e[j]! * d[j]!;
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j]! -= hh * d[j]!;
      for (let j = 0; j < i; j++) {
        f = d[j]!;
        g = e[j]!;
        for (let k = j; k <= i - 1; k++) a[k * n + j]! -= f * e[k]! + g * d[k]!;
        d[j] = a[(i - 1) * n + j]!;
        a[i * n + j] = 0;
      }
    }
    d[i] = h;
  }
  // The diagonal: JAMA reads it back from the accumulated transformations; without them it is the matrix's
  // diagonal after the reduction, saved in d[i] = h above only for the accumulation. Recompute it here.
  for (let i = 0; i < n; i++) d[i] = a[i * n + i]!;
  // tql2 without eigenvectors
  for (let i = 1; i < n; i++) e[i - 1] = e[i]!;
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]!) + Math.abs(e[l]!));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]!) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      do {
        let g = d[l]!;
        let p = (d[l + 1]! - g) / (2 * e[l]!);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l]! / (p + r);
        d[l + 1] = e[l]! * (p + r);
        const dl1 = d[l + 1]!;
        let h = g - d[l]!;
        for (let i = l + 2; i < n; i++) d[i]! -= h;
        f += h;
        p = d[m]!;
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1]!;
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i]!;
          h = c * p;
          r = Math.hypot(p, e[i]!);
          e[i + 1] = s * r;
          s = e[i]! / r;
          c = p / r;
          p = c * d[i]! - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]!);
        }
        p = (-s * s2 * c3 * el1 * e[l]!) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]!) > eps * tst1);
    }
    d[l] = d[l]! + f;
    e[l] = 0;
  }
  return d;
}
