import { db } from '../db/client';

export interface DesignCounts {
  conditions: number;
  prompts: number;
  promptsExcluded: number;
  images: number;
  /** Real comparisons the design has: every pair of conditions of every prompt not excluded with images in both. */
  comparisons: number;
  /** Of these, created (uploads create them at once; generated studies at publish). */
  comparisonsCreated: number;
}

/** Comparisons of one prompt with images in `k` conditions: every unordered pair. */
export const pairsOf = (k: number) => (k * (k - 1)) / 2;

/** What a study's design holds, counted from its images: right from the first image, not only once published. */
export async function designCounts(studyId: string): Promise<DesignCounts> {
  const [prompts, conditions, images, created] = await Promise.all([
    db().prompt.findMany({ where: { studyId }, select: { excluded: true, _count: { select: { images: true } } } }),
    db().condition.count({ where: { studyId } }),
    db().image.count({ where: { studyId } }),
    db().comparison.count({ where: { studyId, isAttentionCheck: false, prompt: { excluded: false } } }),
  ]);
  const kept = prompts.filter((p) => !p.excluded);
  return {
    conditions,
    prompts: prompts.length,
    promptsExcluded: prompts.length - kept.length,
    images,
    comparisons: kept.reduce((n, p) => n + pairsOf(p._count.images), 0),
    comparisonsCreated: created,
  };
}

/** Plain-words warnings about a design an admin should see before opening. */
export function designWarnings(study: { trialsPerParticipant: number; targetVotesPerComparison: number }, counts: DesignCounts): string[] {
  const warnings: string[] = [];
  if (counts.comparisons > 0 && study.trialsPerParticipant > counts.comparisons) {
    warnings.push(
      `Trials per participant (${study.trialsPerParticipant}) exceed the study's ${counts.comparisons} comparison${counts.comparisons === 1 ? '' : 's'}: a participant never sees a comparison twice, so each answers only ${counts.comparisons}.`,
    );
  }
  if (counts.promptsExcluded > 0) warnings.push(`${counts.promptsExcluded} prompt${counts.promptsExcluded === 1 ? ' is' : 's are'} excluded and not counted.`);
  return warnings;
}
