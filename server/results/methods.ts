import type { StudyAnalysis } from '../stats';
import type { AnalysisLabel } from './analysisChoice';
import type { ParticipantFlow } from './flow';
import type { trialsAnswered } from './flow';

interface StudyFacts {
  trialsPerParticipant: number;
  attentionCheckRate: number;
  attentionCheckKinds: string[];
  conditions: { name: string }[];
  prompts: number;
  label: AnalysisLabel;
  flow: ParticipantFlow;
  answered: ReturnType<typeof trialsAnswered>;
}

const PRIMARY = {
  tost: 'equivalence of the conditions, two one-sided t-tests (TOST) on participant mean scores',
  wilcoxon: 'a difference between the conditions, the Wilcoxon signed-rank test on participant mean scores',
};

/** The methods paragraph of the report, from the same figures as every other view (studyResults). */
export function methodsParagraph(study: StudyFacts, analysis: StudyAnalysis): string {
  const s = analysis.settings;
  const f = study.flow;
  const a = study.answered;
  const conditions = study.conditions.map((c) => c.name).join(', ');
  const kinds = study.attentionCheckKinds.map((k) => (k === 'IDENTICAL' ? 'two identical images, expected answer "similar"' : 'an image beside a blurred and noised copy of itself, expected answer: the intact one better'));
  const answeredText =
    a.min === a.max
      ? `each answered ${a.min} comparison${a.min === 1 ? '' : 's'}`
      : `they answered ${a.min} to ${a.max} comparisons (median ${a.median}; ${a.total} in all)`;
  return [
    `The analysis follows ${study.label.text}.`,
    `${f.started} participants started; ${f.completed} completed, ${f.droppedOut} dropped out and ${f.inProgress} were still in progress; ${f.excluded.total} were excluded (${f.excluded.failedChecks} for failed attention checks, ${f.excluded.fastResponders} as fast responders, ${f.excluded.tooFewTrials} for answering too few comparisons), leaving ${f.analysed} analysed participants.`,
    `They compared pairs of images generated from the same prompt and seed under the conditions ${conditions} (${study.prompts} prompt/seed combinations), shown side by side in random left/right order and random trial order, without being told which image came from which condition.`,
    `Each was assigned ${study.trialsPerParticipant} comparisons; ${answeredText}, on a five-level scale (left clearly better, left slightly better, similar, right slightly better, right clearly better), recoded as a score of −2 … +2 for one condition over the other.`,
    study.attentionCheckRate > 0
      ? `Attention checks (${kinds.join('; ')}) were planted at a rate of ${Math.round(study.attentionCheckRate * 100)} %, at least one of each kind per participant. Exclusion rules, fixed in advance: ${analysis.exclusions.rule}.`
      : `No attention checks were planted. Exclusion rules, fixed in advance: ${analysis.exclusions.rule}.`,
    `Response times were measured by the server, from the later of the pair being served and both images being delivered to the answer.`,
    `The primary test is ${PRIMARY[s.primaryTest]} at α = ${s.alpha}${s.primaryTest === 'tost' ? ` against a margin of ±${s.margin} (${Math.round(100 * (1 - 2 * s.alpha))} % interval)` : ''}; all other figures are secondary.`,
    `Proportions are given with Wilson ${Math.round(100 * (1 - s.alpha))} % intervals; preferences among non-tie votes were tested with an exact two-sided binomial (sign) test;`,
    `scores with the Wilcoxon signed-rank test (Pratt's treatment of zeros; exact permutation distribution for small samples), per vote and on participant means;`,
    `left/right position bias with an exact binomial test; inter-rater agreement with Krippendorff's α (ordinal: 1 is perfect agreement, 0 what chance would give).`,
    `Intervals of the mean score come from a two-way cluster bootstrap resampling participants and prompts (${s.bootstrap.replicates} replicates, seed ${s.bootstrap.seed});`,
    `per-prompt p-values are Holm-adjusted. Votes faster than ${s.fastMs} ms are flagged in the response-time summary.`,
    analysis.conditions.length > 2 ? 'With more than two conditions, strengths were fitted with the Bradley–Terry model with ties (Davidson).' : '',
  ]
    .filter(Boolean)
    .join(' ');
}
