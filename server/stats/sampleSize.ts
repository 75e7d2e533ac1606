/**
 * Sample size for the study's headline test — TOST on participant mean scores (tost.ts) — for the study form.
 *
 * Power is exact under the normal model: participant means x_i ~ N(μ, σ²), x̄ and s independent, and TOST
 * rejects when −δ + c·s/√n < x̄ < δ − c·s/√n, c = t_{1−α, n−1}. With U = s/σ (U² ~ χ²_{n−1}/(n−1)):
 *   power(n) = ∫₀^{u*} [Φ((δ − μ)√n/σ − c·u) − Φ((−δ − μ)√n/σ + c·u)] f_U(u) du,  u* = δ√n/(c·σ),
 * the formula behind PASS and R PowerTOST (Owen's Q), integrated here by composite Simpson. The sample size
 * is the smallest n ≥ 2 with power(n) ≥ the target, found by stepping from the normal-approximation start
 * n₀ = ((z_{1−α} + z_{1−β/2})·σ/δ)² (μ = 0). Reference: scipy quad of the same integral, itself checked by a
 * brute-force Monte Carlo of the t-tests (scripts/stats-reference/validity.py).
 *
 * Default σ from the RAS paper (§4.3): of 1400 votes, 396 preferred dense, 633 "similar", 371 preferred RAS.
 * The text does not split "clearly" from "slightly", so the per-vote SD of the −2…+2 score lies between
 * 0.740 (every preference "slightly", |score| = 1) and 1.480 (every preference "clearly", |score| = 2); the
 * default is the upper bound, which never under-sizes a study. See docs/statistics.md.
 */
import type { Outcome } from './outcome';
import { lgamma, pnorm, qnorm, qt } from './special';

/** The RAS paper's user-study votes (§4.3, Figure 2(e)): counts of dense better / similar / RAS better. */
export const PAPER_VOTES = { denseBetter: 396, similar: 633, rasBetter: 371 } as const;

/** Population SD of a score distribution given as { score: count }. */
export function scoreSd(counts: Record<number, number>): number {
  const entries = Object.entries(counts).map(([s, c]) => [Number(s), c] as const);
  const n = entries.reduce((a, [, c]) => a + c, 0);
  const mean = entries.reduce((a, [s, c]) => a + s * c, 0) / n;
  return Math.sqrt(entries.reduce((a, [s, c]) => a + c * (s - mean) ** 2, 0) / n);
}

/** Per-vote SD of the paper's votes if every preference was "slightly" (lower) or "clearly" (upper) better. */
export const PAPER_VOTE_SD = {
  lower: scoreSd({ 1: PAPER_VOTES.denseBetter, 0: PAPER_VOTES.similar, [-1]: PAPER_VOTES.rasBetter }),
  upper: scoreSd({ 2: PAPER_VOTES.denseBetter, 0: PAPER_VOTES.similar, [-2]: PAPER_VOTES.rasBetter }),
} as const;

/** Default assumed per-vote SD: the paper's upper bound (≈ 1.48). */
export const DEFAULT_VOTE_SD = PAPER_VOTE_SD.upper;

/**
 * SD of a participant's mean score over `trials` votes when a share `betweenShare` (0…1) of the per-vote
 * variance is between participants (raters differ in taste): σ·√(ρ + (1 − ρ)/k). ρ = 0 (independent votes,
 * identical raters) gives σ/√k, the lower bound; ρ = 1 gives σ.
 */
export function participantMeanSd(voteSd: number, trials: number, betweenShare = 0): number {
  return voteSd * Math.sqrt(betweenShare + (1 - betweenShare) / trials);
}

/** Density of U = √(χ²_df / df). */
function chiScaledDensity(u: number, df: number): number {
  if (u <= 0) return df === 1 ? Math.sqrt(2 / Math.PI) : 0;
  const h = df / 2;
  return Math.exp(Math.log(2) + h * Math.log(h) - lgamma(h) + (df - 1) * Math.log(u) - h * u * u);
}

const SIMPSON_INTERVALS = 2000;

