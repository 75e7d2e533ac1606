import { sha256 } from '../auth/tokens';
import { db } from '../db/client';

interface TrialImageRow {
  trialId: string;
  slug: string;
  tokenHash: string;
  isLeft: boolean;
  leftIsA: boolean;
  fetchedAt: Date | null;
  keyA: string;
  keyB: string;
  checkImageKey: string | null;
}

/**
 * The stored image behind a per-trial token, if `participantTokenFor(slug)` (the participant cookie of the
 * trial's study) belongs to the trial's participant; records the first delivery of each side, which votes need.
 * Both sides, every condition and every check take exactly the same steps, so timing reveals nothing.
 */
export async function serveTrialImage(imageToken: string, participantTokenFor: (slug: string) => string | undefined): Promise<string | null> {
  const [row] = await db().$queryRaw<TrialImageRow[]>`
    SELECT t.id AS "trialId", s.slug, p."tokenHash", t."leftToken" = ${imageToken} AS "isLeft", t."leftIsA",
      CASE WHEN t."leftToken" = ${imageToken} THEN t."leftFetchedAt" ELSE t."rightFetchedAt" END AS "fetchedAt",
      a."storageKey" AS "keyA", b."storageKey" AS "keyB", c."checkImageKey"
    FROM "Trial" t
    JOIN "Participant" p ON p.id = t."participantId"
    JOIN "Study" s ON s.id = p."studyId"
    JOIN "Comparison" c ON c.id = t."comparisonId"
    JOIN "Image" a ON a.id = c."imageAId"
    JOIN "Image" b ON b.id = c."imageBId"
    WHERE t."leftToken" = ${imageToken} OR t."rightToken" = ${imageToken}`;
  if (!row) return null;
  const participantToken = participantTokenFor(row.slug);
  if (!participantToken || sha256(participantToken) !== row.tokenHash) return null;
  if (!row.fetchedAt) {
    const now = new Date();
    if (row.isLeft) await db().$executeRaw`UPDATE "Trial" SET "leftFetchedAt" = ${now} WHERE id = ${row.trialId} AND "leftFetchedAt" IS NULL`;
    else await db().$executeRaw`UPDATE "Trial" SET "rightFetchedAt" = ${now} WHERE id = ${row.trialId} AND "rightFetchedAt" IS NULL`;
  }
  const showsA = row.isLeft === row.leftIsA;
  return showsA ? row.keyA : (row.checkImageKey ?? row.keyB);
}
