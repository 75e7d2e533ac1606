import { randomToken, sha256 } from '../auth/tokens';
import { db, type Prisma } from '../db/client';
import { conflict, notFound } from '../http/errors';
import { findOpenStudyBySlug } from '../studies/studies';
import { attentionCheckCount, cryptoRng, orderTrials, pickComparisons, type Rng } from './assignment';
import { completionRedirect, trialView, type ParticipantView } from './blind';

export const EXTERNAL_PARAMS = ['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID'] as const;

/** Trials held by a participant silent for longer than this stop counting toward a comparison's load. */
export const ABANDONED_AFTER_MINUTES = 60;

type Tx = Prisma.TransactionClient;

function externalParams(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of EXTERNAL_PARAMS) {
    const value = params[key]?.trim();
    if (value) out[key] = value.slice(0, 200);
  }
  return out;
}

/**
 * Registers a participant who consented, and assigns their trials. A returning Prolific participant (same
 * PROLIFIC_PID) gets their existing trials back under a fresh token.
 */
export async function startParticipant(slug: string, params: Record<string, string | undefined>, rng: Rng = cryptoRng) {
  const study = await findOpenStudyBySlug(slug);
  if (study.status !== 'OPEN') throw conflict('This study is not open');
  const external = externalParams(params);
  const externalIdHash = external.PROLIFIC_PID ? sha256(`${study.id}:${external.PROLIFIC_PID}`) : null;
  const token = randomToken();
  const participant = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${study.id}))`;
    if (externalIdHash) {
      const existing = await tx.participant.findUnique({ where: { studyId_externalIdHash: { studyId: study.id, externalIdHash } } });
      if (existing) return tx.participant.update({ where: { id: existing.id }, data: { tokenHash: sha256(token), lastSeenAt: new Date() } });
    }
    const created = await tx.participant.create({
      data: { studyId: study.id, tokenHash: sha256(token), externalIdHash, externalParams: external, consentedAt: new Date() },
    });
    await assignTrials(tx, study, created.id, rng);
    return created;
  });
  return { token, participantId: participant.id };
}

async function assignTrials(
  tx: Tx,
  study: { id: string; trialsPerParticipant: number; attentionCheckRate: number },
  participantId: string,
  rng: Rng,
) {
  const since = new Date(Date.now() - ABANDONED_AFTER_MINUTES * 60_000);
  const loads = await tx.$queryRaw<{ id: string; load: bigint }[]>`
    SELECT c.id, count(t.id) FILTER (WHERE t.status = 'DONE' OR p."lastSeenAt" >= ${since}) AS load
    FROM "Comparison" c
    JOIN "Prompt" pr ON pr.id = c."promptId" AND NOT pr.excluded
    LEFT JOIN "Trial" t ON t."comparisonId" = c.id
    LEFT JOIN "Participant" p ON p.id = t."participantId"
    WHERE c."studyId" = ${study.id} AND NOT c."isAttentionCheck"
    GROUP BY c.id`;
  const real = pickComparisons(loads.map((l) => ({ id: l.id, load: Number(l.load) })), study.trialsPerParticipant, rng);
  const checks = await tx.comparison.findMany({
    where: { studyId: study.id, isAttentionCheck: true, prompt: { excluded: false } },
    select: { id: true },
  });
  const checkCount = attentionCheckCount(real.length, study.attentionCheckRate, checks.length);
  const chosenChecks = pickComparisons(checks.map((c) => ({ id: c.id, load: 0 })), checkCount, rng);
  const items = [
    ...real.map((id) => ({ id, isAttentionCheck: false })),
    ...chosenChecks.map((id) => ({ id, isAttentionCheck: true })),
  ];
  await tx.trial.createMany({
    data: orderTrials(items, rng).map((item, position) => ({
      participantId,
      comparisonId: item.id,
      position,
      leftIsA: rng() < 0.5,
      leftToken: randomToken(18),
      rightToken: randomToken(18),
    })),
  });
}

export async function participantForToken(slug: string, token: string | undefined) {
  if (!token) return null;
  const participant = await db().participant.findUnique({ where: { tokenHash: sha256(token) }, include: { study: true } });
  if (!participant || participant.study.slug !== slug) return null;
  return participant;
}

/** Where the participant stands: their current trial (and the next one, to preload) or the completion page. */
export async function participantView(participantId: string): Promise<ParticipantView> {
  const participant = await db().participant.update({
    where: { id: participantId },
    data: { lastSeenAt: new Date() },
    include: { study: true, trials: { where: { status: 'PENDING' }, orderBy: { position: 'asc' }, take: 2 } },
  });
  const total = await db().trial.count({ where: { participantId } });
  const view = trialView(participant.trials, total);
  if (view) {
    const current = participant.trials[0];
    if (!current.shownAt) await db().trial.update({ where: { id: current.id }, data: { shownAt: new Date() } });
    return view;
  }
  return {
    stage: 'done',
    completionCode: participant.study.completionCode,
    redirectUrl: completionRedirect(participant.study.redirectUrl, participant.externalParams as Record<string, string>),
  };
}

export async function requireParticipant(slug: string, token: string | undefined) {
  const participant = await participantForToken(slug, token);
  if (!participant) throw notFound('No session for this study in this browser');
  return participant;
}
