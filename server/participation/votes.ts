import { db } from '../db/client';
import { conflict } from '../http/errors';
import { voteInput, type VoteInput } from '../studies/schemas';
import { scoreAOverB } from './choices';
import { sha256 } from '../auth/tokens';
import { cookieValue, participantCookieName } from '../web/participantCookie';

export interface VoteResult {
  duplicate: boolean;
  completed: boolean;
}

/**
 * Records a vote and completes its trial in one transaction. The participant row is locked first, so a
 * retried or doubled submit waits, then finds its idempotency key and counts once.
 */
export async function submitVote(participantId: string, input: VoteInput): Promise<VoteResult> {
  const vote = voteInput.parse(input);
  return db().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Participant" WHERE id = ${participantId} FOR UPDATE`;
    const existing = await tx.vote.findUnique({ where: { idempotencyKey: vote.idempotencyKey }, include: { trial: true } });
    if (existing) {
      if (existing.trial.participantId !== participantId) throw conflict('Idempotency key already used');
      const pending = await tx.trial.count({ where: { participantId, status: 'PENDING' } });
      return { duplicate: true, completed: pending === 0 };
    }
    const current = await tx.trial.findFirst({ where: { participantId, status: 'PENDING' }, orderBy: { position: 'asc' } });
    if (!current || current.id !== vote.trialId) throw conflict('This is not your current trial; reload the page');
    await tx.vote.create({
      data: {
        trialId: current.id,
        choice: vote.choice,
        scoreAOverB: scoreAOverB(vote.choice, current.leftIsA),
        responseMs: vote.responseMs,
        idempotencyKey: vote.idempotencyKey,
      },
    });
    await tx.trial.update({ where: { id: current.id }, data: { status: 'DONE' } });
    const pending = await tx.trial.count({ where: { participantId, status: 'PENDING' } });
    await tx.participant.update({
      where: { id: participantId },
      data: { lastSeenAt: new Date(), ...(pending === 0 ? { completedAt: new Date() } : {}) },
    });
    return { duplicate: false, completed: pending === 0 };
  });
}

/** The stored image behind a per-trial token, if the request carries the cookie of that trial's participant. */
export async function imageForTrialToken(request: Request, token: string): Promise<string | null> {
  const trial = await db().trial.findFirst({
    where: { OR: [{ leftToken: token }, { rightToken: token }] },
    include: { participant: { include: { study: true } }, comparison: { include: { imageA: true, imageB: true } } },
  });
  if (!trial) return null;
  const cookie = cookieValue(request, participantCookieName(trial.participant.study.slug));
  if (!cookie || sha256(cookie) !== trial.participant.tokenHash) return null;
  const showsA = (trial.leftToken === token) === trial.leftIsA;
  return (showsA ? trial.comparison.imageA : trial.comparison.imageB).storageKey;
}
