/**
 * Strengths of all conditions at once: pairwise win/tie/loss tables and the Davidson (Bradley–Terry with ties)
 * fit, with percentile intervals from the same two-way cluster bootstrap as the mean score (bootstrap.ts):
 * each replicate weights the vote of participant p on prompt q by w_p · v_q and refits.
 */
import { clusterIndex, clusterShortage, quantile7, replicateWeights, type Resample } from './bootstrap';
import { fitDavidson, type DavidsonFit, type PairCounts } from './bradleyTerry';
import { notEnough, type Outcome } from './outcome';
import { createRng } from './prng';

export interface PairedVote {
  participant: string;
  prompt: string;
  /** Condition A, B and the score of A over B (−2 … +2). */
  a: string;
  b: string;
  score: number;
}

export interface WinTieLoss {
  a: string;
  b: string;
  aWins: number;
  ties: number;
  bWins: number;
}

/** Win/tie/loss counts for every pair of conditions that met, A before B in `conditions` order. */
export function winTieLoss(votes: PairedVote[], conditions: string[]): WinTieLoss[] {
  const table = new Map<string, WinTieLoss>();
  for (const v of votes) {
    const flip = conditions.indexOf(v.a) > conditions.indexOf(v.b);
    const [a, b, s] = flip ? [v.b, v.a, -v.score] : [v.a, v.b, v.score];
    const key = JSON.stringify([a, b]);
    const row = table.get(key) ?? { a, b, aWins: 0, ties: 0, bWins: 0 };
    if (s > 0) row.aWins++;
    else if (s < 0) row.bWins++;
    else row.ties++;
    table.set(key, row);
  }
  return [...table.values()].sort((x, y) => conditions.indexOf(x.a) - conditions.indexOf(y.a) || conditions.indexOf(x.b) - conditions.indexOf(y.b));
}

/**
 * The fit's count table builder: each vote's pair cell and outcome are indexed once, so a bootstrap replicate
 * only adds up weights. `table(weight)` counts vote n with weight(n).
 */
function countTables(votes: PairedVote[], conditions: string[]) {
  const k = conditions.length;
  const idx = new Map(conditions.map((c, i) => [c, i]));
  const slot = votes.map((v) => {
    let i = idx.get(v.a)!;
    let j = idx.get(v.b)!;
    let s = v.score;
    if (i > j) [i, j, s] = [j, i, -s];
    return 3 * (i * k + j) + (s > 0 ? 0 : s === 0 ? 1 : 2);
  });
  return (weight: (n: number) => number): PairCounts[] => {
    const acc = new Float64Array(3 * k * k);
    slot.forEach((cell, n) => (acc[cell]! += weight(n)));
    const table: PairCounts[] = [];
    for (let i = 0; i < k; i++)
      for (let j = i + 1; j < k; j++) {
        const c = 3 * (i * k + j);
        if (acc[c]! + acc[c + 1]! + acc[c + 2]! > 0) table.push({ i, j, iWins: acc[c]!, ties: acc[c + 1]!, jWins: acc[c + 2]! });
      }
    return table;
  };
}

export interface StrengthsResult {
  fit: DavidsonFit;
  reference: string;
  /** Percentile interval of each θ; the reference's is [0, 0]. */
  ci: Record<string, [number, number]>;
  bootstrap: { replicates: number; skipped: number; seed: number; confidence: number; resample: Resample };
  pairs: WinTieLoss[];
}

export function strengths(
  votes: PairedVote[],
  conditions: string[],
  reference: string,
  options: { replicates: number; seed: number; confidence?: number; resample?: Resample },
): Outcome<StrengthsResult> {
  const { replicates, seed, confidence = 0.95, resample = 'both' } = options;
  if (votes.length === 0) return notEnough('no votes');
  const table = countTables(votes, conditions);
  const fit = fitDavidson(conditions, reference, table(() => 1));
  if (!fit.ok) return fit;
  const { participants, prompts, p, q } = clusterIndex(votes);
  const shortage = clusterShortage(participants.length, prompts.length, resample);
  if (shortage) return notEnough(shortage);
  const rng = createRng(seed);
  const draws: Record<string, number[]> = Object.fromEntries(conditions.map((c) => [c, []]));
  for (let r = 0; r < replicates; r++) {
    const { w, v } = replicateWeights(rng, participants.length, prompts.length, resample);
    const refit = fitDavidson(conditions, reference, table((i) => w[p[i]!]! * v[q[i]!]!));
    if (refit.ok) for (const c of conditions) draws[c]!.push(refit.theta[c]!);
  }
  const kept = draws[reference]!.length;
  if (kept === 0) return notEnough('no bootstrap replicate could be fitted');
  const tail = (1 - confidence) / 2;
  const ci: Record<string, [number, number]> = {};
  for (const c of conditions) {
    const s = draws[c]!.sort((x, y) => x - y);
    ci[c] = [quantile7(s, tail), quantile7(s, 1 - tail)];
  }
  return {
    ok: true,
    fit,
    reference,
    ci,
    bootstrap: { replicates: kept, skipped: replicates - kept, seed, confidence, resample },
    pairs: winTieLoss(votes, conditions),
  };
}
