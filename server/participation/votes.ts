import { randomToken, sha256 } from '../auth/tokens';
import { sql, transaction, utc, type Queryable } from '../db/sql';
import { conflict, notFound } from '../http/errors';
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

interface VoteState {
  duplicateOf: string | null;
  currentId: string | null;
  leftIsA: boolean | null;
  shownAt: Date | null;
  leftFetchedAt: Date | null;
  rightFetchedAt: Date | null;
  pending: number;
}

/**
 * Records a vote and completes its trial in one transaction of three statements (on the pool directly:
 * server/db/sql.ts). The participant row is
 * locked first, so a retried or doubled submit waits, then finds its idempotency key and counts once. A vote is
 * refused unless the server has delivered both images of the trial: an answer given without seeing them is
 * not an answer.
 */
export async function submitVote(participantId: string, input: VoteInput): Promise<VoteResult> {
  const vote = voteInput.parse(input);
  return transaction(async (tx) => {
    // 1. Lock the participant; the study's window decides whether answers are still accepted.
    const [locked] = await sql<LockedParticipant>(
      'vote-lock-participant',
      `SELECT p.id, p.pilot, s.status::text AS status, s."closedAt", s."closeGraceMinutes"
      FROM "Participant" p JOIN "Study" s ON s.id = p."studyId" WHERE p.id = $1 FOR UPDATE OF p`,
      [participantId],
      tx,
    );
    return recordVote(tx, participantId, locked, vote);
  });
}

/**
 * submitVote for the participant whose cookie token this is in the study `slug`: the lookup is the lock
 * statement itself, one round trip fewer on the participant's hot path. No such participant → 404.
 */
export async function submitVoteByToken(slug: string, token: string | undefined, input: VoteInput): Promise<VoteResult & { participantId: string }> {
  const vote = voteInput.parse(input);
  if (!token) throw notFound(NO_SESSION);
  return transaction(async (tx) => {
    const [locked] = await sql<LockedParticipant>(
      'vote-lock-participant-by-token',
      `SELECT p.id, p.pilot, s.status::text AS status, s."closedAt", s."closeGraceMinutes"
      FROM "Participant" p JOIN "Study" s ON s.id = p."studyId" WHERE p."tokenHash" = $1 AND s.slug = $2 FOR UPDATE OF p`,
      [sha256(token), slug],
      tx,
    );
    if (!locked) throw notFound(NO_SESSION);
    return { ...(await recordVote(tx, locked.id, locked, vote)), participantId: locked.id };
  });
}

type LockedParticipant = StudyWindow & { id: string; pilot: boolean };
export const NO_SESSION = 'No session for this study in this browser';

/** Steps 2 and 3 of a vote, under the participant's lock. */
async function recordVote(tx: Queryable, participantId: string, locked: LockedParticipant | undefined, vote: VoteInput): Promise<VoteResult> {
  // 2. What the lock now guards: an earlier vote with this key, the current trial, how many are left.
  const [state] = await sql<VoteState>(
    'vote-state',
    `SELECT
      (SELECT t."participantId" FROM "Vote" v JOIN "Trial" t ON t.id = v."trialId" WHERE v."idempotencyKey" = $2) AS "duplicateOf",
      cur.id AS "currentId", cur."leftIsA", cur."shownAt", cur."leftFetchedAt", cur."rightFetchedAt",
      (SELECT count(*) FROM "Trial" WHERE "participantId" = $1 AND status = 'PENDING') AS pending
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (
      SELECT id, "leftIsA", "shownAt", "leftFetchedAt", "rightFetchedAt" FROM "Trial"
      WHERE "participantId" = $1 AND status = 'PENDING' ORDER BY position LIMIT 1
    ) cur ON true`,
    [participantId, vote.idempotencyKey],
    tx,
  );
  if (state!.duplicateOf !== null) {
    if (state!.duplicateOf !== participantId) throw conflict('Idempotency key already used');
    return { duplicate: true, completed: Number(state!.pending) === 0 };
  }
  if (locked && !acceptsAnswers(locked, locked)) throw conflict(graceOverMessage(locked));
  if (!state!.currentId || state!.currentId !== vote.trialId) throw conflict('This is not your current trial; reload the page');
  if (!state!.leftFetchedAt || !state!.rightFetchedAt) throw conflict('The images of this trial have not been loaded yet: wait until both are shown, then answer');
  // 3. The vote, its trial done, the participant seen (and completed with the last one): one statement.
  const now = new Date();
  const completed = Number(state!.pending) === 1;
  await sql(
    'vote-record',
    `WITH v AS (
      INSERT INTO "Vote" (id, "trialId", choice, "scoreAOverB", "responseMs", "serverResponseMs", "deviceClass", "viewportWidth",
        "viewportHeight", "screenWidth", "screenHeight", "focusLosses", "hiddenMs", "idempotencyKey", "createdAt")
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::timestamp)
      RETURNING "trialId"
    ), t AS (
      UPDATE "Trial" SET status = 'DONE' WHERE id = (SELECT "trialId" FROM v)
    )
    UPDATE "Participant" SET "lastSeenAt" = $15::timestamp, "completedAt" = CASE WHEN $16::boolean THEN $15::timestamp ELSE "completedAt" END
    WHERE id = $17`,
    [
      randomToken(16), vote.trialId, vote.choice, scoreAOverB(vote.choice, state!.leftIsA!), vote.responseMs, serverResponseMs(now, state!),
      vote.deviceClass ?? null, vote.viewportWidth ?? null, vote.viewportHeight ?? null, vote.screenWidth ?? null, vote.screenHeight ?? null,
      vote.focusLosses ?? null, vote.hiddenMs ?? null, vote.idempotencyKey, utc(now), completed, participantId,
    ],
    tx,
  );
  return { duplicate: false, completed };
}
