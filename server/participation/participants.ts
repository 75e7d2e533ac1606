import { randomToken, sha256 } from '../auth/tokens';
import { db, type CheckKind } from '../db/client';
import { sql, transaction, utc, type Queryable } from '../db/sql';
import { conflict, notFound } from '../http/errors';
import { findOpenStudyBySlug } from '../studies/studies';
import { attentionCheckCount, cryptoRng, orderTrials, pickChecks, pickComparisons, type Rng } from './assignment';
import { completionRedirect, trialView, type ParticipantView } from './blind';
import { externalParams } from './identity';

export { EXTERNAL_PARAMS } from './identity';

/** Trials held by a participant silent for longer than this stop counting toward a comparison's load. */
export const ABANDONED_AFTER_MINUTES = 60;

/**
 * Registers a participant who consented, and assigns their trials. One participant per browser and per
 * PROLIFIC_PID: a browser that already holds a session of this study (`existingToken`, from its cookie) gets
 * that session back, finished or not; a PROLIFIC_PID that started in another browser is refused, so a second
 * start can neither take over the first session nor give the same person fresh trials.
 */
export async function startParticipant(
  slug: string,
  params: Record<string, string | undefined>,
  rng: Rng = cryptoRng,
  options: { existingToken?: string; beforeCreate?: () => Promise<void>; pilot?: boolean } = {},
) {
  const study = await findOpenStudyBySlug(slug);
  // A pilot (an admin or researcher trying the study, server/studies/pilot.ts) always starts afresh, in any status.
  const own = options.pilot ? null : await participantIdForToken(slug, options.existingToken);
  if (own) return { token: options.existingToken!, participantId: own, resumed: true };
  if (study.status !== 'OPEN' && !options.pilot) throw conflict('This study is not open');
  await options.beforeCreate?.();
  const external = options.pilot ? {} : externalParams(params);
  const externalIdHash = external.PROLIFIC_PID ? sha256(`${study.id}:${external.PROLIFIC_PID}`) : null;
  const token = randomToken();
  const participantId = await transaction(async (tx) => {
    const now = utc(new Date());
    // A PROLIFIC_PID already here (its hash is unique per study) inserts nothing: then say where it stands.
    const [created] = await sql<{ id: string }>(
      'start-create-participant',
      `INSERT INTO "Participant" (id, "studyId", "tokenHash", "externalIdHash", "externalParams", "externalId", pilot, "consentedAt", "lastSeenAt", "createdAt")
      VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::timestamp, $8::timestamp, $8::timestamp)
      ON CONFLICT ("studyId", "externalIdHash") DO NOTHING RETURNING id`,
      [
        randomToken(16), study.id, sha256(token), externalIdHash, JSON.stringify(external),
        // The raw PROLIFIC_PID only where the study opted in to exporting it.
        study.exportProlificIds ? (external.PROLIFIC_PID ?? null) : null,
        options.pilot ?? false, now,
      ],
      tx,
    );
    if (!created) {
      const [existing] = await sql<{ completedAt: Date | null }>(
        'start-existing-participant',
        `SELECT "completedAt" FROM "Participant" WHERE "studyId" = $1 AND "externalIdHash" = $2`,
        [study.id, externalIdHash],
        tx,
      );
      throw conflict(
        existing?.completedAt
          ? 'This Prolific ID has already completed this study.'
          : 'This Prolific ID has already started this study in another browser: please continue there (or contact the researcher through Prolific).',
      );
    }
    // The study's loads are read and taken under one lock, so no comparison passes its target before every
    // other has reached it; everything before it runs concurrently.
    await sql('start-lock-study', 'SELECT pg_advisory_xact_lock(hashtext($1))', [study.id], tx);
    await assignTrials(tx, study, created.id, rng);
    return created.id;
  });
  return { token, participantId, resumed: false };
}

