/**
 * The analysis settings as the plan form and the exploratory-analysis form edit them: one text field each.
 * Text that reads as a number becomes one; anything else is passed on as text, so the schema (settings.ts)
 * names the bad value in its message. An empty optional threshold means "off" (null).
 */
import type { StudySettings } from './settings';

export const SETTINGS_FIELDS = ['margin', 'alpha', 'primaryTest', 'identical', 'degraded', 'fastMedianMs', 'minTrialsAnswered', 'maxFocusLosses'] as const;
export type SettingsFields = Record<(typeof SETTINGS_FIELDS)[number], string>;

const number = (x: string) => (x.trim() !== '' && !Number.isNaN(Number(x)) ? Number(x) : x);
const optionalNumber = (x: string) => (x.trim() === '' ? null : number(x));

export function fieldsFromSettings(s: StudySettings): SettingsFields {
  const e = s.exclusions;
  return {
    margin: String(s.margin),
    alpha: String(s.alpha),
    primaryTest: s.primaryTest,
    identical: String(e.failedChecks.identical),
    degraded: String(e.failedChecks.degraded),
    fastMedianMs: e.fastMedianMs === null ? '' : String(e.fastMedianMs),
    minTrialsAnswered: String(e.minTrialsAnswered),
    maxFocusLosses: e.maxFocusLosses == null ? '' : String(e.maxFocusLosses),
  };
}

export function settingsFromFields(f: SettingsFields): Record<string, unknown> {
  return {
    margin: number(f.margin),
    alpha: number(f.alpha),
    primaryTest: f.primaryTest,
    exclusions: {
      failedChecks: { identical: number(f.identical), degraded: number(f.degraded) },
      fastMedianMs: optionalNumber(f.fastMedianMs),
      minTrialsAnswered: number(f.minTrialsAnswered),
      maxFocusLosses: optionalNumber(f.maxFocusLosses),
    },
  };
}
