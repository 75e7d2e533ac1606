/**
 * Every figure for one condition pair, from its votes (exclusions already applied): distributions, sign test,
 * Wilcoxon (per vote and on participant means), TOST (per vote and on participant means — the headline, since
 * participants are the independent units), the two-way cluster bootstrap of the mean score, Krippendorff's α
 * over the prompts, and the per-prompt tests with Holm adjustment.
 */
import { signTest } from './binomial';
import { clusterBootstrapMean } from './bootstrap';
import { fiveLevel, threeLevel } from './distributions';
import { krippendorffOrdinal } from './krippendorff';
import { participantMeans, type Pair, type PairVote } from './pairs';
import { perPrompt } from './perPrompt';
import type { StudySettings } from './settings';
import { tost } from './tost';
import { wilcoxonPratt } from './wilcoxon';

export function analyzePair(pair: Pair, votes: PairVote[], settings: StudySettings) {
  const scores = votes.map((v) => v.score);
  const means = participantMeans(votes);
  const confidence = 1 - settings.alpha;
  const units = new Map<string, number[]>();
  for (const v of votes) {
    const own = units.get(v.prompt) ?? [];
    own.push(v.score);
    units.set(v.prompt, own);
  }
  return {
    a: pair.a,
    b: pair.b,
    votes: votes.length,
    participants: means.length,
    prompts: units.size,
    meanScore: scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : null,
    fiveLevel: fiveLevel(scores, confidence),
    threeLevel: threeLevel(scores, confidence),
    signTest: signTest(scores, confidence),
    wilcoxon: { perVote: wilcoxonPratt(scores), perParticipant: wilcoxonPratt(means) },
    equivalence: { perParticipant: tost(means, settings.margin, settings.alpha), perVote: tost(scores, settings.margin, settings.alpha) },
    bootstrap: clusterBootstrapMean(votes, { ...settings.bootstrap, confidence, resample: 'both' }),
    agreement: krippendorffOrdinal([...units.keys()].sort().map((k) => units.get(k)!)),
    perPrompt: perPrompt(votes),
  };
}

export type PairAnalysis = ReturnType<typeof analyzePair>;
