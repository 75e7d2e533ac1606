import { db } from '../db/client';
import { startParticipant } from './participants';
import { submitVote } from './votes';

export interface SimulatedAnswers {
  /** The score of condition A over B this participant gives to every real comparison. */
  score: number;
  /** How many attention checks this participant fails (answers "left clearly better"). */
  failChecks?: number;
  responseMs?: number;
}

/**
 * A participant who answers with a known score of A over B, whatever side A is shown on: for seeding demo and
 * test studies whose expected statistics are known. Goes through the same functions as the browser.
 */
export async function simulateParticipant(slug: string, answers: SimulatedAnswers, params: Record<string, string> = {}) {
  const { participantId } = await startParticipant(slug, params);
  const trials = await db().trial.findMany({ where: { participantId }, include: { comparison: true }, orderBy: { position: 'asc' } });
  let failures = answers.failChecks ?? 0;
  for (const trial of trials) {
    let choice: number;
    if (trial.comparison.isAttentionCheck) choice = failures-- > 0 ? 1 : 3;
    else choice = trial.leftIsA ? 3 - answers.score : 3 + answers.score;
    await submitVote(participantId, { trialId: trial.id, choice, responseMs: answers.responseMs ?? 1500, idempotencyKey: `sim-${trial.id}` });
  }
  return participantId;
}
