// Issue #12 at the domain level on a real PostgreSQL: draft edits and what freezes at opening, the upload's
// error messages, pilot participants kept out of every statistic and export, the close grace period, device
// and focus recording with its exclusion rule, the opt-in raw Prolific ID export, design counts.
import { zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { HttpError } from '../../server/http/errors';
import { participantView, startParticipant } from '../../server/participation/participants';
import { simulateParticipant } from '../../server/participation/simulate';
import { submitVote } from '../../server/participation/votes';
import { exportFile, prolificIdExport } from '../../server/results/exports';
import { studyResults } from '../../server/results/studyResults';
import { designCounts, designWarnings } from '../../server/studies/design';
import { importImageSet } from '../../server/studies/importImages';
import { setPlan } from '../../server/studies/plan';
import { startPilot } from '../../server/studies/pilot';
import { createStudy, deleteStudy, listStudies, setStudyStatus, updateStudy } from '../../server/studies/studies';
import { readUploadRequest } from '../../server/studies/uploadRequest';
import { freshDatabase } from './db';
import { fetchTrialImages, imageBundle, studyInput, studyWithImages } from './fixtures';

const PID = 'a'.repeat(24);

async function statusOf(promise: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected an HttpError');
}

/** Plays every trial of a started participant with `choice` (and `device` with each vote). */
async function playAll(participantId: string, token: string, choice: number, device: Record<string, unknown> = {}) {
  const trials = await db().trial.findMany({ where: { participantId }, orderBy: { position: 'asc' } });
  for (const trial of trials) {
    await fetchTrialImages(token, trial);
    await submitVote(participantId, { trialId: trial.id, choice, responseMs: 2000, idempotencyKey: `k-${trial.id}`, ...device });
  }
  return trials.length;
}

beforeEach(async () => {
  await freshDatabase();
});

describe('editing a study', () => {
  it('saves every field while a draft', async () => {
    const study = await createStudy(studyInput());
    expect(study.participantTitle).toBe('Image comparison');
    const edited = await updateStudy(study.id, {
      title: 'Internal: dense vs RAS',
      participantTitle: 'Bilder vergleichen',
      question: 'Welches Bild ist besser?',
      scaleLabels: ['{first} viel besser', '{first} etwas besser', 'Gleich', '{second} etwas besser', '{second} viel besser'],
      showPrompt: 'on',
      consentText: 'Fixed typo.',
      trialsPerParticipant: 3,
      declineCode: 'NO-CONSENT',
      declineRedirectUrl: 'https://example.org/declined',
      minScreenWidth: '800',
      closeGraceMinutes: 30,
      redirectUrl: '',
    });
    expect(edited).toMatchObject({
      title: 'Internal: dense vs RAS',
      participantTitle: 'Bilder vergleichen',
      showPrompt: true,
      consentText: 'Fixed typo.',
      trialsPerParticipant: 3,
      declineCode: 'NO-CONSENT',
      minScreenWidth: 800,
      minScreenHeight: null,
      closeGraceMinutes: 30,
      redirectUrl: null,
    });
    expect(edited.scaleLabels[2]).toBe('Gleich');
  });

  it('refuses bad input with 400 and unknown fields', async () => {
    const study = await createStudy(studyInput());
    await expect(updateStudy(study.id, { scaleLabels: ['a', 'b'] })).rejects.toThrow(/all five labels/);
    await expect(updateStudy(study.id, { slug: 'mine' })).rejects.toThrow();
    await expect(updateStudy(study.id, { declineRedirectUrl: 'not a url' })).rejects.toThrow(/full URL/);
  });

  it('after opening: a frozen field gets 409 with the reason and nothing is written; editable fields and unchanged values pass', async () => {
    const study = await studyWithImages(3);
    await setStudyStatus(study.id, 'OPEN');
    const before = await db().study.findUniqueOrThrow({ where: { id: study.id } });
    const refused = await statusOf(updateStudy(study.id, { title: 'New internal title', consentText: 'Changed consent', trialsPerParticipant: 2 }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/consentText, trialsPerParticipant cannot change: the study has opened/);
    expect(refused.message).toMatch(/Still editable: title/);
    expect(await db().study.findUniqueOrThrow({ where: { id: study.id } })).toEqual(before);
    const edited = await updateStudy(study.id, { title: 'New internal title', consentText: before.consentText, completionCode: 'NEW-CODE', closeGraceMinutes: 5 });
    expect(edited).toMatchObject({ title: 'New internal title', completionCode: 'NEW-CODE', closeGraceMinutes: 5, consentText: before.consentText });
  });

  it('delete: refused while open, everything gone once closed', async () => {
    const study = await studyWithImages(2);
    await setStudyStatus(study.id, 'OPEN');
    await simulateParticipant(study.slug, { score: 1 });
    expect((await statusOf(deleteStudy(study.id))).status).toBe(409);
    await setStudyStatus(study.id, 'CLOSED');
    await deleteStudy(study.id);
    expect(await db().study.count()).toBe(0);
    expect(await db().vote.count()).toBe(0);
    expect(await db().image.count()).toBe(0);
  });
});

describe('design counts', () => {
  it('counts comparisons from the images, excluded prompts not counted, and warns when trials exceed them', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 4 }, ['dense', 'ras-50', 'ras-25']);
    const counts = await designCounts(study.id);
    expect(counts).toMatchObject({ conditions: 3, prompts: 3, images: 9, comparisons: 9, comparisonsCreated: 9 });
    const prompt = await db().prompt.findFirstOrThrow({ where: { studyId: study.id } });
    await db().prompt.update({ where: { id: prompt.id }, data: { excluded: true } });
    const after = await designCounts(study.id);
    expect(after).toMatchObject({ promptsExcluded: 1, comparisons: 6, comparisonsCreated: 6 });
    expect(designWarnings({ trialsPerParticipant: 7, targetVotesPerComparison: 1 }, after)[0]).toMatch(/Trials per participant \(7\) exceed the study's 6 comparisons/);
    expect((await listStudies())[0].comparisons).toBe(6);
  });
});

