// The exclusion rule against reference.R's and reference.py's own implementations of it (expected-r.json,
// expected-py.json → study2.excluded); response-time quartiles against R quantile(type = 7).
import { describe, expect, it } from 'vitest';
import { applyExclusions } from '@/server/stats/exclusions';
import { responseTimes } from '@/server/stats/responseTimes';
import { PY, R, STAT, check, data, near, toVoteRow, vote } from './helpers';

const rows = data.study2.map(toVoteRow);

describe('attention-check exclusion', () => {
  it('default rule (maxFailedChecks = 0) excludes anyone who failed a check, as the references do', () => {
    const { kept, report } = applyExclusions(rows, 0);
    expect(report.participants.excludedIds).toEqual(R.study2.excluded);
    expect(report.participants.excludedIds).toEqual(PY.study2.excluded.participants);
    expect(report.votes).toEqual({ total: PY.study2.excluded.realVotes, excluded: PY.study2.excluded.votes, kept: kept.length });
    expect(report.participants).toMatchObject({ total: 30, excluded: 3, kept: 27 });
    expect(report.attentionChecks).toEqual({ shown: 60, failed: 4 });
    expect(report.rule).toBe('participants who failed any attention check are excluded');
    expect(kept.every((r) => !r.is_attention_check)).toBe(true);
  });

  it('k = 1 keeps those who failed one check and excludes p11 (failed two)', () => {
    const { report } = applyExclusions(rows, 1);
    expect(report.participants.excludedIds).toEqual(['p11']);
    expect(report.votes.excluded).toBe(12);
    expect(report.rule).toBe('participants who failed more than 1 attention check are excluded');
  });

  it('keeps participants who saw no attention check', () => {
    const { report } = applyExclusions([vote('x', 'q1', 1), check('y', false), vote('y', 'q1', 2)], 0);
    expect(report.participants.excludedIds).toEqual(['y']);
    expect(report.votes).toEqual({ total: 2, excluded: 1, kept: 1 });
  });
});

describe('response times', () => {
  it('median and quartiles match R quantile(type = 7) on the kept votes; fast votes and participants are flagged', () => {
    const { kept } = applyExclusions(rows, 0);
    const t = responseTimes(kept.map((r) => ({ participant: r.participant_id, responseMs: r.response_ms })), 1000);
    if (!t.ok) throw new Error(t.reason);
    near(t.q1, R.study2.responseQuantiles[0], STAT);
    near(t.median, R.study2.responseQuantiles[1], STAT);
    near(t.q3, R.study2.responseQuantiles[2], STAT);
    expect(t.fastParticipants).toEqual(['p03']);
    expect(t.fastVotes).toBe(kept.filter((r) => r.response_ms < 1000).length);
  });

  it('says why with no votes', () => {
    expect(responseTimes([], 1000)).toEqual({ ok: false, reason: 'not enough data: no votes' });
  });
});
