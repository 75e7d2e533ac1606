// Issue #11's acceptance at the domain level, on a real PostgreSQL: lazy raters excluded by the default plan,
// the plan frozen at opening, and one set of numbers across chart, findings, methods and every export.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { startParticipant } from '../../server/participation/participants';
import { simulateParticipant } from '../../server/participation/simulate';
import { checkAnswer } from '../../server/participation/simulate';
import { createExploratoryAnalysis } from '../../server/results/analysisChoice';
import { exportFile } from '../../server/results/exports';
import { methodsParagraph } from '../../server/results/methods';
import { studyResults } from '../../server/results/studyResults';
import { getPlan, setPlan } from '../../server/studies/plan';
import { createStudy, setStudyStatus } from '../../server/studies/studies';
import { freshDatabase } from './db';
import { fetchTrialImages, imageBundle, studyInput, studyWithImages } from './fixtures';
import { submitVote } from '../../server/participation/votes';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ADMIN = { id: 'u1', username: 'alice', role: 'ADMIN' as const };

type Behaviour = (trial: { leftIsA: boolean; comparison: { isAttentionCheck: boolean; checkKind: 'IDENTICAL' | 'DEGRADED' | null } }) => number;

/** Plays a participant through the real functions: fetch both images, wait `lookMs` (really), answer. */
async function play(slug: string, lookMs: number, choose: Behaviour) {
  const { participantId, token } = await startParticipant(slug, {});
  const trials = await db().trial.findMany({ where: { participantId }, include: { comparison: true }, orderBy: { position: 'asc' } });
  for (const trial of trials) {
    const { fetchTrialImages } = await import('./fixtures');
    await fetchTrialImages(token, trial);
    if (lookMs) await sleep(lookMs);
    const { submitVote } = await import('../../server/participation/votes');
    await submitVote(participantId, { trialId: trial.id, choice: choose(trial), responseMs: 2000, idempotencyKey: `play-${trial.id}` });
  }
  return participantId;
}

const careful: Behaviour = (t) =>
  t.comparison.isAttentionCheck ? checkAnswer(t.comparison.checkKind!, t.leftIsA, true) : t.leftIsA ? 2 : 4; // checks right, A slightly better

describe('the default plan against lazy raters', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('excludes an always-"similar" and a zero-time participant, keeps a careful one', async () => {
    const study = await studyWithImages(4, { trialsPerParticipant: 4, attentionCheckRate: 0.25, targetVotesPerComparison: 10 });
    await setStudyStatus(study.id, 'OPEN');
    const alwaysSimilar = await play(study.slug, 1100, () => 3);
    const zeroTime = await play(study.slug, 0, careful);
    const carefulOne = await play(study.slug, 1100, careful);
    const r = await studyResults(study.id);
    expect(r.label.kind).toBe('plan');
    expect(r.exclusions.participants.byRule.failedChecks).toEqual([alwaysSimilar]);
    expect(r.exclusions.participants.byRule.fastResponders).toEqual([zeroTime]);
    expect(r.exclusions.participants.excludedIds.sort()).toEqual([alwaysSimilar, zeroTime].sort());
    expect(r.kept.every((v) => v.participant_id === carefulOne)).toBe(true);
    expect(r.kept).toHaveLength(4);
    const votes = await db().vote.findMany({ include: { trial: true } });
    for (const v of votes.filter((x) => x.trial.participantId === zeroTime)) expect(v.serverResponseMs).toBeLessThan(1000);
    for (const v of votes.filter((x) => x.trial.participantId === carefulOne)) expect(v.serverResponseMs).toBeGreaterThanOrEqual(1000);
    // the client's own figure is kept beside the server's, and does not save the zero-time participant
    for (const v of votes) expect(v.responseMs).toBe(2000);
  });
});

