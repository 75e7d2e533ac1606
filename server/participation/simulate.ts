import { db } from '../db/client';
import { serveTrialImage } from './images';
import { startParticipant } from './participants';
import { submitVote } from './votes';

export interface SimulatedAnswers {
  /** The score of condition A over B this participant gives to every real comparison. */
  score: number;
  /** How many attention checks this participant fails (answers "left clearly better" to identical pairs, "similar" to degraded ones). */
  failChecks?: number;
  /** How long the participant looks at each pair: the server-side response time the vote gets. */
  responseMs?: number;
}

/** The choice that passes (or fails) an attention check of this kind, with A (intact) on the given side. */
export function checkAnswer(kind: 'IDENTICAL' | 'DEGRADED', leftIsA: boolean, pass: boolean): number {
  if (kind === 'IDENTICAL') return pass ? 3 : 1;
  return pass ? (leftIsA ? 1 : 5) : 3;
}

/**
 * A participant who answers with a known score of A over B, whatever side A is shown on: for seeding demo and
 * test studies whose expected statistics are known. Goes through the same functions as the browser: it fetches
 * both images of each trial before voting. Its looking time is simulated by dating the trial's delivery
 * `responseMs` back, so the server-side response time is what a participant taking that long would produce.
 */
export async function simulateParticipant(slug: string, answers: SimulatedAnswers, params: Record<string, string> = {}) {
  const { participantId, token } = await startParticipant(slug, params);
  const trials = await db().trial.findMany({ where: { participantId }, include: { comparison: true }, orderBy: { position: 'asc' } });
  let failures = answers.failChecks ?? 0;
  const responseMs = answers.responseMs ?? 1500;
  for (const trial of trials) {
    for (const imageToken of [trial.leftToken, trial.rightToken]) await serveTrialImage(imageToken, [token]);
    const lookedFrom = new Date(Date.now() - responseMs);
    await db().trial.update({ where: { id: trial.id }, data: { shownAt: lookedFrom, leftFetchedAt: lookedFrom, rightFetchedAt: lookedFrom } });
    const { comparison } = trial;
    const choice = comparison.isAttentionCheck
      ? checkAnswer(comparison.checkKind ?? 'IDENTICAL', trial.leftIsA, !(failures-- > 0))
      : trial.leftIsA
        ? 3 - answers.score
        : 3 + answers.score;
    await submitVote(participantId, { trialId: trial.id, choice, responseMs, idempotencyKey: `sim-${trial.id}` });
  }
  return participantId;
}
