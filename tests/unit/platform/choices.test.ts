import { describe, expect, it } from 'vitest';
import { completionRedirect, trialView } from '../../../server/participation/blind';
import { leftScore, scoreAOverB } from '../../../server/participation/choices';
import { distribution, summarize } from '../../../server/results/summary';
import type { VoteRow } from '../../../server/results/votes';

describe('scores', () => {
  it('maps the 5 buttons to +2 … −2 for the left image', () => {
    expect([1, 2, 3, 4, 5].map(leftScore)).toEqual([2, 1, 0, -1, -2]);
  });
  it('turns a choice into the score of condition A over B from the side A was shown on', () => {
    expect(scoreAOverB(1, true)).toBe(2);
    expect(scoreAOverB(1, false)).toBe(-2);
    expect(scoreAOverB(4, false)).toBe(1);
    expect(scoreAOverB(3, false)).toBe(0);
  });
});

describe('participant view', () => {
  it('shows the lowest pending position and the next pair to preload, by token only', () => {
    const view = trialView(
      [
        { id: 't2', position: 2, leftToken: 'L2', rightToken: 'R2' },
        { id: 't1', position: 1, leftToken: 'L1', rightToken: 'R1' },
      ],
      5,
    );
    expect(view).toEqual({ stage: 'trial', trial: { trialId: 't1', number: 2, total: 5, left: '/api/img/L1', right: '/api/img/R1' }, next: { left: '/api/img/L2', right: '/api/img/R2' } });
    expect(trialView([], 5)).toBeNull();
  });

  it('keeps Prolific parameters on the completion redirect', () => {
    const url = completionRedirect('https://example.org/done?cc=X', { PROLIFIC_PID: 'p', STUDY_ID: 's', SESSION_ID: 'x', other: 'no' });
    expect(url).toBe('https://example.org/done?cc=X&PROLIFIC_PID=p&STUDY_ID=s&SESSION_ID=x');
    expect(completionRedirect(null, { PROLIFIC_PID: 'p' })).toBeNull();
  });
});

describe('summary', () => {
  const row = (over: Partial<VoteRow>): VoteRow =>
    ({ participant_id: 'p1', prompt_id: 'q1', prompt: 'cat', seed: 1, condition_a: 'dense', condition_b: 'ras-50', score_a_over_b: 0, is_attention_check: false, attention_check_passed: null, response_ms: 1000, ...over }) as VoteRow;

  it('counts the five levels in condition terms', () => {
    expect(distribution([2, 2, 1, 0, -1, -2, 0])).toEqual([2, 1, 2, 1, 1]);
  });

  it('separates attention checks and groups by condition pair and prompt', () => {
    const s = summarize([
      row({ score_a_over_b: 2 }),
      row({ score_a_over_b: -1, participant_id: 'p2', prompt_id: 'q2', prompt: 'dog' }),
      row({ is_attention_check: true, attention_check_passed: false, response_ms: 3000 }),
    ]);
    expect(s.realVotes).toBe(2);
    expect(s.attentionChecks).toEqual({ votes: 1, passed: 0 });
    expect(s.pairs).toHaveLength(1);
    expect(s.pairs[0].overall).toEqual([1, 0, 0, 1, 0]);
    expect(s.pairs[0].perPrompt.map((p) => p.prompt)).toEqual(['cat', 'dog']);
    expect(s.participants.find((p) => p.id === 'p1')).toEqual({ id: 'p1', votes: 2, attentionFailed: 1, medianResponseMs: 2000 });
  });
});
