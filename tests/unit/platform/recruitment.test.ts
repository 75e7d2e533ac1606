import { describe, expect, it } from 'vitest';
import { configId } from '@/server/results/votes';
import { applyExclusions } from '@/server/stats/exclusions';
import { DEFAULT_EXCLUSIONS, parseStudySettings } from '@/server/stats/settings';
import { designWarnings, pairsOf } from '@/server/studies/design';
import { acceptsAnswers, canContinue, graceEndsAt } from '@/server/studies/grace';
import { createStudyInput, updateStudyInput, voteInput } from '@/server/studies/schemas';
import { frozenChanges } from '@/server/studies/studies';
import { vote } from '../stats/helpers';

const closed = (minutesAgo: number, grace = 60) => ({ status: 'CLOSED' as const, closedAt: new Date(Date.now() - minutesAgo * 60_000), closeGraceMinutes: grace });

describe('close grace period', () => {
  it('answers accepted while open and within the grace window, refused after; pilots always', () => {
    expect(acceptsAnswers({ status: 'OPEN', closedAt: null, closeGraceMinutes: 60 }, { pilot: false })).toBe(true);
    expect(acceptsAnswers(closed(59), { pilot: false })).toBe(true);
    expect(acceptsAnswers(closed(61), { pilot: false })).toBe(false);
    expect(acceptsAnswers(closed(10, 0), { pilot: false })).toBe(false);
    expect(acceptsAnswers(closed(600), { pilot: true })).toBe(true);
    expect(graceEndsAt({ status: 'OPEN', closedAt: null, closeGraceMinutes: 60 })).toBeNull();
  });
  it('a finished participant sees the code again any time; nobody but pilots sees a draft', () => {
    expect(canContinue(closed(6000), { pilot: false, completedAt: new Date() })).toBe(true);
    expect(canContinue(closed(6000), { pilot: false, completedAt: null })).toBe(false);
    expect(canContinue({ status: 'DRAFT', closedAt: null, closeGraceMinutes: 60 }, { pilot: false, completedAt: null })).toBe(false);
    expect(canContinue({ status: 'DRAFT', closedAt: null, closeGraceMinutes: 60 }, { pilot: true, completedAt: null })).toBe(true);
  });
});

describe('study schemas', () => {
  it('creation fills the participant-facing defaults; an edit names only what it changes', () => {
    const created = createStudyInput.parse({ title: 'Dense vs RAS 50 %', instructions: 'i', consentText: 'c', trialsPerParticipant: 3, targetVotesPerComparison: 5, completionCode: 'X' });
    expect(created).toMatchObject({ participantTitle: 'Image comparison', showPrompt: false, scaleLabels: [], closeGraceMinutes: 60, exportProlificIds: false });
    expect(updateStudyInput.parse({ question: 'Which is sharper?' })).toEqual({ question: 'Which is sharper?' });
    expect(updateStudyInput.safeParse({ status: 'OPEN' }).success).toBe(false);
    expect(updateStudyInput.parse({ minScreenWidth: '', showPrompt: 'on' })).toEqual({ minScreenWidth: null, showPrompt: true });
  });
  it('frozen fields: a change is reported, the same value sent back is not', () => {
    const study = { consentText: 'c', scaleLabels: [], trialsPerParticipant: 3, title: 'old' };
    expect(frozenChanges(study, { consentText: 'c', scaleLabels: [], title: 'new' })).toEqual([]);
    expect(frozenChanges(study, { consentText: 'd', trialsPerParticipant: 3 })).toEqual(['consentText']);
  });
  it('votes take the device fields, optionally, and refuse nonsense', () => {
    const base = { trialId: 't', choice: 3, responseMs: 10, idempotencyKey: 'abcdefgh' };
    expect(voteInput.parse(base)).toEqual(base);
    expect(voteInput.parse({ ...base, deviceClass: 'phone', viewportWidth: 390, focusLosses: 2 })).toMatchObject({ deviceClass: 'phone', viewportWidth: 390, focusLosses: 2 });
    expect(voteInput.safeParse({ ...base, deviceClass: 'toaster' }).success).toBe(false);
    expect(voteInput.safeParse({ ...base, focusLosses: -1 }).success).toBe(false);
  });
});

describe('design', () => {
  it('comparisons per prompt and the warning when trials exceed them', () => {
    expect([2, 3, 4].map(pairsOf)).toEqual([1, 3, 6]);
    const counts = { conditions: 2, prompts: 3, promptsExcluded: 0, images: 6, comparisons: 3, comparisonsCreated: 0 };
    expect(designWarnings({ trialsPerParticipant: 4, targetVotesPerComparison: 1 }, counts)).toEqual([
      "Trials per participant (4) exceed the study's 3 comparisons: a participant never sees a comparison twice, so each answers only 3.",
    ]);
    expect(designWarnings({ trialsPerParticipant: 3, targetVotesPerComparison: 1 }, counts)).toEqual([]);
  });
});

describe('focus-loss exclusion rule', () => {
  it('off by default; on, excludes participants who left the page more often than allowed', () => {
    const rows = [vote('calm', 'q1', 1, {}), vote('calm', 'q2', 1, {}), vote('away', 'q1', -1, {}), vote('away', 'q2', -1, {})].map((r) => ({
      ...r,
      server_response_ms: 3000,
      focus_losses: r.participant_id === 'away' ? 1 : 0,
    }));
    expect(applyExclusions(rows, DEFAULT_EXCLUSIONS).report.participants.excludedIds).toEqual([]);
    const { report } = applyExclusions(rows, { ...DEFAULT_EXCLUSIONS, maxFocusLosses: 1 });
    expect(report.participants.byRule.focusLosses).toEqual(['away']);
    expect(applyExclusions(rows, { ...DEFAULT_EXCLUSIONS, maxFocusLosses: 2 }).report.participants.excludedIds).toEqual([]);
    expect(parseStudySettings({ exclusions: { maxFocusLosses: -1 } })).toMatchObject({ ok: false });
    const defaults = parseStudySettings({});
    expect(defaults.ok && defaults.settings.exclusions.maxFocusLosses).toBeFalsy();
  });
});

describe('configuration ids', () => {
  it('the same configuration gets the same id whatever its key order; another gets another', () => {
    expect(configId({ steps: 28, ras: { ratio: 0.5, start: 4 } })).toBe(configId({ ras: { start: 4, ratio: 0.5 }, steps: 28 }));
    expect(configId({ steps: 28 })).not.toBe(configId({ steps: 14 }));
    expect(configId({ steps: 28 })).toMatch(/^[0-9a-f]{12}$/);
  });
});
