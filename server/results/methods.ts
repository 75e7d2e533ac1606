import type { StudyAnalysis } from '../stats';

interface StudyFacts {
  title: string;
  trialsPerParticipant: number;
  attentionCheckRate: number;
  conditions: { name: string; config: unknown }[];
  prompts: number;
  participants: number;
}

/** The methods paragraph of the report, filled with the study's settings and the analysis settings used. */
export function methodsParagraph(study: StudyFacts, analysis: StudyAnalysis): string {
  const s = analysis.settings;
  const conditions = study.conditions.map((c) => c.name).join(', ');
  return [
    `Participants (n = ${study.participants}) compared pairs of images generated from the same prompt and seed under the conditions ${conditions} (${study.prompts} prompt/seed combinations),`,
    `shown side by side in random left/right order and random trial order, without being told which image came from which condition.`,
    `Each answered ${study.trialsPerParticipant} comparisons on a five-level scale (left clearly better, left slightly better, similar, right slightly better, right clearly better),`,
    `recoded as a score of −2 … +2 for one condition over the other.`,
    study.attentionCheckRate > 0
      ? `Attention checks (two identical images; expected answer "similar") were planted at a rate of ${Math.round(study.attentionCheckRate * 100)} %; ${analysis.exclusions.rule}.`
      : 'No attention checks were planted.',
    `Proportions are given with Wilson ${Math.round(100 * (1 - s.alpha))} % intervals; preferences among non-tie votes were tested with an exact two-sided binomial (sign) test;`,
    `scores with the Wilcoxon signed-rank test (Pratt's treatment of zeros), per vote and on participant means;`,
    `equivalence with two one-sided t-tests (TOST) on participant means against a margin of ±${s.margin} (${Math.round(100 * (1 - 2 * s.alpha))} % interval);`,
    `left/right position bias with an exact binomial test; inter-rater agreement with Krippendorff's α (ordinal).`,
    `Intervals of the mean score come from a two-way cluster bootstrap resampling participants and prompts (${s.bootstrap.replicates} replicates, seed ${s.bootstrap.seed});`,
    `per-prompt p-values are Holm-adjusted. Votes faster than ${s.fastMs} ms are flagged, not excluded.`,
    analysis.conditions.length > 2 ? 'With more than two conditions, strengths were fitted with the Bradley–Terry model with ties (Davidson).' : '',
  ]
    .filter(Boolean)
    .join(' ');
}
