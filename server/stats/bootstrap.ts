/**
 * Cluster bootstrap of the mean score. Each replicate draws P participants with replacement and, independently,
 * Q prompts with replacement (the two-way / "pigeonhole" bootstrap); the vote of participant p on prompt q
 * then enters w_p · v_q times, w and v being how often p and q were drawn:
 *   mean* = Σ_pq w_p v_q S_pq / Σ_pq w_p v_q N_pq       (S, N: score sum and vote count of cell p × q)
 * Participants are drawn before prompts in each replicate, from one xoshiro128** stream seeded by `seed`, so
 * a seed gives the same interval everywhere. Percentile interval, quantiles by R's type 7 (linear between
 * order statistics). A replicate whose drawn cells hold no vote is skipped and counted in `skipped`.
 */
import { notEnough, type Outcome } from './outcome';
import { createRng, type Rng } from './prng';

export interface ClusteredScore {
  participant: string;
  prompt: string;
  score: number;
}

export type Resample = 'both' | 'participants' | 'prompts';

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  confidence?: number;
  resample?: Resample;
}

export interface BootstrapResult {
  estimate: number;
  ci: [number, number];
  confidence: number;
  replicates: number;
  skipped: number;
  seed: number;
  resample: Resample;
}

/** R's quantile(type = 7) of an ascending array. */
export function quantile7(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** How often each of k clusters is drawn in k draws with replacement. */
export function drawCounts(rng: Rng, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (let i = 0; i < k; i++) counts[rng.int(k)]!++;
  return counts;
}

const ones = (k: number) => new Float64Array(k).fill(1);

/** Index every vote's participant and prompt: the shared layout of the cluster bootstraps. */
export function clusterIndex<T extends { participant: string; prompt: string }>(votes: T[]) {
  const participants = [...new Set(votes.map((v) => v.participant))].sort();
  const prompts = [...new Set(votes.map((v) => v.prompt))].sort();
  const pi = new Map(participants.map((p, i) => [p, i]));
  const qi = new Map(prompts.map((q, i) => [q, i]));
  return { participants, prompts, p: votes.map((v) => pi.get(v.participant)!), q: votes.map((v) => qi.get(v.prompt)!) };
}

/** Participant and prompt weights of one replicate (1 for a dimension that is not resampled). */
export function replicateWeights(rng: Rng, nP: number, nQ: number, resample: Resample) {
  const w = resample === 'prompts' ? ones(nP) : drawCounts(rng, nP);
  const v = resample === 'participants' ? ones(nQ) : drawCounts(rng, nQ);
  return { w, v };
}

/** Why a resampling scheme cannot run on these clusters, or null when it can. */
export function clusterShortage(nP: number, nQ: number, resample: Resample): string | null {
  if (resample !== 'prompts' && nP < 2) return `${nP} participant; resampling participants needs at least 2`;
  if (resample !== 'participants' && nQ < 2) return `${nQ} prompt; resampling prompts needs at least 2`;
  return null;
}

export function clusterBootstrapMean(votes: ClusteredScore[], options: BootstrapOptions): Outcome<BootstrapResult> {
  const { replicates, seed, confidence = 0.95, resample = 'both' } = options;
  if (votes.length === 0) return notEnough('no votes');
  const { participants, prompts, p, q } = clusterIndex(votes);
  const nP = participants.length;
  const nQ = prompts.length;
  const shortage = clusterShortage(nP, nQ, resample);
  if (shortage) return notEnough(shortage);
  const S = new Float64Array(nP * nQ);
  const N = new Float64Array(nP * nQ);
  votes.forEach((vote, i) => {
    S[p[i]! * nQ + q[i]!]! += vote.score;
    N[p[i]! * nQ + q[i]!]!++;
  });
  const rng = createRng(seed);
  const stats: number[] = [];
  for (let r = 0; r < replicates; r++) {
    const { w, v } = replicateWeights(rng, nP, nQ, resample);
    let num = 0;
    let den = 0;
    for (let a = 0; a < nP; a++) {
      if (w[a] === 0) continue;
      for (let b = 0; b < nQ; b++) {
        const weight = w[a]! * v[b]!;
        num += weight * S[a * nQ + b]!;
        den += weight * N[a * nQ + b]!;
      }
    }
    if (den > 0) stats.push(num / den);
  }
  if (stats.length === 0) return notEnough('no bootstrap replicate held any vote');
  stats.sort((x, y) => x - y);
  const tail = (1 - confidence) / 2;
  const estimate = votes.reduce((a, x) => a + x.score, 0) / votes.length;
  return {
    ok: true,
    estimate,
    ci: [quantile7(stats, tail), quantile7(stats, 1 - tail)],
    confidence,
    replicates: stats.length,
    skipped: replicates - stats.length,
    seed,
    resample,
  };
}
