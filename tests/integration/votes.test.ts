import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { participantView, startParticipant } from '../../server/participation/participants';
import { submitVote, submitVoteByToken } from '../../server/participation/votes';
import { voteRows } from '../../server/results/votes';
import { setStudyStatus } from '../../server/studies/studies';
import { freshDatabase } from './db';
import { answerTrial, fetchTrialImages, studyWithImages } from './fixtures';

async function openStudyWithParticipant(trials = 3) {
  const study = await studyWithImages(trials, { trialsPerParticipant: trials });
  await setStudyStatus(study.id, 'OPEN');
  const { participantId, token } = await startParticipant(study.slug, {});
  const ordered = await db().trial.findMany({ where: { participantId }, orderBy: { position: 'asc' } });
  return { study, participantId, token, trials: ordered };
}

describe('votes', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('counts a retried submit with the same idempotency key once', async () => {
    const { participantId, token, trials } = await openStudyWithParticipant();
    await fetchTrialImages(token, trials[0]);
    const vote = { trialId: trials[0].id, choice: 2, responseMs: 1500, idempotencyKey: 'retry-key-1' };
    expect((await submitVote(participantId, vote)).duplicate).toBe(false);
    expect((await submitVote(participantId, vote)).duplicate).toBe(true);
    expect(await db().vote.count()).toBe(1);
  });

  it('counts concurrent double submits once', async () => {
    const { participantId, token, trials } = await openStudyWithParticipant();
    await fetchTrialImages(token, trials[0]);
    const vote = { trialId: trials[0].id, choice: 4, responseMs: 800, idempotencyKey: 'double-click-1' };
    const results = await Promise.all([submitVote(participantId, vote), submitVote(participantId, vote), submitVote(participantId, vote)]);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await db().vote.count()).toBe(1);
  });

  it('by cookie token (the vote route): only the token of this study finds the participant; a retry counts once', async () => {
    const { study, participantId, token, trials } = await openStudyWithParticipant();
    await fetchTrialImages(token, trials[0]);
    const vote = { trialId: trials[0].id, choice: 5, responseMs: 900, idempotencyKey: 'by-token-1' };
    for (const [slug, t] of [[study.slug, 'not-a-token'], ['another-study', token], [study.slug, undefined]] as const) {
      await expect(submitVoteByToken(slug, t, vote)).rejects.toThrow(/No session for this study in this browser/);
    }
    expect(await db().vote.count()).toBe(0);
    expect(await submitVoteByToken(study.slug, token, vote)).toEqual({ duplicate: false, completed: false, participantId });
    expect(await submitVoteByToken(study.slug, token, vote)).toEqual({ duplicate: true, completed: false, participantId });
    expect((await db().vote.findMany()).map((v) => [v.trialId, v.choice])).toEqual([[trials[0].id, 5]]);
  });

  it('refuses a vote for a trial that is not the current one, and stores nothing', async () => {
    const { participantId, trials } = await openStudyWithParticipant();
    await expect(submitVote(participantId, { trialId: trials[1].id, choice: 1, responseMs: 10, idempotencyKey: 'skip-ahead' })).rejects.toThrow(/not your current trial/);
    const other = await startParticipant((await db().study.findFirstOrThrow()).slug, {});
    await expect(submitVote(other.participantId, { trialId: trials[0].id, choice: 1, responseMs: 10, idempotencyKey: 'someone-else' })).rejects.toThrow(/not your current trial/);
    expect(await db().vote.count()).toBe(0);
  });

  it('stores the score of condition A over B whichever side A was shown on, and completes the participant', async () => {
    const { participantId, token, trials } = await openStudyWithParticipant(3);
    for (const t of trials) await answerTrial(participantId, token, t, 1);
    const votes = await db().vote.findMany({ include: { trial: true } });
    for (const v of votes) expect(v.scoreAOverB).toBe(v.trial.leftIsA ? 2 : -2);
    const view = await participantView(participantId);
    expect(view).toMatchObject({ stage: 'done', completionCode: 'DONE-123' });
    const rows = await voteRows((await db().study.findFirstOrThrow()).id);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.preferred).toBe(r.condition_left);
  });

  it('refuses a vote before both images of the trial were delivered, and records the server-side response time', async () => {
    const { participantId, token, trials } = await openStudyWithParticipant(2);
    const { serveTrialImage } = await import('../../server/participation/images');
    const vote = { trialId: trials[0].id, choice: 2, responseMs: 5, idempotencyKey: 'too-early-1' };
    await expect(submitVote(participantId, vote)).rejects.toThrow(/images of this trial have not been loaded/);
    await serveTrialImage(trials[0].leftToken, [token]);
    await expect(submitVote(participantId, vote)).rejects.toThrow(/images of this trial have not been loaded/);
    expect(await db().vote.count()).toBe(0);
    await serveTrialImage(trials[0].rightToken, [token]);
    await new Promise((r) => setTimeout(r, 300));
    await submitVote(participantId, vote);
    const stored = await db().vote.findFirstOrThrow();
    expect(stored.responseMs).toBe(5);
    expect(stored.serverResponseMs).toBeGreaterThanOrEqual(290);
    expect(stored.serverResponseMs).toBeLessThan(5000);
    const trial = await db().trial.findUniqueOrThrow({ where: { id: trials[0].id } });
    expect(trial.leftFetchedAt).not.toBeNull();
    expect(trial.rightFetchedAt!.getTime()).toBeGreaterThanOrEqual(trial.leftFetchedAt!.getTime());
  });

  it('an image fetched again keeps its first delivery time', async () => {
    const { token, trials } = await openStudyWithParticipant(2);
    const { serveTrialImage } = await import('../../server/participation/images');
    await serveTrialImage(trials[0].leftToken, [token]);
    const first = (await db().trial.findUniqueOrThrow({ where: { id: trials[0].id } })).leftFetchedAt;
    await new Promise((r) => setTimeout(r, 20));
    await serveTrialImage(trials[0].leftToken, [token]);
    expect((await db().trial.findUniqueOrThrow({ where: { id: trials[0].id } })).leftFetchedAt).toEqual(first);
    expect(await serveTrialImage(trials[0].leftToken, ['someone-elses-token'])).toBeNull();
  });

  it('shows the participant nothing that names a condition, prompt or image', async () => {
    const { participantId } = await openStudyWithParticipant(2);
    const text = JSON.stringify(await participantView(participantId));
    const images = await db().image.findMany({ include: { condition: true, prompt: true } });
    for (const image of images) {
      for (const secret of [image.id, image.storageKey, image.condition.name, image.prompt.text, image.promptId]) expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/dense|ras|seed|prompt|condition/i);
  });
});