describe('uploads', () => {
  it('a file that is not a zip gets 400 with a message, and nothing is written', async () => {
    const study = await createStudy(studyInput());
    const form = new FormData();
    form.set('zip', new File([Buffer.from('%PDF-1.4 not a zip at all')], 'set.zip', { type: 'application/zip' }));
    const refused = await statusOf(readUploadRequest(new Request('http://x/upload', { method: 'POST', body: form })).then((b) => importImageSet(study.id, b)));
    expect(refused.status).toBe(400);
    expect(refused.message).toMatch(/not a zip archive/);
    expect(await db().image.count()).toBe(0);
    expect(await db().condition.count()).toBe(0);
    const noManifest = await statusOf(readUploadRequest(new Request('http://x/upload', { method: 'POST', body: (() => { const f = new FormData(); f.set('zip', new File([zipSync({ 'a.png': new Uint8Array([1]) })], 'set.zip')); return f; })() })));
    expect(noManifest).toMatchObject({ status: 400, message: expect.stringMatching(/no manifest/) });
    expect(await db().prompt.count()).toBe(0);
  });
});

describe('pilot participants', () => {
  it('take a draft study blinded, and never reach a statistic, the flow, the counts or an export', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 3 });
    const pilot = await startPilot(study.id);
    expect(pilot.url).toBe(`/s/${study.slug}`);
    const view = await participantView(pilot.participantId);
    expect(view.stage).toBe('trial');
    expect(JSON.stringify(view)).not.toMatch(/dense|ras-50|prompt number/);
    await playAll(pilot.participantId, pilot.token, 1);
    expect((await db().participant.findUniqueOrThrow({ where: { id: pilot.participantId } })).pilot).toBe(true);

    await setStudyStatus(study.id, 'OPEN');
    const real = await simulateParticipant(study.slug, { score: -1 });
    const r = await studyResults(study.id);
    expect(new Set(r.rows.map((row) => row.participant_id))).toEqual(new Set([real]));
    expect(r.flow.started).toBe(1);
    expect(r.summary.realVotes).toBe(3);
    for (const kind of ['votes', 'comparisons', 'participants', 'stats'] as const) {
      const file = await exportFile(study.id, kind, 'json', new URLSearchParams());
      expect(file.body).not.toContain(pilot.participantId);
    }
    const votes = JSON.parse((await exportFile(study.id, 'votes', 'json', new URLSearchParams())).body) as { score_a_over_b: number }[];
    expect(votes.every((v) => v.score_a_over_b === -1)).toBe(true);
    const [listed] = await listStudies();
    expect(listed).toMatchObject({ participants: 1, votes: 3, answers: 3 });
  });

  it('pilot trials do not count toward a comparison’s load, so real participants still get the least-answered one', async () => {
    const study = await studyWithImages(2, { trialsPerParticipant: 1 });
    await setStudyStatus(study.id, 'OPEN');
    const first = await simulateParticipant(study.slug, { score: 0 });
    const answered = (await db().trial.findFirstOrThrow({ where: { participantId: first } })).comparisonId;
    const other = (await db().comparison.findFirstOrThrow({ where: { studyId: study.id, isAttentionCheck: false, id: { not: answered } } })).id;
    // Three pilots all on the other comparison: counted, they would make it the busier one.
    for (let i = 0; i < 3; i++) {
      const pilot = await startPilot(study.id);
      await db().trial.updateMany({ where: { participantId: pilot.participantId }, data: { comparisonId: other } });
      await playAll(pilot.participantId, pilot.token, 3);
    }
    const second = await simulateParticipant(study.slug, { score: 0 });
    expect((await db().trial.findFirstOrThrow({ where: { participantId: second } })).comparisonId).toBe(other);
  });
});

