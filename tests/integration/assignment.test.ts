import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { startParticipant } from '../../server/participation/participants';
import { submitVote } from '../../server/participation/votes';
import { setStudyStatus } from '../../server/studies/studies';
import { mulberry32 } from '../../server/stats/prng';
import { freshDatabase } from './db';
import { studyWithImages } from './fixtures';

const seededRng = mulberry32;

async function completeAll(participantId: string) {
  const trials = await db().trial.findMany({ where: { participantId }, orderBy: { position: 'asc' } });
  for (const t of trials) await submitVote(participantId, { trialId: t.id, choice: 3, responseMs: 900, idempotencyKey: `k-${t.id}` });
}

async function votesPerComparison(studyId: string) {
  const comparisons = await db().comparison.findMany({ where: { studyId, isAttentionCheck: false }, include: { trials: { include: { vote: true } } } });
  return comparisons.map((c) => c.trials.filter((t) => t.vote).length);
}

describe('assignment', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('30 participants over 10 comparisons: vote counts differ by at most 1 until the targets are met', async () => {
    const study = await studyWithImages(10, { trialsPerParticipant: 3, targetVotesPerComparison: 9 });
    await setStudyStatus(study.id, 'OPEN');
    const rng = seededRng(7);
    for (let i = 0; i < 30; i++) {
      const { participantId } = await startParticipant(study.slug, {}, rng);
      await completeAll(participantId);
      const counts = await votesPerComparison(study.id);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
    expect(await votesPerComparison(study.id)).toEqual(Array(10).fill(9));
  });

  it('never gives a participant the same comparison twice, and balances concurrent starts', async () => {
    const study = await studyWithImages(6, { trialsPerParticipant: 6, targetVotesPerComparison: 10 });
    await setStudyStatus(study.id, 'OPEN');
    const started = await Promise.all(Array.from({ length: 8 }, () => startParticipant(study.slug, {})));
    for (const { participantId } of started) {
      const trials = await db().trial.findMany({ where: { participantId } });
      expect(new Set(trials.map((t) => t.comparisonId)).size).toBe(trials.length);
      expect(trials).toHaveLength(6);
    }
    const loads = await db().trial.groupBy({ by: ['comparisonId'], _count: true });
    expect(loads.every((l) => l._count === 8)).toBe(true);
  });

  it('puts the first condition on the left about half of the time', async () => {
    const study = await studyWithImages(10, { trialsPerParticipant: 10, targetVotesPerComparison: 100 });
    await setStudyStatus(study.id, 'OPEN');
    const rng = seededRng(11);
    for (let i = 0; i < 40; i++) await startParticipant(study.slug, {}, rng);
    const trials = await db().trial.findMany();
    const share = trials.filter((t) => t.leftIsA).length / trials.length;
    expect(trials).toHaveLength(400);
    expect(share).toBeGreaterThan(0.42);
    expect(share).toBeLessThan(0.58);
  });

  it('plants attention checks at the configured rate, never as the first trial', async () => {
    const study = await studyWithImages(8, { trialsPerParticipant: 8, attentionCheckRate: 0.25 });
    await setStudyStatus(study.id, 'OPEN');
    const { participantId } = await startParticipant(study.slug, {});
    const trials = await db().trial.findMany({ where: { participantId }, include: { comparison: true }, orderBy: { position: 'asc' } });
    expect(trials).toHaveLength(10);
    expect(trials.filter((t) => t.comparison.isAttentionCheck)).toHaveLength(2);
    expect(trials[0].comparison.isAttentionCheck).toBe(false);
    for (const t of trials.filter((x) => x.comparison.isAttentionCheck)) expect(t.comparison.imageAId).toBe(t.comparison.imageBId);
  });

  it('gives a returning Prolific participant the same trials under a new token', async () => {
    const study = await studyWithImages(4, { trialsPerParticipant: 4 });
    await setStudyStatus(study.id, 'OPEN');
    const first = await startParticipant(study.slug, { PROLIFIC_PID: 'p-1', STUDY_ID: 's', SESSION_ID: 'x' });
    const again = await startParticipant(study.slug, { PROLIFIC_PID: 'p-1' });
    expect(again.participantId).toBe(first.participantId);
    expect(again.token).not.toBe(first.token);
    expect(await db().participant.count()).toBe(1);
    const stored = await db().participant.findFirstOrThrow();
    expect(stored.externalIdHash).not.toContain('p-1');
  });
});