describe('the analysis plan', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('is editable in draft, frozen by opening (409, nothing written), refused with a message when invalid', async () => {
    const study = await studyWithImages(2, { plan: { margin: 0.3 } });
    expect((await getPlan(study.id)).settings.margin).toBe(0.3);
    for (const [bad, message] of [
      [{ margin: 0 }, /margin must be greater than 0/],
      [{ margin: -1 }, /margin must be greater than 0/],
      [{ alpha: 0 }, /alpha must be in \(0, 0.5\]/],
      [{ alpha: 0.51 }, /alpha must be in \(0, 0.5\]/],
      [{ exclusions: { lazyRaters: true } }, /unknown exclusion rule lazyRaters/],
      [{ primaryTest: 'anova' }, /primaryTest must be one of tost, wilcoxon/],
    ] as const) {
      await expect(setPlan(study.id, bad)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
    }
    expect((await getPlan(study.id)).settings.margin).toBe(0.3);
    await setPlan(study.id, { margin: 0.2, alpha: 0.5, exclusions: { failedChecks: { degraded: 1 } } });
    await setStudyStatus(study.id, 'OPEN');
    const frozen = await getPlan(study.id);
    expect(frozen.frozenAt).toBeInstanceOf(Date);
    expect(frozen.settings).toMatchObject({ margin: 0.2, alpha: 0.5, exclusions: { failedChecks: { identical: 0, degraded: 1 }, fastMedianMs: 1000 } });
    await expect(setPlan(study.id, { margin: 0.1 })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/frozen when the study opened/) });
    expect((await getPlan(study.id)).settings.margin).toBe(0.2);
    // closing and reopening keeps the first freeze
    await setStudyStatus(study.id, 'CLOSED');
    await setStudyStatus(study.id, 'OPEN');
    expect((await getPlan(study.id)).frozenAt).toEqual(frozen.frozenAt);
  });

  it('refuses an invalid plan at creation and writes no study', async () => {
    await expect(createStudy(studyInput({ plan: { margin: 0 } }))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/analysis plan: invalid settings: margin must be greater than 0/) });
    expect(await db().study.count()).toBe(0);
  });

  it('other settings only as a named exploratory analysis, labelled as such in results and every export', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 3 });
    await setStudyStatus(study.id, 'OPEN');
    for (const score of [1, 0, 1]) await simulateParticipant(study.slug, { score });
    await expect(studyResults(study.id, new URLSearchParams('margin=0.1'))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/cannot be passed ad hoc/) });
    const exploratory = await createExploratoryAnalysis(study.id, { name: 'narrow margin', settings: { margin: 0.1 } }, ADMIN);
    await expect(createExploratoryAnalysis(study.id, { name: 'narrow margin', settings: {} }, ADMIN)).rejects.toMatchObject({ status: 409 });
    await expect(createExploratoryAnalysis(study.id, { name: 'bad', settings: { margin: 0 } }, ADMIN)).rejects.toMatchObject({ status: 400 });
    expect(await db().exploratoryAnalysis.count()).toBe(1);
    const query = new URLSearchParams({ analysis: exploratory.id });
    const r = await studyResults(study.id, query);
    expect(r.label).toMatchObject({ kind: 'exploratory', name: 'narrow margin', createdBy: 'alice' });
    expect(r.settings.margin).toBe(0.1);
    for (const kind of ['votes', 'comparisons', 'participants']) {
      const csv = await exportFile(study.id, kind, 'csv', query);
      expect(csv.name).toContain('exploratory');
      const [header, ...lines] = csv.body.trim().split('\n');
      expect(header.split(',').at(-1)).toBe('analysis');
      for (const line of lines) expect(line).toContain('EXPLORATORY analysis “narrow margin” (by alice');
    }
    const stats = JSON.parse((await exportFile(study.id, 'stats', 'json', query)).body);
    expect(stats.analysisUsed).toMatchObject({ kind: 'exploratory', name: 'narrow margin' });
    const planned = JSON.parse((await exportFile(study.id, 'stats', 'json', new URLSearchParams())).body);
    expect(planned.analysisUsed.kind).toBe('plan');
    expect(planned.analysis.settings.margin).toBe(0.25);
  });
});