describe('closing with a grace period', () => {
  it('started participants finish within the grace window; new starts are refused; after it answers are refused', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 2, closeGraceMinutes: 30 });
    await setStudyStatus(study.id, 'OPEN');
    const { participantId, token } = await startParticipant(study.slug, {});
    const late = await startParticipant(study.slug, {});
    await setStudyStatus(study.id, 'CLOSED');
    expect((await statusOf(startParticipant(study.slug, {}))).status).toBe(409);
    expect(await playAll(participantId, token, 2)).toBe(2);
    const done = await participantView(participantId);
    expect(done).toMatchObject({ stage: 'done', completionCode: 'DONE-123' });

    await db().study.update({ where: { id: study.id }, data: { closedAt: new Date(Date.now() - 31 * 60_000) } });
    const [trial] = await db().trial.findMany({ where: { participantId: late.participantId }, orderBy: { position: 'asc' } });
    await fetchTrialImages(late.token, trial);
    const refused = await statusOf(submitVote(late.participantId, { trialId: trial.id, choice: 3, responseMs: 900, idempotencyKey: 'late-vote' }));
    expect(refused.status).toBe(409);
    expect(refused.message).toMatch(/30-minute grace period/);
    expect(await db().vote.count({ where: { trialId: trial.id } })).toBe(0);
  });
});