async function assignTrials(
  tx: Queryable,
  study: { id: string; trialsPerParticipant: number; attentionCheckRate: number; attentionCheckKinds: CheckKind[] },
  participantId: string,
  rng: Rng,
) {
  const since = new Date(Date.now() - ABANDONED_AFTER_MINUTES * 60_000);
  const loads = await sql<{ id: string; load: number }>(
    'start-comparison-loads',
    `SELECT c.id, count(t.id) FILTER (WHERE (t.status = 'DONE' OR p."lastSeenAt" >= $2::timestamp) AND NOT p.pilot) AS load
    FROM "Comparison" c
    JOIN "Prompt" pr ON pr.id = c."promptId" AND NOT pr.excluded
    LEFT JOIN "Trial" t ON t."comparisonId" = c.id
    LEFT JOIN "Participant" p ON p.id = t."participantId"
    WHERE c."studyId" = $1 AND NOT c."isAttentionCheck"
    GROUP BY c.id`,
    [study.id, utc(since)],
    tx,
  );
  const real = pickComparisons(loads, study.trialsPerParticipant, rng);
  const kinds = study.attentionCheckKinds;
  const checks = await sql<{ id: string; checkKind: CheckKind | null }>(
    'start-attention-checks',
    `SELECT c.id, c."checkKind"::text AS "checkKind" FROM "Comparison" c JOIN "Prompt" pr ON pr.id = c."promptId" AND NOT pr.excluded
    WHERE c."studyId" = $1 AND c."isAttentionCheck" AND c."checkKind"::text = ANY($2::text[])`,
    [study.id, kinds],
    tx,
  );
  const checkCount = attentionCheckCount(real.length, study.attentionCheckRate, checks.length, kinds.length);
  const chosenChecks = pickChecks(checks.map((c) => ({ id: c.id, kind: c.checkKind ?? 'IDENTICAL' })), checkCount, kinds, rng);
  const items = [
    ...real.map((id) => ({ id, isAttentionCheck: false })),
    ...chosenChecks.map((id) => ({ id, isAttentionCheck: true })),
  ];
  const trials = orderTrials(items, rng).map((item, position) => ({ id: randomToken(16), comparisonId: item.id, position, leftIsA: rng() < 0.5, leftToken: randomToken(18), rightToken: randomToken(18) }));
  const column = <K extends keyof (typeof trials)[number]>(key: K) => trials.map((t) => t[key]);
  await sql(
    'start-insert-trials',
    `INSERT INTO "Trial" (id, "participantId", "comparisonId", position, "leftIsA", "leftToken", "rightToken", "createdAt")
    SELECT id, $1, "comparisonId", position, "leftIsA", "leftToken", "rightToken", $8::timestamp
    FROM unnest($2::text[], $3::text[], $4::int[], $5::boolean[], $6::text[], $7::text[]) AS t(id, "comparisonId", position, "leftIsA", "leftToken", "rightToken")`,
    [participantId, column('id'), column('comparisonId'), column('position'), column('leftIsA'), column('leftToken'), column('rightToken'), utc(new Date())],
    tx,
  );
}

/** This browser's participant in this study (the participant page); null when none. */
export async function participantForToken(slug: string, token: string | undefined) {
  const id = await participantIdForToken(slug, token);
  return id ? db().participant.findUnique({ where: { id } }) : null;
}

interface ViewRow {
  completionCode: string;
  redirectUrl: string | null;
  showPrompt: boolean;
  externalParams: Record<string, string>;
  total: number;
  id: string | null;
  position: number | null;
  leftToken: string | null;
  rightToken: string | null;
  prompt: string | null;
}

/**
 * Where the participant stands: their current trial (and the next one, to preload) or the completion page.
 * One statement: marks the participant seen and the current trial served (the server's clock for response
 * times starts there), and reads the view.
 */
export async function participantView(participantId: string): Promise<ParticipantView> {
  const rows = await sql<ViewRow>(
    'participant-view',
    `
    WITH seen AS (
      UPDATE "Participant" SET "lastSeenAt" = $2::timestamp WHERE id = $1 RETURNING id, "studyId", "externalParams"
    ), pending AS (
      SELECT t.id, t.position, t."leftToken", t."rightToken", t."shownAt", t."comparisonId" FROM "Trial" t
      WHERE t."participantId" = $1 AND t.status = 'PENDING' ORDER BY t.position LIMIT 2
    ), served AS (
      UPDATE "Trial" SET "shownAt" = $2::timestamp
      WHERE id = (SELECT id FROM pending ORDER BY position LIMIT 1) AND "shownAt" IS NULL
    )
    SELECT s."completionCode", s."redirectUrl", s."showPrompt", seen."externalParams",
      (SELECT count(*) FROM "Trial" WHERE "participantId" = $1) AS total,
      pending.id, pending.position, pending."leftToken", pending."rightToken", pr.text AS prompt
    FROM seen
    JOIN "Study" s ON s.id = seen."studyId"
    LEFT JOIN pending ON true
    LEFT JOIN "Comparison" c ON c.id = pending."comparisonId"
    LEFT JOIN "Prompt" pr ON pr.id = c."promptId"
    ORDER BY pending.position`,
    [participantId, utc(new Date())],
  );
  const first = rows[0];
  if (!first) throw notFound('No such participant');
  const trials = rows.filter((r) => r.id !== null).map((r) => ({ id: r.id!, position: r.position!, leftToken: r.leftToken!, rightToken: r.rightToken! }));
  // The prompt goes out only where the study shows it (showPrompt); never a condition.
  const view = trialView(trials, Number(first.total), first.showPrompt ? (rows[0]!.prompt ?? undefined) : undefined);
  if (view) return view;
  return { stage: 'done', completionCode: first.completionCode, redirectUrl: completionRedirect(first.redirectUrl, first.externalParams) };
}

/** The id of this browser's participant in this study (its cookie's token), or null. One statement. */
export async function participantIdForToken(slug: string, token: string | undefined): Promise<string | null> {
  if (!token) return null;
  const [row] = await sql<{ id: string }>(
    'participant-for-token',
    `SELECT p.id FROM "Participant" p JOIN "Study" s ON s.id = p."studyId" WHERE p."tokenHash" = $1 AND s.slug = $2`,
    [sha256(token), slug],
  );
  return row?.id ?? null;
}
