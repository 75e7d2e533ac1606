import { db } from '../db/client';
import type { ParticipantRecord } from './flow';

/** Every participant of a study (pilots left out), with their real trials assigned and answered: the flow's input. */
export async function participantRecords(studyId: string): Promise<ParticipantRecord[]> {
  const rows = await db().$queryRaw<{ id: string; assigned: bigint; answered: bigint; completedAt: Date | null; lastSeenAt: Date }[]>`
    SELECT p.id, p."completedAt", p."lastSeenAt",
      count(t.id) FILTER (WHERE NOT c."isAttentionCheck") AS assigned,
      count(t.id) FILTER (WHERE NOT c."isAttentionCheck" AND t.status = 'DONE') AS answered
    FROM "Participant" p
    LEFT JOIN "Trial" t ON t."participantId" = p.id
    LEFT JOIN "Comparison" c ON c.id = t."comparisonId"
    WHERE p."studyId" = ${studyId} AND NOT p.pilot
    GROUP BY p.id
    ORDER BY p."createdAt"`;
  return rows.map((r) => ({ id: r.id, assigned: Number(r.assigned), answered: Number(r.answered), completed: r.completedAt !== null, lastSeenAt: r.lastSeenAt }));
}
