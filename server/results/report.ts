import { db } from '../db/client';

/** Prompt/seed combinations in the study's design (excluded prompts do not count). */
export function reportPromptCount(studyId: string): Promise<number> {
  return db().prompt.count({ where: { studyId, excluded: false } });
}
