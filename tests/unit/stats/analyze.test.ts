// analyzeStudy end to end on the fixture study, every figure against the references computed independently
// from the raw rows (exclusion, orientation and all): R 4.2.2 prop.test / binom.test / t.test / p.adjust /
// quantile (expected-r.json → study2) and scipy 1.10.1 wilcoxon, the exact signed-rank permutation test and the
// Python Krippendorff implementation (expected-py.json → study2); then the edge cases, which must come back as
// { ok: false, reason } in words.
import { describe, expect, it } from 'vitest';
import { analyzeStudy, type StudyAnalysis } from '@/server/stats/analyze';
import { PVAL, PY, R, STAT, check, data, near, toVoteRow, vote } from './helpers';

// The references implement the attention-check rule alone; the plan's fast-responder rule is switched off to match.
const REFERENCE_RULES = { exclusions: { fastMedianMs: null } };
const analysis = analyzeStudy(data.study2.map(toVoteRow), { ...REFERENCE_RULES, bootstrap: { replicates: 500, seed: 1 } });
if (!analysis.ok) throw new Error(analysis.reason);
const pair = analysis.pairs[0]!;
const r = R.study2;
const py = PY.study2;

describe('analyzeStudy on the fixture study', () => {
  it('records the settings and the exclusions', () => {
    expect(analysis.settings).toEqual({
      margin: 0.25,
      alpha: 0.05,
      primaryTest: 'tost',
      exclusions: { failedChecks: { identical: 0, degraded: 0 }, fastMedianMs: null, minTrialsAnswered: 1 },
      fastMs: 1000,
      bootstrap: { replicates: 500, seed: 1 },
    });
    expect(analysis.exclusions.participants.excludedIds).toEqual(r.excluded);
    expect([pair.a, pair.b, pair.votes, pair.participants]).toEqual(['dense', 'ras-50', r.votes, r.participants]);
  });

  it('5- and 3-level distributions with Wilson intervals (R prop.test, correct = FALSE)', () => {
    if (!pair.fiveLevel.ok || !pair.threeLevel.ok) throw new Error('distributions');
    expect(pair.fiveLevel.levels).toHaveLength(5);
    expect(r.levels).toHaveLength(5);
    pair.fiveLevel.levels.forEach((level, i) => {
      expect(level.score).toBe(r.levels[i].score);
      expect(level.count).toBe(r.levels[i].count);
      near(level.ci[0], r.levels[i].ci[0], STAT);
      near(level.ci[1], r.levels[i].ci[1], STAT);
      near(level.ci[0], py.wilsonStatsmodels[String(level.score)][0], STAT);
    });
    for (const key of ['aBetter', 'similar', 'bBetter'] as const) {
      expect(pair.threeLevel[key].count).toBe(r.three[key].count);
      near(pair.threeLevel[key].ci[0], r.three[key].ci[0], STAT);
      near(pair.threeLevel[key].ci[1], r.three[key].ci[1], STAT);
    }
  });

  it('sign test and position bias (R binom.test)', () => {
    if (!pair.signTest.ok || !analysis.positionBias.ok) throw new Error('binomial');
    expect([pair.signTest.successes, pair.signTest.trials]).toEqual([r.sign.x, r.sign.n]);
    near(pair.signTest.pValue, r.sign.pValue, PVAL);
    expect([analysis.positionBias.left, analysis.positionBias.trials]).toEqual([r.position.x, r.position.n]);
    near(analysis.positionBias.pValue, r.position.pValue, PVAL);
  });

  it('Wilcoxon per vote (scipy wilcoxon, Pratt, normal) and on participant means (exact permutation, signed_rank.py)', () => {
    const { perVote, perParticipant } = pair.wilcoxon;
    if (!perVote.ok || !perParticipant.ok) throw new Error('wilcoxon');
    near(perVote.statistic, py.wilcoxonPerVote.statistic, STAT);
    near(perVote.z, py.wilcoxonPerVote.z, STAT);
    near(perVote.pValue, py.wilcoxonPerVote.pValue, PVAL);
    expect(perParticipant.method).toBe(py.wilcoxonPerParticipant.method);
    expect([perVote.method, perParticipant.method]).toEqual(['normal', 'exact-permutation']);
    near(perParticipant.pValue, py.wilcoxonPerParticipant.pValue, PVAL);
  });

  it('TOST on participant means and per vote (R t.test; statsmodels ttost_mean)', () => {
    const { perParticipant, perVote } = pair.equivalence;
    if (!perParticipant.ok || !perVote.ok) throw new Error('tost');
    near(perParticipant.mean, r.tostPerParticipant.mean, STAT);
    near(perParticipant.pValue, r.tostPerParticipant.pValue, PVAL);
    near(perParticipant.pValue, py.tostPerParticipant, PVAL);
    near(perParticipant.ci[0], r.tostPerParticipant.ci90[0], STAT);
    near(perParticipant.ci[1], r.tostPerParticipant.ci90[1], STAT);
    near(perVote.pValue, r.tostPerVote.pValue, PVAL);
    near(perVote.ci[1], r.tostPerVote.ci90[1], STAT);
  });

  it("Krippendorff's α over the prompts (Python reference from the definition)", () => {
    if (!pair.agreement.ok) throw new Error(pair.agreement.reason);
    near(pair.agreement.alpha, py.krippendorff.ordinal, STAT);
    near(pair.agreement.pairable, py.krippendorff.pairable, STAT);
  });

  it('per-prompt p-values with Holm (R binom.test + p.adjust; scipy wilcoxon + statsmodels multipletests)', () => {
    expect(pair.perPrompt.map((p) => p.prompt)).toEqual(r.perPromptSign.prompts);
    expect(pair.perPrompt).toHaveLength(12);
    expect(Object.keys(py.wilcoxonPerPrompt)).toHaveLength(12);
    pair.perPrompt.forEach((p, i) => {
      if (!p.signTest.ok || !p.wilcoxon.ok) throw new Error(`prompt ${p.prompt}`);
      near(p.signTest.pValue, r.perPromptSign.pValue[i], PVAL);
      near(p.signTest.holm, r.perPromptSign.holm[i], PVAL);
      near(p.wilcoxon.pValue, py.wilcoxonPerPrompt[p.prompt].pValue, PVAL);
      near(p.wilcoxon.holm, py.wilcoxonPerPrompt[p.prompt].holm, PVAL);
    });
  });

  it('bootstrap interval is the seeded two-way one, reproducible', () => {
    if (!pair.bootstrap.ok) throw new Error(pair.bootstrap.reason);
    expect(pair.bootstrap).toMatchObject({ seed: 1, replicates: 500, resample: 'both', skipped: 0 });
    near(pair.bootstrap.estimate, r.bootstrap.estimate, STAT);
    const again = analyzeStudy(data.study2.map(toVoteRow), { ...REFERENCE_RULES, bootstrap: { replicates: 500, seed: 1 } });
    expect(again).toEqual(analysis);
  });

  it('is JSON-serializable (no NaN, no Infinity, no undefined lost)', () => {
    expect(JSON.parse(JSON.stringify(analysis))).toEqual(analysis);
  });

  it('writes plain-language sentences from the figures', () => {
    const e = pair.equivalence.perParticipant;
    if (!e.ok) throw new Error(e.reason);
    expect(pair.sentences[0]).toBe(
      `Equivalence of ras-50 and dense within ±0.25 is not shown: TOST on participant means p = ${e.pValue.toFixed(3)}, 90 % CI of the mean score [+${e.ci[0].toFixed(2)}, +${e.ci[1].toFixed(2)}].`,
    );
    expect(analysis.sentences[0]).toBe('Exclusions: participants who failed any attention check are excluded; 3 of 30 participants and 36 of 360 votes excluded.');
    expect(analysis.sentences.some((s) => s.startsWith('Position bias: the left image was chosen in 60.6 % of 218 votes'))).toBe(true);
    expect(analysis.strengths).toEqual({ ok: false, reason: 'not applicable: 2 conditions; strengths are fitted for three or more' });
  });

  it('says "equivalent" when the interval is inside the margin', () => {
    const wide = analyzeStudy(data.study2.map(toVoteRow), { ...REFERENCE_RULES, margin: 0.5, bootstrap: { replicates: 200, seed: 1 } });
    if (!wide.ok) throw new Error(wide.reason);
    expect(wide.pairs[0]!.sentences[0]).toMatch(/^ras-50 is equivalent to dense within ±0.5 on the −2…\+2 scale: TOST on participant means p < 0.001/);
  });
});

