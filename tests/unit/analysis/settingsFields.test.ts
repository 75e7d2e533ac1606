import { describe, expect, it } from 'vitest';
import { parseStudySettings } from '@/server/stats/settings';
import { fieldsFromSettings, settingsFromFields } from '@/server/stats/settingsFields';

describe('settings as form fields', () => {
  it('round-trips a plan, optional thresholds included', () => {
    const parsed = parseStudySettings({ margin: 0.3, alpha: 0.1, primaryTest: 'wilcoxon', exclusions: { fastMedianMs: null, maxFocusLosses: 3, failedChecks: { degraded: 2 } } });
    if (!parsed.ok) throw new Error(parsed.reason);
    const fields = fieldsFromSettings(parsed.settings);
    expect(fields).toMatchObject({ margin: '0.3', fastMedianMs: '', maxFocusLosses: '3', degraded: '2', identical: '0' });
    const again = parseStudySettings(settingsFromFields(fields));
    if (!again.ok) throw new Error(again.reason);
    expect(again.settings).toEqual({ ...parsed.settings, bootstrap: again.settings.bootstrap, fastMs: again.settings.fastMs });
  });

  it('passes text that is not a number on, so the schema names it', () => {
    const defaults = parseStudySettings({});
    if (!defaults.ok) throw new Error(defaults.reason);
    const fields = fieldsFromSettings(defaults.settings);
    const r = parseStudySettings(settingsFromFields({ ...fields, margin: 'abc' }));
    expect(r).toEqual({ ok: false, reason: 'invalid settings: margin must be a number, got "abc"' });
  });
});
