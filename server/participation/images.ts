import { sha256 } from '../auth/tokens';
import { sql, utc } from '../db/sql';

interface TrialImageRow {
  isLeft: boolean;
  leftIsA: boolean;
  keyA: string;
  keyB: string;
  checkImageKey: string | null;
}

/**
 * The stored image behind a per-trial token, if one of `participantTokens` (the browser's participant
 * cookies) belongs to the trial's participant; records the first delivery of each side, which votes need.
 * One statement: the lookup and the first-delivery mark together. Both sides, every condition and every check
 * take exactly the same steps, so timing reveals nothing.
 */
export async function serveTrialImage(imageToken: string, participantTokens: string[]): Promise<string | null> {
  if (participantTokens.length === 0) return null;
  const hashes = participantTokens.map(sha256);
  const [row] = await sql<TrialImageRow>(
    'serve-trial-image',
    `WITH hit AS (
      SELECT t.id, t."leftToken" = $1 AS "isLeft", t."leftIsA",
        a."storageKey" AS "keyA", b."storageKey" AS "keyB", c."checkImageKey"
      FROM "Trial" t
      JOIN "Participant" p ON p.id = t."participantId"
      JOIN "Comparison" c ON c.id = t."comparisonId"
      JOIN "Image" a ON a.id = c."imageAId"
      JOIN "Image" b ON b.id = c."imageBId"
      WHERE (t."leftToken" = $1 OR t."rightToken" = $1) AND p."tokenHash" = ANY($2::text[])
    ), mark AS (
      UPDATE "Trial" t
      SET "leftFetchedAt" = CASE WHEN hit."isLeft" THEN $3::timestamp ELSE t."leftFetchedAt" END,
          "rightFetchedAt" = CASE WHEN hit."isLeft" THEN t."rightFetchedAt" ELSE $3::timestamp END
      FROM hit
      WHERE t.id = hit.id AND CASE WHEN hit."isLeft" THEN t."leftFetchedAt" IS NULL ELSE t."rightFetchedAt" IS NULL END
    )
    SELECT "isLeft", "leftIsA", "keyA", "keyB", "checkImageKey" FROM hit`,
    [imageToken, hashes, utc(new Date())],
  );
  if (!row) return null;
  const showsA = row.isLeft === row.leftIsA;
  return showsA ? row.keyA : (row.checkImageKey ?? row.keyB);
}