describe('analyzeStudy with three conditions', () => {
  it('fits strengths, analyses every pair and writes the strengths sentence', () => {
    const a = analyzeStudy(data.study3.map(toVoteRow), { ...REFERENCE_RULES, bootstrap: { replicates: 200, seed: 5 } });
    if (!a.ok) throw new Error(a.reason);
    expect(a.conditions).toEqual(['dense', 'ras-50', 'ras-25']);
    expect(a.pairs.map((p) => `${p.a}/${p.b}`)).toEqual(['dense/ras-50', 'dense/ras-25', 'ras-50/ras-25']);
    if (!a.strengths.ok) throw new Error(a.strengths.reason);
    near(a.strengths.fit.theta['ras-25'], PY.study3.davidson.theta['ras-25'], STAT);
    const dr = a.pairs[0]!.agreement;
    expect(dr.ok && Math.abs(dr.alpha - PY.study3.krippendorffDenseRas50.ordinal)).toBeLessThan(STAT);
    expect(a.sentences.some((s) => s.startsWith('Strengths (Bradley–Terry with ties, log scale, dense = 0): dense 0.00'))).toBe(true);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe('analyzeStudy edge cases', () => {
  const quick = { bootstrap: { replicates: 200, seed: 1 } };
  const run = (rows: ReturnType<typeof vote>[], settings: object = quick) => analyzeStudy(rows, settings);
  const ok = (a: ReturnType<typeof run>): StudyAnalysis => {
    if (!a.ok) throw new Error(a.reason);
    return a;
  };

  it('no votes', () => {
    expect(run([])).toEqual({ ok: false, reason: 'not enough data: no votes' });
    expect(run([check('p1', true)])).toEqual({ ok: false, reason: 'not enough data: no votes' });
  });

  it('everyone excluded', () => {
    expect(run([check('p1', false), vote('p1', 'q1', 1)])).toEqual({
      ok: false,
      reason:
        'not enough data: no votes left after exclusions (1 of 1 participants excluded: participants who failed any attention check and participants whose median response time (measured by the server) was below 1000 ms are excluded)',
    });
  });

  it('invalid settings', () => {
    expect(run([vote('p1', 'q1', 1)], { margin: 0 })).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid settings: margin must be greater than 0/) });
  });

  it('all ties', () => {
    const rows = ['p1', 'p2', 'p3'].flatMap((p) => ['q1', 'q2'].map((q) => vote(p, q, 0)));
    const a = ok(run(rows));
    const p = a.pairs[0]!;
    expect(p.threeLevel.ok && p.threeLevel.similar.proportion).toBe(1);
    expect(p.signTest).toEqual({ ok: false, reason: 'not enough data: all 6 votes are ties' });
    expect(p.wilcoxon.perVote.ok).toBe(false);
    // Every participant's mean is exactly 0: the exact sign-test verdict, p = 2⁻³ (docs/statistics.md).
    expect(p.equivalence.perParticipant).toMatchObject({ ok: true, degenerate: true, mean: 0, pValue: 0.125, ci: [0, 0], equivalent: false });
    expect(p.agreement.ok).toBe(false);
    expect(a.positionBias).toEqual({ ok: false, reason: 'not enough data: all 6 votes are ties' });
    expect(p.perPrompt[0]!.signTest).toEqual({ ok: false, reason: 'not enough data: all 3 votes are ties' });
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('one participant', () => {
    const rows = ['q1', 'q2', 'q3', 'q4'].map((q, i) => vote('p1', q, [1, -1, 2, 0][i]!));
    const p = ok(run(rows)).pairs[0]!;
    expect(p.signTest.ok).toBe(true);
    expect(p.equivalence.perParticipant).toEqual({ ok: false, reason: 'not enough data: 1 value; the t-test needs at least 2' });
    expect(p.equivalence.perVote.ok).toBe(true);
    expect(p.bootstrap).toEqual({ ok: false, reason: 'not enough data: 1 participant; resampling participants needs at least 2' });
    expect(p.agreement).toEqual({ ok: false, reason: 'not enough data: no comparison was rated by two or more participants' });
    expect(p.sentences[0]).toBe('Equivalence of ras-50 and dense could not be tested (not enough data: 1 value; the t-test needs at least 2).');
  });

  it('one prompt', () => {
    const rows = ['p1', 'p2', 'p3', 'p4', 'p5'].map((p, i) => vote(p, 'q1', [1, 0, 2, -1, 1][i]!));
    const p = ok(run(rows)).pairs[0]!;
    expect(p.bootstrap).toEqual({ ok: false, reason: 'not enough data: 1 prompt; resampling prompts needs at least 2' });
    expect(p.agreement.ok).toBe(true);
    expect(p.perPrompt).toHaveLength(1);
    const only = p.perPrompt[0]!.signTest;
    expect(only.ok && only.holm === only.pValue).toBe(true);
  });

  it('rows stored B-vs-A are flipped onto the pair', () => {
    const rows = [vote('p1', 'q1', 2), vote('p2', 'q1', -2, { a: 'ras-50', b: 'dense' })];
    const p = ok(run(rows)).pairs[0]!;
    expect([p.a, p.b, p.meanScore]).toEqual(['dense', 'ras-50', 2]);
  });
});
