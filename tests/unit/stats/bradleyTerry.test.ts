// Reference: Davidson (1970) fit — an independent maximisation of the same likelihood in Python with
// scipy.optimize.minimize (BFGS, then Nelder–Mead polish; reference.py davidson → expected-py.json); the no-tie
// case also against R BradleyTerry2::BTm (expected-r.json → btNoTies). Tolerance 1e-6 on θ, ν, log-likelihood.
import { describe, expect, it } from 'vitest';
import { fitDavidson, stronglyConnected, type PairCounts } from '@/server/stats/bradleyTerry';
import { strengths, winTieLoss, type PairedVote } from '@/server/stats/strengths';
import { applyExclusions } from '@/server/stats/exclusions';
import { PY, R, STAT, data, near, toVoteRow } from './helpers';

const conditions = ['dense', 'ras-50', 'ras-25'];
const kept = applyExclusions(data.study3.map(toVoteRow), 0).kept;
const votes: PairedVote[] = kept.map((r) => ({ participant: r.participant_id, prompt: r.prompt_id, a: r.condition_a, b: r.condition_b, score: r.score_a_over_b }));

describe('Bradley–Terry with ties (Davidson)', () => {
  it('matches an independent scipy.optimize fit of the same likelihood', () => {
    const s = strengths(votes, conditions, 'dense', { replicates: 200, seed: 1 });
    if (!s.ok) throw new Error(s.reason);
    const ref = PY.study3.davidson;
    expect(s.fit.model).toBe('davidson');
    for (const c of conditions) near(s.fit.theta[c], ref.theta[c], STAT);
    near(s.fit.nu, ref.nu, STAT);
    near(s.fit.logLik, ref.logLik, STAT);
  });

  it('without ties is plain Bradley–Terry and matches R BradleyTerry2::BTm and scipy', () => {
    const names = ['w', 'x', 'y', 'z'];
    const table: PairCounts[] = (data.vectors.bt_no_ties as { i: string; j: string; iWins: number; jWins: number }[]).map((r) => ({
      i: names.indexOf(r.i),
      j: names.indexOf(r.j),
      iWins: r.iWins,
      ties: 0,
      jWins: r.jWins,
    }));
    const fit = fitDavidson(names, 'w', table);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.model).toBe('bradley-terry');
    expect(fit.nu).toBe(0);
    for (const c of names) {
      near(fit.theta[c], R.btNoTies.theta[c], STAT);
      near(fit.theta[c], PY.btNoTies.theta[c], STAT);
    }
    near(fit.logLik, PY.btNoTies.logLik, STAT);
  });

  it('bootstrap intervals are seeded, bracket the estimate, and the reference is pinned at 0', () => {
    const opts = { replicates: 300, seed: 9 };
    const a = strengths(votes, conditions, 'dense', opts);
    const b = strengths(votes, conditions, 'dense', opts);
    if (!a.ok || !b.ok) throw new Error('fit failed');
    expect(b).toEqual(a);
    expect(a.ci.dense).toEqual([0, 0]);
    for (const c of ['ras-50', 'ras-25']) {
      expect(a.ci[c]![0]).toBeLessThan(a.fit.theta[c]!);
      expect(a.ci[c]![1]).toBeGreaterThan(a.fit.theta[c]!);
    }
    expect(a.bootstrap.replicates + a.bootstrap.skipped).toBe(300);
  });

  it('win/tie/loss tables count each pair', () => {
    const t = winTieLoss(votes, conditions);
    expect(t.map((r) => `${r.a}>${r.b}`)).toEqual(['dense>ras-50', 'dense>ras-25', 'ras-50>ras-25']);
    const total = t.reduce((s, r) => s + r.aWins + r.ties + r.bWins, 0);
    expect(total).toBe(votes.length);
    const flipped = winTieLoss([{ participant: 'p', prompt: 'q', a: 'ras-25', b: 'dense', score: 2 }], conditions);
    expect(flipped).toEqual([{ a: 'dense', b: 'ras-25', aWins: 0, ties: 0, bWins: 1 }]);
  });

  it('says why the maximum does not exist', () => {
    const undefeated: PairCounts[] = [
      { i: 0, j: 1, iWins: 5, ties: 0, jWins: 0 },
      { i: 1, j: 2, iWins: 3, ties: 1, jWins: 2 },
    ];
    expect(stronglyConnected(3, undefeated)).toBe(false);
    const r = fitDavidson(['a', 'b', 'c'], 'a', undefeated);
    expect(!r.ok && r.reason).toMatch(/^not enough data: some condition was never beaten/);
    const ties: PairCounts[] = [{ i: 0, j: 1, iWins: 0, ties: 4, jWins: 0 }];
    expect(fitDavidson(['a', 'b'], 'a', ties)).toEqual({ ok: false, reason: 'not enough data: all votes are ties; strengths are not identifiable' });
    expect(strengths([], conditions, 'dense', { replicates: 200, seed: 1 })).toEqual({ ok: false, reason: 'not enough data: no votes' });
  });
});
