// The only place that decides what a participant's browser receives. Nothing here may depend on which
// condition an image belongs to: images are named by per-trial random tokens, and the view carries no
// condition, prompt, seed, image id or comparison id.

import { isHttpUrl } from '../web/safeUrl';

export interface TrialRecord {
  id: string;
  position: number;
  leftToken: string;
  rightToken: string;
}

export interface ParticipantTrialView {
  trialId: string;
  number: number;
  total: number;
  left: string;
  right: string;
  /** The pair's prompt, only where the study shows it to participants (showPrompt). */
  prompt?: string;
}

export type ParticipantView =
  | { stage: 'trial'; trial: ParticipantTrialView; next: { left: string; right: string } | null }
  | { stage: 'done'; completionCode: string; redirectUrl: string | null };

export const imageUrl = (token: string) => `/api/img/${token}`;

export function trialView(pending: TrialRecord[], total: number, prompt?: string): ParticipantView | null {
  const [current, next] = [...pending].sort((a, b) => a.position - b.position);
  if (!current) return null;
  return {
    stage: 'trial',
    trial: {
      trialId: current.id,
      number: current.position + 1,
      total,
      left: imageUrl(current.leftToken),
      right: imageUrl(current.rightToken),
      ...(prompt !== undefined ? { prompt } : {}),
    },
    next: next ? { left: imageUrl(next.leftToken), right: imageUrl(next.rightToken) } : null,
  };
}

/** Keeps Prolific-style parameters on the redirect after completion. */
export function completionRedirect(redirectUrl: string | null, params: Record<string, string>): string | null {
  if (!redirectUrl || !isHttpUrl(redirectUrl)) return null; // only http(s): never javascript: and the like
  const url = new URL(redirectUrl);
  for (const key of ['PROLIFIC_PID', 'STUDY_ID', 'SESSION_ID']) {
    if (params[key] && !url.searchParams.has(key)) url.searchParams.set(key, params[key]);
  }
  return url.toString();
}
