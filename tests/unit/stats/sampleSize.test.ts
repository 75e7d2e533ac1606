// Reference: scripts/stats-reference/sample_size.py (expected-py.json → sampleSize, tostPower, paperVoteSd):
// the exact TOST power integrated with scipy 1.10.1 integrate.quad over scipy.stats.chi, the smallest n found
// by plain search from 2, and each power confirmed by a brute-force Monte Carlo of scipy.stats.ttest_1samp on
// simulated participant means (200 000 studies; recorded with its standard error).
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VOTE_SD,
  PAPER_VOTE_SD,
  PAPER_VOTES,
  participantMeanSd,
  scoreSd,
  tostPower,
  tostSampleSize,
} from '@/server/stats/sampleSize';
import { PY, data } from './helpers';

interface SizeRef {
  margin: number;
  sd: number;
  alpha: number;
  power: number;
  trueMean: number;
  n: number;
  powerAtN: number;
  powerBelowN: number | null;
  monteCarlo: { power: number; se: number };
}
const sizes = PY.sampleSize as SizeRef[];
const powers = PY.tostPower as { n: number; margin: number; sd: number; alpha: number; trueMean: number; power: number }[];
const POWER_TOL = 1e-6;

describe('TOST power and sample size', () => {
  it('has every fixture case and its reference', () => {
    expect(sizes).toHaveLength(9);
    expect(sizes.map((s) => [s.margin, s.sd, s.alpha, s.power, s.trueMean])).toEqual(data.vectors.sample_size);
    expect(powers).toHaveLength(7);
    expect(powers.map((p) => [p.n, p.margin, p.sd, p.alpha, p.trueMean])).toEqual(data.vectors.tost_power);
  });

  it.each(sizes.map((s, i) => [i, s] as const))('case %i: the smallest n reaching the power, as the scipy reference', (_, ref) => {
    const r = tostSampleSize({ margin: ref.margin, sd: ref.sd, alpha: ref.alpha, power: ref.power, trueMean: ref.trueMean });
    if (!r.ok) throw new Error(r.reason);
    expect(r.participants).toBe(ref.n);
    expect(r.method).toBe('exact');
    expect(Math.abs(r.power - ref.powerAtN)).toBeLessThanOrEqual(POWER_TOL);
    expect(r.power).toBeGreaterThanOrEqual(ref.power);
    expect(Math.abs(r.power - ref.monteCarlo.power)).toBeLessThanOrEqual(4.5 * ref.monteCarlo.se);
    if (ref.powerBelowN !== null) {
      const below = tostPower(ref.n - 1, ref.margin, ref.sd, ref.alpha, ref.trueMean);
      expect(Math.abs(below - ref.powerBelowN)).toBeLessThanOrEqual(POWER_TOL);
      expect(below).toBeLessThan(ref.power);
    } else expect(ref.n).toBe(2);
  });

  it.each(powers.map((p, i) => [i, p] as const))('power case %i (n = %s …) matches the scipy integral', (_, ref) => {
    expect(Math.abs(tostPower(ref.n, ref.margin, ref.sd, ref.alpha, ref.trueMean) - ref.power)).toBeLessThanOrEqual(POWER_TOL);
  });

  it('votes per comparison = ⌈participants × trials / comparisons⌉', () => {
    const r = tostSampleSize({ margin: 0.25, sd: 0.4, trialsPerParticipant: 14, comparisons: 28 });
    expect(r).toMatchObject({ ok: true, participants: 24, votesPerComparison: 12 });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4, trialsPerParticipant: 10, comparisons: 7 })).toMatchObject({ votesPerComparison: 35 });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4, trialsPerParticipant: 10 })).toMatchObject({ votesPerComparison: null });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4 })).toMatchObject({ ok: true, power: expect.any(Number), votesPerComparison: null });
  });

  it('defaults: alpha 0.05, power 0.8, true mean 0', () => {
    const a = tostSampleSize({ margin: 0.25, sd: 0.4 });
    const b = tostSampleSize({ margin: 0.25, sd: 0.4, alpha: 0.05, power: 0.8, trueMean: 0 });
    expect(a).toEqual(b);
  });

  it('refuses bad inputs, naming each', () => {
    const r = tostSampleSize({ margin: -1, sd: 0, alpha: 0.7, power: 1, trialsPerParticipant: 1.5, comparisons: 0 });
    expect(r).toEqual({
      ok: false,
      reason:
        'invalid input: margin must be a number greater than 0, got -1; sd must be a number greater than 0, got 0; alpha must be in (0, 0.5], got 0.7; power must be in (0, 1), got 1; trialsPerParticipant must be a whole number of at least 1, got 1.5; comparisons must be a whole number of at least 1, got 0',
    });
    expect(tostSampleSize({ margin: 0.25, sd: Number.NaN })).toEqual({ ok: false, reason: 'invalid input: sd must be a number greater than 0, got NaN' });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4, alpha: 0 })).toEqual({ ok: false, reason: 'invalid input: alpha must be in (0, 0.5], got 0' });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4, power: 0 })).toEqual({ ok: false, reason: 'invalid input: power must be in (0, 1), got 0' });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4, trueMean: 0.25 })).toEqual({ ok: false, reason: 'invalid input: trueMean must lie strictly inside ±margin, got 0.25' });
    expect(tostSampleSize({ margin: 0.01, sd: 5 })).toEqual({ ok: false, reason: 'not applicable: more than 100000 participants would be needed' });
    expect(tostSampleSize({ margin: 0.25, sd: 0.4, alpha: 0.5 }).ok).toBe(true);
  });
});

