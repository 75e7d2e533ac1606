/**
 * The close grace period: closing a study stops new participants at once, but a participant who had already
 * started may finish (and see the completion code) for `closeGraceMinutes` after the close. After that their
 * answers are refused; a participant who finished sees the code whenever they come back. Pilot participants
 * (admins and researchers trying the study) are not bound by the study's status.
 */
export interface StudyWindow {
  status: 'DRAFT' | 'OPEN' | 'CLOSED';
  closedAt: Date | null;
  closeGraceMinutes: number;
}

/** When answers stop being accepted from participants who started before the close; null while not closed. */
export function graceEndsAt(study: StudyWindow): Date | null {
  if (study.status !== 'CLOSED' || !study.closedAt) return null;
  return new Date(study.closedAt.getTime() + study.closeGraceMinutes * 60_000);
}

/** Whether a participant who has already started may still answer. */
export function acceptsAnswers(study: StudyWindow, participant: { pilot: boolean }, now = new Date()): boolean {
  if (participant.pilot || study.status === 'OPEN') return true;
  const ends = graceEndsAt(study);
  return ends !== null && now < ends;
}

/** Whether a participant's page is still served: anyone who finished (to see the code again), else while answers are accepted. */
export function canContinue(study: StudyWindow, participant: { pilot: boolean; completedAt: Date | null }, now = new Date()): boolean {
  if (participant.pilot) return true;
  if (study.status === 'DRAFT') return false;
  return participant.completedAt !== null || acceptsAnswers(study, participant, now);
}

export function graceOverMessage(study: StudyWindow): string {
  const ends = graceEndsAt(study);
  return `This study closed${ends ? ` and its ${study.closeGraceMinutes}-minute grace period for participants already taking part ended at ${ends.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}: answers are no longer accepted`;
}
