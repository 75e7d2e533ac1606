import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { startParticipant } from '../../server/participation/participants';
import { setStudyStatus } from '../../server/studies/studies';
import { mulberry32 } from '../../server/stats/prng';
import { freshDatabase } from './db';
import { answerTrial, studyWithImages } from './fixtures';

const seededRng = mulberry32;

async function completeAll({ participantId, token }: { participantId: string; token: string }) {
  const trials = await db().trial.findMany({ where: { participantId }, orderBy: { position: 'asc' } });
  for (const t of trials) await answerTrial(participantId, token, t, 3);
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
      await completeAll(await startParticipant(study.slug, {}, rng));
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
    const checks = trials.filter((x) => x.comparison.isAttentionCheck);
    for (const t of checks) expect(t.comparison.imageAId).toBe(t.comparison.imageBId);
    expect(checks.map((t) => t.comparison.checkKind).sort()).toEqual(['DEGRADED', 'IDENTICAL']);
  });

  it('gives at least one check of each kind even when the rate alone would give one, and only the kinds chosen', async () => {
    const both = await studyWithImages(6, { trialsPerParticipant: 4, attentionCheckRate: 0.1 });
    await setStudyStatus(both.id, 'OPEN');
    for (let i = 0; i < 5; i++) {
      const { participantId } = await startParticipant(both.slug, {});
      const kinds = (await db().trial.findMany({ where: { participantId, comparison: { isAttentionCheck: true } }, include: { comparison: true } })).map((t) => t.comparison.checkKind);
      expect(kinds.sort()).toEqual(['DEGRADED', 'IDENTICAL']);
    }
    const onlyDegraded = await studyWithImages(6, { trialsPerParticipant: 4, attentionCheckRate: 0.5, attentionCheckKinds: ['degraded'] });
    await setStudyStatus(onlyDegraded.id, 'OPEN');
    const { participantId } = await startParticipant(onlyDegraded.slug, {});
    const kinds = (await db().trial.findMany({ where: { participantId, comparison: { isAttentionCheck: true } }, include: { comparison: true } })).map((t) => t.comparison.checkKind);
    expect(kinds).toEqual(['DEGRADED', 'DEGRADED']);
  });

  it('one participant per PROLIFIC_PID: normalised, validated, never taken over from another browser', async () => {
    const study = await studyWithImages(4, { trialsPerParticipant: 4 });
    await setStudyStatus(study.id, 'OPEN');
    const pid = '5f1a2b3c4d5e6f7a8b9c0d1e';
    const first = await startParticipant(study.slug, { PROLIFIC_PID: ` ${pid.toUpperCase()} `, STUDY_ID: 's', SESSION_ID: 'x' });
    await expect(startParticipant(study.slug, { PROLIFIC_PID: pid })).rejects.toThrow(/already started this study in another browser/);
    const sameBrowser = await startParticipant(study.slug, { PROLIFIC_PID: pid }, undefined, { existingToken: first.token });
    expect(sameBrowser).toMatchObject({ participantId: first.participantId, token: first.token, resumed: true });
    for (const bad of ['abc', 'ABC', `${pid}0`, 'zz1a2b3c4d5e6f7a8b9c0d1e', 'x'.repeat(5000)]) {
      await expect(startParticipant(study.slug, { PROLIFIC_PID: bad })).rejects.toThrow(/PROLIFIC_PID must be a Prolific id/);
    }
    expect(await db().participant.count()).toBe(1);
    const stored = await db().participant.findFirstOrThrow();
    expect(stored.externalIdHash).not.toContain(pid);
    expect(stored.externalParams).toEqual({ PROLIFIC_PID: pid, STUDY_ID: 's', SESSION_ID: 'x' });
  });

  it('two starts with one PROLIFIC_PID at the same moment: one participant, the other told where it stands', async () => {
    const study = await studyWithImages(4, { trialsPerParticipant: 4 });
    await setStudyStatus(study.id, 'OPEN');
    const pid = '6a1a2b3c4d5e6f7a8b9c0d1e';
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => startParticipant(study.slug, { PROLIFIC_PID: pid })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) expect(String((r as PromiseRejectedResult).reason)).toMatch(/already started this study in another browser/);
    expect(await db().participant.count()).toBe(1);
    expect(await db().trial.count()).toBe(4 + (await db().trial.count({ where: { comparison: { isAttentionCheck: true } } })));
  });

  it('a finished participant starting again from the same browser gets the completion page, not new trials', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 3 });
    await setStudyStatus(study.id, 'OPEN');
    const started = await startParticipant(study.slug, {});
    await completeAll(started);
    const again = await startParticipant(study.slug, {}, undefined, { existingToken: started.token });
    expect(again.participantId).toBe(started.participantId);
    expect(await db().participant.count()).toBe(1);
    expect(await db().trial.count()).toBe(3);
  });
});
