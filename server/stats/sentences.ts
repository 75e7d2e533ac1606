/** Plain-language sentences for the dashboard, one per finding, written from the computed figures only. */
import type { ExclusionReport } from './exclusions';
import type { Outcome } from './outcome';
import type { PairAnalysis } from './pairAnalysis';
import type { ResponseTimeSummary } from './responseTimes';
import type { StudySettings } from './settings';
import type { StrengthsResult } from './strengths';

export const formatP = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
const num = (x: number, digits = 2) => (x > 0 ? '+' : x < 0 ? '−' : '') + Math.abs(x).toFixed(digits);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const METHOD = { exact: 'exact', 'exact-permutation': 'exact permutation distribution', normal: 'normal approximation' } as const;
const interval = ([lo, hi]: [number, number]) => `[${num(lo)}, ${num(hi)}]`;

export function pairSentences(r: PairAnalysis, s: StudySettings): string[] {
  const out: string[] = [];
  const level = Math.round(100 * (1 - 2 * s.alpha));
  const e = r.equivalence.perParticipant;
  if (e.ok && e.degenerate) {
    out.push(
      `Every participant's mean score of ${r.a} over ${r.b} was exactly ${num(e.mean)}: ${
        e.equivalent ? `${r.b} is equivalent to ${r.a} within ±${s.margin}` : `equivalence within ±${s.margin} is not shown`
      } (no variation, so the t-tests are replaced by exact sign tests: ${formatP(e.pValue)}).`,
    );
  } else if (e.ok) {
    out.push(
      e.equivalent
        ? `${r.b} is equivalent to ${r.a} within ±${s.margin} on the −2…+2 scale: TOST on participant means ${formatP(e.pValue)}, ${level} % CI of the mean score ${interval(e.ci)}.`
        : `Equivalence of ${r.b} and ${r.a} within ±${s.margin} is not shown: TOST on participant means ${formatP(e.pValue)}, ${level} % CI of the mean score ${interval(e.ci)}.`,
    );
  } else out.push(`Equivalence of ${r.b} and ${r.a} could not be tested (${e.reason}).`);
  if (r.threeLevel.ok) {
    const t = r.threeLevel;
    out.push(`Of ${t.n} votes, ${pct(t.similar.proportion)} found both similar, ${pct(t.aBetter.proportion)} preferred ${r.a} and ${pct(t.bBetter.proportion)} preferred ${r.b}.`);
  }
  const st = r.signTest;
  if (st.ok)
    out.push(`Among the ${st.trials} votes with a preference, ${r.a} was preferred in ${pct(st.estimate)} (95 % CI ${pct(st.ci[0])} – ${pct(st.ci[1])}); exact sign test ${formatP(st.pValue)}.`);
  const w = r.wilcoxon.perParticipant;
  const wv = r.wilcoxon.perVote;
  if (wv.ok || w.ok)
    out.push(
      `Wilcoxon signed-rank test (Pratt): ${wv.ok ? `per vote ${formatP(wv.pValue)} (${METHOD[wv.method]})` : 'per vote not computable'}, ${
        w.ok ? `on participant means ${formatP(w.pValue)} (${METHOD[w.method]})` : 'on participant means not computable'
      }.`,
    );
  const b = r.bootstrap;
  if (b.ok)
    out.push(`Mean score of ${r.a} over ${r.b}: ${num(b.estimate)} (${Math.round(100 * b.confidence)} % CI ${interval(b.ci)}, bootstrap over participants and prompts, ${b.replicates} replicates, seed ${b.seed}).`);
  if (r.agreement.ok) out.push(`Agreement between participants on ${r.a} vs ${r.b}: Krippendorff's α (ordinal) = ${r.agreement.alpha.toFixed(2)}.`);
  return out;
}

export function studySentences(
  exclusions: ExclusionReport,
  times: Outcome<ResponseTimeSummary>,
  position: Outcome<{ left: number; right: number; estimate: number; pValue: number }>,
  strengths: Outcome<StrengthsResult> | null,
): string[] {
  const out: string[] = [];
  const ex = exclusions;
  out.push(
    `Exclusions: ${ex.rule}; ${ex.participants.excluded} of ${ex.participants.total} participants and ${ex.votes.excluded} of ${ex.votes.total} votes excluded.`,
  );
  if (position.ok)
    out.push(`Position bias: the left image was chosen in ${pct(position.estimate)} of ${position.left + position.right} votes with a preference (exact binomial test ${formatP(position.pValue)}).`);
  if (times.ok)
    out.push(
      `Response times: median ${Math.round(times.median)} ms (quartiles ${Math.round(times.q1)}–${Math.round(times.q3)} ms); ${times.fastVotes} votes (${pct(times.fastShare)}) faster than ${times.fastMs} ms, ${times.fastParticipants.length} participants with a median below it (flagged, not excluded).`,
    );
  if (strengths?.ok) {
    const order = Object.entries(strengths.fit.theta).sort((x, y) => y[1] - x[1]);
    out.push(
      `Strengths (Bradley–Terry with ties, log scale, ${strengths.reference} = 0): ${order.map(([c, t]) => `${c} ${num(t)} ${interval(strengths.ci[c]!)}`).join(', ')}.`,
    );
  }
  return out;
}
