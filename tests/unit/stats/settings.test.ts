import { describe, expect, it } from 'vitest';
import { parseStudySettings } from '@/server/stats/settings';

describe('analysis settings', () => {
  it('fills the defaults', () => {
    const s = parseStudySettings({});
    expect(s).toEqual({
      ok: true,
      settings: { margin: 0.25, maxFailedChecks: 0, fastMs: 1000, bootstrap: { replicates: 2000, seed: 20250101 }, alpha: 0.05 },
    });
  });

  it('refuses a margin ≤ 0 with a clear message', () => {
    expect(parseStudySettings({ margin: 0 })).toEqual({
      ok: false,
      reason: 'invalid settings: margin must be greater than 0 (the equivalence bound ±margin on the −2…+2 score), got 0',
    });
    const neg = parseStudySettings({ margin: -0.1 });
    expect(!neg.ok && neg.reason).toMatch(/margin must be greater than 0.*got -0.1/);
  });

  it('refuses a margin that is not a number', () => {
    expect(parseStudySettings({ margin: '0.25' })).toEqual({ ok: false, reason: 'invalid settings: margin must be a number, got "0.25"' });
    const nan = parseStudySettings({ margin: Number.NaN });
    expect(nan).toEqual({ ok: false, reason: 'invalid settings: margin must be a number, got NaN' });
  });

  it('names every bad field and refuses unknown ones', () => {
    const r = parseStudySettings({ margin: 3, maxFailedChecks: 1.5, bootstrap: { replicates: 10 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('margin must be below 2');
    expect(r.reason).toContain('maxFailedChecks must be a whole number');
    expect(r.reason).toContain('bootstrap.replicates must be at least 200');
    expect(parseStudySettings({ marginn: 0.2 }).ok).toBe(false);
  });
});
