import { badRequest } from '../http/errors';

export const EXTERNAL_PARAMS = ['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID'] as const;

/** Prolific's ids are 24 hexadecimal characters (MongoDB object ids); case is not significant. */
const PROLIFIC_ID = /^[0-9a-f]{24}$/;
const OTHER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The Prolific parameters of a start, normalised (trimmed, lower case) and validated: a malformed
 * PROLIFIC_PID is refused rather than stored, so that `abc` and `ABC` cannot be two people.
 */
export function externalParams(params: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of EXTERNAL_PARAMS) {
    const raw = params[key];
    if (raw === undefined || raw.trim() === '') continue;
    if (key === 'PROLIFIC_PID') {
      const value = raw.trim().toLowerCase();
      if (!PROLIFIC_ID.test(value)) {
        throw badRequest(`PROLIFIC_PID must be a Prolific id: 24 characters 0–9 and a–f (got ${JSON.stringify(raw.slice(0, 40))}). Please open the study from the link on Prolific.`);
      }
      out[key] = value;
    } else {
      const value = raw.trim();
      if (!OTHER_ID.test(value)) throw badRequest(`${key} must be 1–64 letters, digits, - or _ (got ${JSON.stringify(raw.slice(0, 40))})`);
      out[key] = value;
    }
  }
  return out;
}
