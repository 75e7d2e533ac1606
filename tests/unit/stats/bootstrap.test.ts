// Reference: R 4.2.2 + boot 1.3-28.1. The percentile interval of a seeded bootstrap is compared with the mean
// over 50 R runs (B = 2000, seeds 1001…1050 / 2001…2050) of
//  - participants only: boot::boot on per-participant (score sum, count) and boot.ci(type = "perc");
//  - participants and prompts (two-way): the same resampling scheme written in R (reference.R bootstrap_ref);
// within 4 Monte-Carlo standard deviations of one endpoint (the R runs' sd × √(1 + 1/50)).
import { describe, expect, it } from 'vitest';
import { clusterBootstrapMean, quantile7 } from '@/server/stats/bootstrap';
import { votesOf } from '@/server/stats/pairs';
import { applyExclusions } from '@/server/stats/exclusions';
import { createRng } from '@/server/stats/prng';
import { R, STAT, data, near, toVoteRow } from './helpers';

const kept = applyExclusions(data.study2.map(toVoteRow), 0).kept;
const votes = votesOf(kept, { a: 'dense', b: 'ras-50' });
const ref = R.study2.bootstrap;

describe('seeded generator', () => {
  it('gives the same stream for the same seed and a different one for another', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('is uniform enough: 100 000 draws fill 10 bins evenly (χ² < 27.9, p ≈ 0.001)', () => {
    const rng = createRng(42);
    const bins = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[rng.int(10)]++;
    const chi2 = bins.reduce((s, o) => s + (o - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(27.9);
  });
});

describe('cluster bootstrap of the mean score', () => {
  it('R quantile type 7', () => {
    const sorted = [...(data.vectors.quantile as number[])].sort((x, y) => x - y);
    [0.25, 0.5, 0.75].forEach((q, i) => near(quantile7(sorted, q), R.quantile[i], STAT));
  });

  for (const [resample, key] of [
    ['participants', 'participants'],
    ['both', 'both'],
  ] as const) {
    it(`resampling ${resample}: within Monte-Carlo error of R`, () => {
      const b = clusterBootstrapMean(votes, { replicates: ref.B, seed: 12345, resample });
      if (!b.ok) throw new Error(b.reason);
      near(b.estimate, ref.estimate, STAT);
      const spread = ref[key];
      const k = 4 * Math.sqrt(1 + 1 / ref.runs);
      expect(Math.abs(b.ci[0] - spread.meanLower)).toBeLessThanOrEqual(k * spread.sdLower);
      expect(Math.abs(b.ci[1] - spread.meanUpper)).toBeLessThanOrEqual(k * spread.sdUpper);
    });
  }

  it('is reproducible for a seed, contains the estimate, and the two-way interval is the wider here', () => {
    const a = clusterBootstrapMean(votes, { replicates: 1000, seed: 3 });
    const b = clusterBootstrapMean(votes, { replicates: 1000, seed: 3 });
    const c = clusterBootstrapMean(votes, { replicates: 1000, seed: 4 });
    const one = clusterBootstrapMean(votes, { replicates: 1000, seed: 3, resample: 'participants' });
    if (!a.ok || !b.ok || !c.ok || !one.ok) throw new Error('bootstrap failed');
    expect(b).toEqual(a);
    expect(c.ci).not.toEqual(a.ci);
    expect(a.ci[0]).toBeLessThan(a.estimate);
    expect(a.ci[1]).toBeGreaterThan(a.estimate);
    expect(a.ci[1] - a.ci[0]).toBeGreaterThan(one.ci[1] - one.ci[0]);
    expect(a.skipped).toBe(0);
  });

  it('says why with too few clusters', () => {
    const one = votes.filter((v) => v.participant === votes[0]!.participant);
    expect(clusterBootstrapMean(one, { replicates: 200, seed: 1 })).toEqual({
      ok: false,
      reason: 'not enough data: 1 participant; resampling participants needs at least 2',
    });
    const onePrompt = votes.filter((v) => v.prompt === 'q00');
    expect(clusterBootstrapMean(onePrompt, { replicates: 200, seed: 1 })).toEqual({
      ok: false,
      reason: 'not enough data: 1 prompt; resampling prompts needs at least 2',
    });
    expect(clusterBootstrapMean(onePrompt, { replicates: 200, seed: 1, resample: 'participants' }).ok).toBe(true);
    expect(clusterBootstrapMean([], { replicates: 200, seed: 1 })).toEqual({ ok: false, reason: 'not enough data: no votes' });
  });
});
