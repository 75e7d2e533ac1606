/**
 * Special functions behind the tests' p-values and intervals: log-gamma, the regularized incomplete gamma and
 * beta functions, and from them the normal, Student t, beta and binomial distributions. Checked against R's
 * pnorm/qnorm/pt/qt/pbeta/qbeta/dbinom/pbinom in tests/unit/stats/special.test.ts.
 *
 * Methods: Lanczos log-gamma (g = 7, 9 terms, relative error ≈ 1e-15); series / continued fraction for the
 * incomplete gamma and beta functions (modified Lentz, as in Numerical Recipes §6.2 and §6.4); quantiles by
 * Acklam's rational approximation refined by Halley steps (normal) or by bisection on the CDF (t, beta).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const EPS = 1e-16;
const TINY = 1e-300;

/** ln Γ(x) for x > 0. */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

export const lbeta = (a: number, b: number) => lgamma(a) + lgamma(b) - lgamma(a + b);

/** Regularized lower incomplete gamma P(a, x) and upper Q(a, x) = 1 − P(a, x), each computed directly. */
export function gammaPQ(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const front = Math.exp(a * Math.log(x) - x - lgamma(a));
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = front * sum;
    return { p, q: 1 - p };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = front * h;
  return { p: 1 - q, q };
}

/** Complementary error function, via erfc(x) = Q(1/2, x²) for x ≥ 0. */
export function erfc(x: number): number {
  if (x === 0) return 1;
  const q = gammaPQ(0.5, x * x).q;
  return x > 0 ? q : 2 - q;
}

/** Standard normal CDF Φ(x). */
export const pnorm = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
/** Upper tail 1 − Φ(x), accurate far into the tail. */
export const pnormUpper = (x: number) => 0.5 * erfc(x / Math.SQRT2);

const ACKLAM_A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const ACKLAM_B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const ACKLAM_C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

const poly = (c: number[], x: number) => c.reduce((acc, k) => acc * x + k, 0);

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1. */
export function qnorm(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const lo = 0.02425;
  let x: number;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  } else if (p <= 1 - lo) {
    const q = p - 0.5;
    const r = q * q;
    x = (poly(ACKLAM_A, r) * q) / (poly(ACKLAM_B, r) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -poly(ACKLAM_C, q) / (poly(ACKLAM_D, q) * q + 1);
  }
  for (let i = 0; i < 2; i++) {
    const e = pnorm(x) - p;
    const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
    x -= u / (1 + (x * u) / 2);
  }
  return x;
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaCf(a: number, b: number, x: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) (the beta CDF), a, b > 0. */
export function pbeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(a * Math.log(x) + b * Math.log1p(-x) - lbeta(a, b));
  if (x < (a + 1) / (a + b + 2)) return (front * betaCf(a, b, x)) / a;
  return 1 - (front * betaCf(b, a, 1 - x)) / b;
}

/** Solves f(x) = target for an increasing f on [lo, hi] by bisection to machine precision. */
function bisect(f: (x: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Beta quantile: the x with I_x(a, b) = p. */
export function qbeta(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  return bisect((x) => pbeta(x, a, b), p, 0, 1);
}

/** Student t CDF with `df` degrees of freedom. */
export function pt(t: number, df: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * pbeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/** Upper tail P(T > t), accurate for large t. */
export const ptUpper = (t: number, df: number) => pt(-t, df);

/** Student t quantile. */
export function qt(p: number, df: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p === 0.5) return 0;
  let lo = -1;
  let hi = 1;
  while (pt(lo, df) > p) lo *= 2;
  while (pt(hi, df) < p) hi *= 2;
  return bisect((t) => pt(t, df), p, lo, hi);
}

/** Binomial probability P(X = k), X ~ Bin(n, p). */
export function dbinom(k: number, n: number, p: number): number {
  if (k < 0 || k > n || !Number.isInteger(k)) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const lchoose = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
  return Math.exp(lchoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** Binomial CDF P(X ≤ k) = I_{1−p}(n − k, k + 1). */
export function pbinom(k: number, n: number, p: number): number {
  const j = Math.floor(k);
  if (j < 0) return 0;
  if (j >= n) return 1;
  return pbeta(1 - p, n - j, j + 1);
}

/** Binomial upper tail P(X > k), computed directly (no cancellation). */
export function pbinomUpper(k: number, n: number, p: number): number {
  const j = Math.floor(k);
  if (j < 0) return 1;
  if (j >= n) return 0;
  return pbeta(p, j + 1, n - j);
}
