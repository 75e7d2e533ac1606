import { db } from '../db/client';
import { conflict } from '../http/errors';
import { acceptsAnswers, graceOverMessage, type StudyWindow } from '../studies/grace';
import { voteInput, type VoteInput } from '../studies/schemas';
import { scoreAOverB } from './choices';

export interface VoteResult {
  duplicate: boolean;
  completed: boolean;
}

/** Server-side response time: from the later of the trial being served and both its images delivered, to the vote. */
export function serverResponseMs(votedAt: Date, trial: { shownAt: Date | null; leftFetchedAt: Date | null; rightFetchedAt: Date | null }): number {
  const from = Math.max(trial.shownAt?.getTime() ?? 0, trial.leftFetchedAt?.getTime() ?? 0, trial.rightFetchedAt?.getTime() ?? 0);
  return Math.max(0, votedAt.getTime() - from);
}

/**
 * Records a vote and completes its trial in one transaction. The participant row is locked first, so a
 * retried or doubled submit waits, then finds its idempotency key and counts once. A vote is refused unless
 * the server has delivered both images of the trial: an answer given without seeing them is not an answer.
 */
export async function submitVote(participantId: string, input: VoteInput): Promise<VoteResult> {
  const vote = voteInput.parse(input);
  return db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<(StudyWindow & { pilot: boolean })[]>`
      SELECT p.pilot, s.status::text AS status, s."closedAt", s."closeGraceMinutes"
      FROM "Participant" p JOIN "Study" s ON s.id = p."studyId" WHERE p.id = ${participantId} FOR UPDATE OF p`;
    const existing = await tx.vote.findUnique({ where: { idempotencyKey: vote.idempotencyKey }, include: { trial: true } });
    if (existing) {
      if (existing.trial.participantId !== participantId) throw conflict('Idempotency key already used');
      const pending = await tx.trial.count({ where: { participantId, status: 'PENDING' } });
      return { duplicate: true, completed: pending === 0 };
    }
    if (locked && !acceptsAnswers(locked, locked)) throw conflict(graceOverMessage(locked));
    const current = await tx.trial.findFirst({ where: { participantId, status: 'PENDING' }, orderBy: { position: 'asc' } });
    if (!current || current.id !== vote.trialId) throw conflict('This is not your current trial; reload the page');
    if (!current.leftFetchedAt || !current.rightFetchedAt) throw conflict('The images of this trial have not been loaded yet: wait until both are shown, then answer');
    const now = new Date();
    await tx.vote.create({
      data: {
        trialId: current.id,
        choice: vote.choice,
        scoreAOverB: scoreAOverB(vote.choice, current.leftIsA),
        responseMs: vote.responseMs,
        serverResponseMs: serverResponseMs(now, current),
        deviceClass: vote.deviceClass,
        viewportWidth: vote.viewportWidth,
        viewportHeight: vote.viewportHeight,
        screenWidth: vote.screenWidth,
        screenHeight: vote.screenHeight,
        focusLosses: vote.focusLosses,
        hiddenMs: vote.hiddenMs,
        idempotencyKey: vote.idempotencyKey,
        createdAt: now,
      },
    });
    await tx.trial.update({ where: { id: current.id }, data: { status: 'DONE' } });
    const pending = await tx.trial.count({ where: { participantId, status: 'PENDING' } });
    await tx.participant.update({
      where: { id: participantId },
      data: { lastSeenAt: now, ...(pending === 0 ? { completedAt: now } : {}) },
    });
    return { duplicate: false, completed: pending === 0 };
  });
}
