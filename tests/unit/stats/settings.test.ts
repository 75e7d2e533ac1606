import { describe, expect, it } from 'vitest';
import { parseStudySettings } from '@/server/stats/settings';

describe('analysis settings', () => {
  it('fills the defaults', () => {
    const s = parseStudySettings({});
    expect(s).toEqual({
      ok: true,
      settings: {
        margin: 0.25,
        alpha: 0.05,
        primaryTest: 'tost',
        exclusions: { failedChecks: { identical: 0, degraded: 0 }, fastMedianMs: 1000, minTrialsAnswered: 1 },
        fastMs: 1000,
        bootstrap: { replicates: 2000, seed: 20250101 },
      },
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
    const r = parseStudySettings({ margin: 3, exclusions: { failedChecks: { identical: 1.5 } }, bootstrap: { replicates: 10 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toContain('margin must be below 2');
    expect(r.reason).toContain('exclusions.failedChecks.identical must be a whole number');
    expect(r.reason).toContain('bootstrap.replicates must be at least 200');
    expect(parseStudySettings({ marginn: 0.2 })).toEqual({
      ok: false,
      reason: 'invalid settings: unknown setting marginn: the settings are margin, alpha, primaryTest, exclusions, fastMs, bootstrap, reference',
    });
  });

  it('refuses unknown exclusion rules and check kinds by name', () => {
    expect(parseStudySettings({ exclusions: { slowResponders: 1 } })).toEqual({
      ok: false,
      reason: 'invalid settings: unknown exclusion rule slowResponders: the exclusion rules are failedChecks, fastMedianMs, minTrialsAnswered, maxFocusLosses',
    });
    const kind = parseStudySettings({ exclusions: { failedChecks: { blurry: 0 } } });
    expect(!kind.ok && kind.reason).toContain('unknown attention-check kind blurry');
  });

  it('alpha in (0, 0.5]: 0.5 is accepted, 0 and 0.6 are refused', () => {
    expect(parseStudySettings({ alpha: 0.5 }).ok).toBe(true);
    for (const alpha of [0, 0.6, -0.1]) expect(parseStudySettings({ alpha })).toEqual({ ok: false, reason: 'invalid settings: alpha must be in (0, 0.5]' });
  });

  it('primaryTest is tost or wilcoxon', () => {
    expect(parseStudySettings({ primaryTest: 'wilcoxon' }).ok).toBe(true);
    expect(parseStudySettings({ primaryTest: 't-test' })).toEqual({ ok: false, reason: 'invalid settings: primaryTest must be one of tost, wilcoxon, got "t-test"' });
  });
});