describe('participant images', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('serves both sides of every trial with identical headers, only to the participant who holds the trial', async () => {
    const { GET } = await import('../../app/api/img/[token]/route');
    const { study, participantId } = await openStudyWithParticipant(3);
    const { token } = await startParticipant(study.slug, {});
    const mine = await db().participant.findFirstOrThrow({ where: { NOT: { id: participantId } } });
    const trials = await db().trial.findMany({ where: { participantId: mine.id } });
    const cookie = `ras_p_${study.slug}=${token}`;
    const fetchImage = (t: string, withCookie = true) =>
      GET(new Request(`http://x/api/img/${t}`, { headers: withCookie ? { cookie } : {} }), { params: Promise.resolve({ token: t }) });
    const headerSets = new Set<string>();
    for (const trial of trials) {
      for (const t of [trial.leftToken, trial.rightToken]) {
        const response = await fetchImage(t);
        expect(response.status).toBe(200);
        const headers = [...response.headers].filter(([name]) => name !== 'content-length');
        headerSets.add(JSON.stringify(headers));
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(50);
      }
      expect((await fetchImage(trial.leftToken, false)).status).toBe(404);
    }
    expect(headerSets.size).toBe(1);
    const others = await db().trial.findFirstOrThrow({ where: { participantId } });
    expect((await fetchImage(others.leftToken)).status).toBe(404);
  });
});