/** Exact power of TOST (one-sample t, level α each side) with n participants, true mean μ, SD σ, margin δ. */
export function tostPower(n: number, margin: number, sd: number, alpha = 0.05, trueMean = 0): number {
  const df = n - 1;
  const c = qt(1 - alpha, df);
  const rootN = Math.sqrt(n);
  const a = ((margin - trueMean) * rootN) / sd;
  const b = ((-margin - trueMean) * rootN) / sd;
  const uStar = (margin * rootN) / (c * sd);
  // U has mean ≈ 1 and SD ≈ 1/√(2·df); outside 1 ± 12 SD its mass is negligible (< 1e-30).
  const spread = 12 / Math.sqrt(2 * df);
  const lo = Math.max(0, 1 - spread);
  const hi = Math.min(uStar, 1 + spread);
  if (hi <= lo) return 0;
  const f = (u: number) => Math.max(0, pnorm(a - c * u) - pnorm(b + c * u)) * chiScaledDensity(u, df);
  const h = (hi - lo) / SIMPSON_INTERVALS;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < SIMPSON_INTERVALS; i++) sum += (i % 2 ? 4 : 2) * f(lo + i * h);
  return Math.min(1, (sum * h) / 3);
}

export interface SampleSizeInput {
  /** Equivalence margin δ on the mean −2…+2 score (> 0). */
  margin: number;
  /** Assumed SD of participant mean scores (> 0); see participantMeanSd. */
  sd: number;
  /** Level of each one-sided test, in (0, 0.5]; default 0.05. */
  alpha?: number;
  /** Target power, in (0, 1); default 0.8. */
  power?: number;
  /** Assumed true mean score, |μ| < δ; default 0 (the conditions truly equivalent). */
  trueMean?: number;
  /** With both of these, votesPerComparison = ⌈participants × trials / comparisons⌉. */
  trialsPerParticipant?: number;
  comparisons?: number;
}

export interface SampleSize {
  participants: number;
  /** Exact power at that many participants (≥ the target). */
  power: number;
  votesPerComparison: number | null;
  method: 'exact';
}

export const MAX_PARTICIPANTS = 100_000;

function invalid(input: SampleSizeInput): string[] {
  const bad: string[] = [];
  const { margin, sd, alpha = 0.05, power = 0.8, trueMean = 0, trialsPerParticipant, comparisons } = input;
  const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (!isNum(margin) || !(margin > 0)) bad.push(`margin must be a number greater than 0, got ${margin}`);
  if (!isNum(sd) || !(sd > 0)) bad.push(`sd must be a number greater than 0, got ${sd}`);
  if (!isNum(alpha) || !(alpha > 0 && alpha <= 0.5)) bad.push(`alpha must be in (0, 0.5], got ${alpha}`);
  if (!isNum(power) || !(power > 0 && power < 1)) bad.push(`power must be in (0, 1), got ${power}`);
  if (!isNum(trueMean) || (margin > 0 && !(Math.abs(trueMean) < margin))) bad.push(`trueMean must lie strictly inside ±margin, got ${trueMean}`);
  for (const [name, v] of [['trialsPerParticipant', trialsPerParticipant], ['comparisons', comparisons]] as const)
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) bad.push(`${name} must be a whole number of at least 1, got ${v}`);
  return bad;
}

/** Participants needed for TOST on participant means, and the votes per comparison that implies. */
export function tostSampleSize(input: SampleSizeInput): Outcome<SampleSize> {
  const bad = invalid(input);
  if (bad.length) return { ok: false, reason: `invalid input: ${bad.join('; ')}` };
  const { margin, sd, alpha = 0.05, power: target = 0.8, trueMean = 0, trialsPerParticipant, comparisons } = input;
  const power = (n: number) => tostPower(n, margin, sd, alpha, trueMean);
  const z = qnorm(1 - alpha) + (trueMean === 0 ? qnorm(1 - (1 - target) / 2) : qnorm(target));
  let n = Math.max(2, Math.ceil(((z * sd) / (margin - Math.abs(trueMean))) ** 2));
  if (n > MAX_PARTICIPANTS) return { ok: false, reason: `not applicable: more than ${MAX_PARTICIPANTS} participants would be needed` };
  while (power(n) < target) if (++n > MAX_PARTICIPANTS) return { ok: false, reason: `not applicable: more than ${MAX_PARTICIPANTS} participants would be needed` };
  while (n > 2 && power(n - 1) >= target) n--;
  const votesPerComparison = trialsPerParticipant !== undefined && comparisons !== undefined ? Math.ceil((n * trialsPerParticipant) / comparisons) : null;
  return { ok: true, participants: n, power: power(n), votesPerComparison, method: 'exact' };
}