describe('device, viewport, screen and focus with every vote', () => {
  it('are stored, exported, and excluded by the optional rule', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 3 });
    await setPlan(study.id, { exclusions: { fastMedianMs: null, maxFocusLosses: 1 } });
    await setStudyStatus(study.id, 'OPEN');
    const steady = await startParticipant(study.slug, {});
    await playAll(steady.participantId, steady.token, 2, { deviceClass: 'phone', viewportWidth: 390, viewportHeight: 844, screenWidth: 390, screenHeight: 844, focusLosses: 0, hiddenMs: 0 });
    const wanderer = await startParticipant(study.slug, {});
    await playAll(wanderer.participantId, wanderer.token, 4, { deviceClass: 'desktop', viewportWidth: 1366, viewportHeight: 768, screenWidth: 1920, screenHeight: 1080, focusLosses: 1, hiddenMs: 4000 });
    const r = await studyResults(study.id);
    expect(r.exclusions.participants.byRule.focusLosses).toEqual([wanderer.participantId]);
    expect(r.exclusions.participants.excludedIds).toEqual([wanderer.participantId]);
    expect(r.exclusions.rule).toMatch(/left the page .* more than 1 time during the comparisons/);
    const votes = JSON.parse((await exportFile(study.id, 'votes', 'json', new URLSearchParams())).body) as Record<string, unknown>[];
    expect(votes.find((v) => v.participant_id === steady.participantId)).toMatchObject({ device_class: 'phone', viewport_width: 390, viewport_height: 844, screen_width: 390, screen_height: 844, focus_losses: 0, hidden_ms: 0 });
    expect(votes.find((v) => v.participant_id === wanderer.participantId)).toMatchObject({ device_class: 'desktop', focus_losses: 1, hidden_ms: 4000, kept: false });
    const participants = await exportFile(study.id, 'participants', 'csv', new URLSearchParams());
    expect(participants.body.split('\n')[0]).toContain('device_class,focus_losses');
    expect(participants.body).toContain('left the page too often');
  });
});

describe('exports', () => {
  it('votes carry configuration ids; each configuration once in its own export', async () => {
    const study = await createStudy(studyInput({ trialsPerParticipant: 2 }));
    const bundle = await imageBundle(2);
    bundle.manifestText = bundle.manifestText
      .split('\n')
      .map((line, i) => (i === 0 ? `${line},config` : `${line},"${JSON.stringify({ steps: line.includes('dense') ? 28 : 14, ratio: line.includes('dense') ? 1 : 0.5 }).replace(/"/g, '""')}"`))
      .join('\n');
    await importImageSet(study.id, bundle);
    await setStudyStatus(study.id, 'OPEN');
    await simulateParticipant(study.slug, { score: 1 });
    const configs = JSON.parse((await exportFile(study.id, 'configurations', 'json', new URLSearchParams())).body) as { config_id: string; condition: string; images: number; config: string }[];
    expect(configs.map((c) => [c.condition, c.images, JSON.parse(c.config).steps])).toEqual([['dense', 2, 28], ['ras-50', 2, 14]]);
    const votes = JSON.parse((await exportFile(study.id, 'votes', 'json', new URLSearchParams())).body) as Record<string, unknown>[];
    expect(votes).toHaveLength(2);
    for (const v of votes) {
      expect(v.condition_a_config_id).toBe(configs[0].config_id);
      expect(v.condition_b_config_id).toBe(configs[1].config_id);
      expect(Object.keys(v).some((k) => k.endsWith('_config'))).toBe(false);
    }
  });

  it('raw PROLIFIC_PIDs: refused unless the study opted in; stored and exported when it did', async () => {
    const off = await studyWithImages(2, { trialsPerParticipant: 1 });
    await setStudyStatus(off.id, 'OPEN');
    await simulateParticipant(off.slug, { score: 0 }, { PROLIFIC_PID: PID });
    expect((await statusOf(prolificIdExport(off.id, 'csv'))).status).toBe(409);
    expect((await db().participant.findFirstOrThrow({ where: { studyId: off.id } })).externalId).toBeNull();

    const on = await studyWithImages(2, { trialsPerParticipant: 1, exportProlificIds: true });
    await setStudyStatus(on.id, 'OPEN');
    const id = await simulateParticipant(on.slug, { score: 0 }, { PROLIFIC_PID: PID.toUpperCase() });
    const pilot = await startPilot(on.id);
    const file = await prolificIdExport(on.id, 'csv');
    expect(file.body.split('\n')[0]).toBe('participant_id,prolific_pid,started_at,completed,completed_at,excluded_by_plan');
    expect(file.body).toContain(`${id},${PID},`);
    expect(file.body).not.toContain(pilot.participantId);
  });
});