describe("default SD from the RAS paper's votes", () => {
  it('counts: 396 dense better, 633 similar, 371 RAS better of 1400 (28.29 %, 45.21 %, 26.50 %)', () => {
    expect(PAPER_VOTES).toEqual({ denseBetter: 396, similar: 633, rasBetter: 371 });
    const total = PAPER_VOTES.denseBetter + PAPER_VOTES.similar + PAPER_VOTES.rasBetter;
    expect(total).toBe(1400);
    expect([PAPER_VOTES.denseBetter, PAPER_VOTES.similar, PAPER_VOTES.rasBetter].map((c) => ((100 * c) / total).toFixed(2))).toEqual(['28.29', '45.21', '26.50']);
  });

  it('per-vote SD between 0.740 (all "slightly") and 1.480 (all "clearly"), as numpy.std; default the upper bound', () => {
    expect(Math.abs(PAPER_VOTE_SD.lower - PY.paperVoteSd.lower)).toBeLessThan(1e-12);
    expect(Math.abs(PAPER_VOTE_SD.upper - PY.paperVoteSd.upper)).toBeLessThan(1e-12);
    expect(PAPER_VOTE_SD.upper.toFixed(3)).toBe('1.480');
    expect(DEFAULT_VOTE_SD).toBe(PAPER_VOTE_SD.upper);
    expect(scoreSd({ 1: 1, [-1]: 1 })).toBe(1);
    expect(scoreSd({ 2: 1, 0: 2, [-2]: 1 })).toBe(Math.SQRT2);
  });

  it('participant-mean SD: σ/√k with identical raters, σ when all variance is between raters', () => {
    expect(participantMeanSd(1.2, 9)).toBeCloseTo(0.4, 15);
    expect(participantMeanSd(1.2, 9, 1)).toBeCloseTo(1.2, 15);
    expect(participantMeanSd(2, 4, 0.5)).toBeCloseTo(2 * Math.sqrt(0.5 + 0.5 / 4), 15);
  });

  it('the form default (margin 0.25, 14 votes each, upper SD, identical raters): 23 participants, as scipy', () => {
    const ref = PY.paperDefault as SizeRef & { trials: number };
    const sd = participantMeanSd(DEFAULT_VOTE_SD, ref.trials);
    expect(Math.abs(sd - ref.sd)).toBeLessThan(1e-12);
    const r = tostSampleSize({ margin: 0.25, sd });
    if (!r.ok) throw new Error(r.reason);
    expect(r.participants).toBe(ref.n);
    expect(r.participants).toBe(23);
    expect(Math.abs(r.power - ref.powerAtN)).toBeLessThanOrEqual(POWER_TOL);
  });
});