describe('one set of numbers', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('chart, findings, methods and exports agree on every count, with exclusions and drop-outs', async () => {
    const study = await createStudy(studyInput({ trialsPerParticipant: 4, attentionCheckRate: 0.25, targetVotesPerComparison: 20 }));
    const { importImageSet } = await import('../../server/studies/importImages');
    await importImageSet(study.id, await imageBundle(4));
    await setStudyStatus(study.id, 'OPEN');
    for (const score of [2, 1, 0, -1, 1, 0]) await simulateParticipant(study.slug, { score });
    await simulateParticipant(study.slug, { score: 2, failChecks: 1 }); // excluded: a failed check
    await simulateParticipant(study.slug, { score: -2, responseMs: 300 }); // excluded: fast responder
    // a drop-out who answered two comparisons and went silent, and one who answered nothing
    const dropped = await startParticipant(study.slug, {});
    const trials = await db().trial.findMany({ where: { participantId: dropped.participantId, comparison: { isAttentionCheck: false } }, orderBy: { position: 'asc' } });
    const firstTwo = await db().trial.findMany({ where: { participantId: dropped.participantId }, orderBy: { position: 'asc' }, take: 2, include: { comparison: true } });
    for (const t of firstTwo) {
      await fetchTrialImages(dropped.token, t);
      const looked = new Date(Date.now() - 1500); // as simulateParticipant does: 1.5 s looking at the pair
      await db().trial.update({ where: { id: t.id }, data: { shownAt: looked, leftFetchedAt: looked, rightFetchedAt: looked } });
      await submitVote(dropped.participantId, { trialId: t.id, choice: careful(t), responseMs: 1500, idempotencyKey: `drop-${t.id}` });
    }
    await db().participant.update({ where: { id: dropped.participantId }, data: { lastSeenAt: new Date(Date.now() - 3 * 3600_000) } });
    await startParticipant(study.slug, {});
    expect(trials.length).toBe(4);

    const r = await studyResults(study.id);
    if (!r.analysis.ok) throw new Error(r.analysis.reason);
    const droppedAnswered = firstTwo.filter((t) => trials.some((x) => x.id === t.id)).length;
    const keptVotes = 6 * 4 + droppedAnswered;
    // flow
    expect(r.flow).toEqual({
      started: 10,
      completed: 8,
      inProgress: 1,
      droppedOut: 1,
      answeredNone: 1,
      excluded: { total: 2, failedChecks: 1, fastResponders: 1, tooFewTrials: 0 },
      analysed: 7,
    });
    // chart (summary of kept votes) = findings = exclusions report = exports
    expect(r.summary.realVotes).toBe(keptVotes);
    expect(r.summary.pairs[0]!.votes).toBe(keptVotes);
    expect(r.summary.pairs[0]!.overall.reduce((a, b) => a + b, 0)).toBe(keptVotes);
    expect(r.analysis.pairs[0]!.votes).toBe(keptVotes);
    expect(r.analysis.exclusions.votes.kept).toBe(keptVotes);
    expect(r.analysis.pairs[0]!.participants).toBe(7);
    const perPromptChart = Object.fromEntries(r.summary.pairs[0]!.perPrompt.map((p) => [p.promptId, p.votes]));
    for (const p of r.analysis.pairs[0]!.perPrompt) expect(p.n).toBe(perPromptChart[p.prompt]);
    const votesCsv = JSON.parse((await exportFile(study.id, 'votes', 'json', new URLSearchParams())).body) as { kept: boolean; is_attention_check: boolean }[];
    expect(votesCsv.filter((v) => v.kept)).toHaveLength(keptVotes);
    const comparisons = JSON.parse((await exportFile(study.id, 'comparisons', 'json', new URLSearchParams())).body) as { votes: number }[];
    expect(comparisons.reduce((s, c) => s + c.votes, 0)).toBe(keptVotes);
    const participants = JSON.parse((await exportFile(study.id, 'participants', 'json', new URLSearchParams())).body) as { excluded: boolean; votes: number }[];
    expect(participants.filter((p) => p.excluded)).toHaveLength(r.flow.excluded.total);
    expect(participants.filter((p) => !p.excluded).reduce((s, p) => s + p.votes, 0)).toBe(keptVotes);
    const stats = JSON.parse((await exportFile(study.id, 'stats', 'json', new URLSearchParams())).body);
    expect(stats.flow).toEqual(r.flow);
    expect(stats.analysis.pairs[0].votes).toBe(keptVotes);
    // methods paragraph: the real numbers, not the design's
    expect(r.trialsAnswered).toMatchObject({ participants: 7, min: droppedAnswered, max: 4, total: keptVotes });
    const methods = methodsParagraph(
      { trialsPerParticipant: 4, attentionCheckRate: 0.25, attentionCheckKinds: r.study.attentionCheckKinds, conditions: r.study.conditions, prompts: 4, label: r.label, flow: r.flow, answered: r.trialsAnswered },
      r.analysis,
    );
    expect(methods).toContain('10 participants started; 8 completed, 1 dropped out and 1 were still in progress; 2 were excluded (1 for failed attention checks, 1 as fast responders, 0 for answering too few comparisons), leaving 7 analysed participants.');
    expect(methods).toContain(`they answered ${droppedAnswered} to 4 comparisons`);
    expect(methods).toContain('the analysis plan frozen when the study opened');
    expect(r.analysis.sentences[0]).toContain(`2 of 9 participants and ${2 * 4} of ${keptVotes + 8} votes excluded`);
  });
});

describe('participant starts', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('are rate-limited per client address (START_RATE_LIMIT a minute, 30 by default); a returning browser is not counted', async () => {
    const { POST } = await import('../../app/api/p/[slug]/start/route');
    const study = await studyWithImages(2, { trialsPerParticipant: 1 });
    await setStudyStatus(study.id, 'OPEN');
    const start = (address: string, cookie = '') =>
      POST(
        new Request(`http://x/api/p/${study.slug}/start`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ras-client-address': address, 'x-forwarded-for': '203.0.113.9', cookie },
          body: JSON.stringify({ consent: true }),
        }),
        { params: Promise.resolve({ slug: study.slug }) },
      );
    let firstCookie = '';
    for (let i = 0; i < 30; i++) {
      const response = await start('198.51.100.7');
      expect(response.status).toBe(200);
      firstCookie ||= response.headers.get('set-cookie')!.split(';')[0]!;
    }
    const refused = await start('198.51.100.7');
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatch(/Too many new sessions from your network: please wait \d+ s/);
    expect(await db().participant.count()).toBe(30);
    expect((await start('198.51.100.8')).status).toBe(200); // another address
    expect((await start('198.51.100.7', firstCookie)).status).toBe(200); // a browser that already has its session
    expect(await db().participant.count()).toBe(31);
  });
});
