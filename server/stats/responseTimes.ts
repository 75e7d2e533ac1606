/**
 * Response-time summary (median and quartiles, R quantile type 7) and the fast-response flag: a vote faster
 * than `fastMs` is flagged, and so is a participant whose median vote is faster. Flags are reported, never
 * used to exclude. Default 1000 ms (settings.ts says why).
 */
import { quantile7 } from './bootstrap';
import { notEnough, type Outcome } from './outcome';

export interface ResponseTimeSummary {
  n: number;
  median: number;
  q1: number;
  q3: number;
  fastMs: number;
  fastVotes: number;
  fastShare: number;
  /** Participants whose median response time is below fastMs. */
  fastParticipants: string[];
}

const medianOf = (xs: number[]) => quantile7([...xs].sort((a, b) => a - b), 0.5);

export function responseTimes(votes: { participant: string; responseMs: number }[], fastMs: number): Outcome<ResponseTimeSummary> {
  if (votes.length === 0) return notEnough('no votes');
  const ms = votes.map((v) => v.responseMs).sort((a, b) => a - b);
  const byParticipant = new Map<string, number[]>();
  for (const v of votes) {
    const own = byParticipant.get(v.participant) ?? [];
    own.push(v.responseMs);
    byParticipant.set(v.participant, own);
  }
  const fastVotes = ms.filter((x) => x < fastMs).length;
  return {
    ok: true,
    n: ms.length,
    median: quantile7(ms, 0.5),
    q1: quantile7(ms, 0.25),
    q3: quantile7(ms, 0.75),
    fastMs,
    fastVotes,
    fastShare: fastVotes / ms.length,
    fastParticipants: [...byParticipant].filter(([, xs]) => medianOf(xs) < fastMs).map(([id]) => id).sort(),
  };
}
