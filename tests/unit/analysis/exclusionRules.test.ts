import { describe, expect, it } from 'vitest';
import { participantFlow, trialsAnswered, type ParticipantRecord } from '@/server/results/flow';
import type { VoteRow } from '@/server/results/votes';
import { applyExclusions, ruleSentence } from '@/server/stats/exclusions';
import { DEFAULT_EXCLUSIONS } from '@/server/stats/settings';

const row = (participant: string, over: Partial<VoteRow> = {}): VoteRow =>
  ({
    participant_id: participant,
    prompt_id: 'q',
    condition_a: 'dense',
    condition_b: 'ras',
    condition_left: 'dense',
    score_a_over_b: 0,
    response_ms: 5000,
    server_response_ms: 2000,
    is_attention_check: false,
    attention_check_kind: '',
    attention_check_passed: null,
    ...over,
  }) as VoteRow;
const check = (participant: string, kind: 'identical' | 'degraded', passed: boolean) =>
  row(participant, { is_attention_check: true, attention_check_kind: kind, attention_check_passed: passed });

describe('the plan exclusion rules', () => {
  it('fast responders by the median server time, not the client figure', () => {
    const rows = [row('fast', { server_response_ms: 200, response_ms: 9000 }), row('fast', { server_response_ms: 300 }), row('fast', { server_response_ms: 5000 }), row('slow', { server_response_ms: 1200, response_ms: 10 })];
    const { report } = applyExclusions(rows, DEFAULT_EXCLUSIONS);
    expect(report.participants.byRule.fastResponders).toEqual(['fast']);
    expect(report.participants.excludedIds).toEqual(['fast']);
  });

  it('uses the client time only for votes stored before server timing', () => {
    const { report } = applyExclusions([row('old', { server_response_ms: null, response_ms: 300 })], DEFAULT_EXCLUSIONS);
    expect(report.participants.byRule.fastResponders).toEqual(['old']);
  });

  it('counts failed checks per kind against each kind’s threshold', () => {
    const rows = [row('a'), check('a', 'degraded', false), row('b'), check('b', 'identical', false), check('b', 'degraded', true)];
    const lenient = { ...DEFAULT_EXCLUSIONS, failedChecks: { identical: 1, degraded: 0 } };
    const { report } = applyExclusions(rows, lenient);
    expect(report.participants.byRule.failedChecks).toEqual(['a']);
    expect(report.checksByKind).toEqual({ identical: { shown: 1, failed: 1 }, degraded: { shown: 2, failed: 1 } });
  });

  it('minimum comparisons answered, and every rule named in the sentence', () => {
    const rules = { failedChecks: { identical: 0, degraded: 1 }, fastMedianMs: 800, minTrialsAnswered: 2 };
    const { report } = applyExclusions([row('one'), row('two'), row('two')], rules);
    expect(report.participants.byRule.tooFewTrials).toEqual(['one']);
    expect(ruleSentence(rules)).toBe(
      'participants who failed more than 0 identical-pair or more than 1 degraded-pair check, participants whose median response time (measured by the server) was below 800 ms, and participants who answered fewer than 2 comparisons are excluded',
    );
    expect(ruleSentence({ ...DEFAULT_EXCLUSIONS, fastMedianMs: null })).toBe('participants who failed any attention check are excluded');
  });
});

describe('participant flow', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const rec = (id: string, answered: number, completed: boolean, minutesAgo: number): ParticipantRecord => ({ id, assigned: 4, answered, completed, lastSeenAt: new Date(now.getTime() - minutesAgo * 60_000) });

  it('started, completed, in progress, dropped out, excluded by rule, analysed', () => {
    const records = [rec('a', 4, true, 5), rec('b', 4, true, 90), rec('c', 2, false, 10), rec('d', 1, false, 120), rec('e', 0, false, 200)];
    const { report } = applyExclusions([row('a'), row('b', { server_response_ms: 10 }), row('c'), row('d')], DEFAULT_EXCLUSIONS);
    expect(participantFlow(records, report, now)).toEqual({
      started: 5,
      completed: 2,
      inProgress: 1,
      droppedOut: 2,
      answeredNone: 1,
      excluded: { total: 1, failedChecks: 0, fastResponders: 1, tooFewTrials: 0 },
      analysed: 3,
    });
    expect(trialsAnswered(records, report)).toEqual({ participants: 3, min: 1, max: 4, median: 2, total: 7, assigned: [4] });
  });
});
