/**
 * The participant flow (as in a CONSORT diagram): who started, completed, is still going, dropped out, was
 * excluded by which rule, and whose votes were analysed. Pure; the records come from participantRecords().
 */
import type { ExclusionReport } from '../stats/exclusions';

export interface ParticipantRecord {
  id: string;
  /** Real (non-check) trials assigned and answered. */
  assigned: number;
  answered: number;
  completed: boolean;
  lastSeenAt: Date;
}

export interface ParticipantFlow {
  started: number;
  completed: number;
  inProgress: number;
  droppedOut: number;
  answeredNone: number;
  excluded: { total: number; failedChecks: number; fastResponders: number; tooFewTrials: number };
  analysed: number;
}

/** A participant silent for longer than this without finishing has dropped out. */
export const DROPPED_OUT_AFTER_MINUTES = 60;

export function participantFlow(participants: ParticipantRecord[], report: ExclusionReport | null, now: Date): ParticipantFlow {
  const silentSince = now.getTime() - DROPPED_OUT_AFTER_MINUTES * 60_000;
  const unfinished = participants.filter((p) => !p.completed);
  const byRule = report?.participants.byRule;
  const excludedIds = new Set(report?.participants.excludedIds ?? []);
  return {
    started: participants.length,
    completed: participants.length - unfinished.length,
    inProgress: unfinished.filter((p) => p.lastSeenAt.getTime() >= silentSince).length,
    droppedOut: unfinished.filter((p) => p.lastSeenAt.getTime() < silentSince).length,
    answeredNone: participants.filter((p) => p.answered === 0).length,
    excluded: {
      total: excludedIds.size,
      failedChecks: byRule?.failedChecks.length ?? 0,
      fastResponders: byRule?.fastResponders.length ?? 0,
      tooFewTrials: byRule?.tooFewTrials.length ?? 0,
    },
    analysed: participants.filter((p) => p.answered > 0 && !excludedIds.has(p.id)).length,
  };
}

/** Real comparisons answered by the analysed participants: what the methods paragraph reports. */
export function trialsAnswered(participants: ParticipantRecord[], report: ExclusionReport | null) {
  const excluded = new Set(report?.participants.excludedIds ?? []);
  const counts = participants.filter((p) => p.answered > 0 && !excluded.has(p.id)).map((p) => p.answered).sort((a, b) => a - b);
  const assigned = [...new Set(participants.map((p) => p.assigned))].sort((a, b) => a - b);
  if (!counts.length) return { participants: 0, min: 0, max: 0, median: 0, total: 0, assigned };
  const m = counts.length >> 1;
  return {
    participants: counts.length,
    min: counts[0]!,
    max: counts[counts.length - 1]!,
    median: counts.length % 2 ? counts[m]! : (counts[m - 1]! + counts[m]!) / 2,
    total: counts.reduce((a, b) => a + b, 0),
    assigned,
  };
}
