/**
 * Every statistic either succeeds with its figures or says, in words, why it could not be computed — never NaN
 * and never a throw for data that is merely too small. `reason` always starts with "not enough data: " or
 * "not applicable: " so a dashboard can show it as is.
 */
export type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: string };

export const notEnough = (why: string): { ok: false; reason: string } => ({ ok: false, reason: `not enough data: ${why}` });
export const notApplicable = (why: string): { ok: false; reason: string } => ({ ok: false, reason: `not applicable: ${why}` });
