export interface ComparisonLoad {
  id: string;
  /** Votes cast plus trials held by participants still active: what the comparison will have. */
  load: number;
}

export type Rng = () => number;

/**
 * Picks `k` distinct comparisons, least-loaded first (random among equals). Taking the lowest loads first
 * means no comparison passes its target before every other one has reached it.
 */
export function pickComparisons(candidates: ComparisonLoad[], k: number, rng: Rng): string[] {
  return candidates
    .map((c) => ({ ...c, tie: rng() }))
    .sort((a, b) => a.load - b.load || a.tie - b.tie)
    .slice(0, k)
    .map((c) => c.id);
}

/** Fisher–Yates shuffle into a new array. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * How many attention checks a participant with `trials` real trials gets at `rate`: at least one of each
 * enabled kind when rate > 0, so that no single answer passes them all ("similar" fails a degraded check, any
 * other answer fails an identical one).
 */
export function attentionCheckCount(trials: number, rate: number, available: number, kinds = 1): number {
  if (rate <= 0 || available === 0) return 0;
  return Math.min(available, Math.max(kinds, Math.round(trials * rate)));
}

/** `count` checks: one of each enabled kind first (random among equals), the rest at random, never one twice. */
export function pickChecks<K extends string>(checks: { id: string; kind: K }[], count: number, kinds: readonly K[], rng: Rng): string[] {
  const pool = shuffled(checks.filter((c) => kinds.includes(c.kind)), rng);
  const chosen: string[] = [];
  for (const kind of shuffled(kinds, rng)) {
    const first = pool.find((c) => c.kind === kind && !chosen.includes(c.id));
    if (first && chosen.length < count) chosen.push(first.id);
  }
  for (const c of pool) if (chosen.length < count && !chosen.includes(c.id)) chosen.push(c.id);
  return chosen;
}

/**
 * Trial order: real and check trials shuffled together, then a check in first place is swapped with the first
 * real trial, so a participant's first impression is a real comparison.
 */
export function orderTrials<T extends { isAttentionCheck: boolean }>(items: readonly T[], rng: Rng): T[] {
  const order = shuffled(items, rng);
  const firstReal = order.findIndex((t) => !t.isAttentionCheck);
  if (firstReal > 0) [order[0], order[firstReal]] = [order[firstReal], order[0]];
  return order;
}

// Drawn from the system's CSPRNG 4096 values at a time: one call per value made the attention checks' noise
// (one value per pixel channel) cost seconds per upload.
const randomPool = new Uint32Array(4096);
let nextRandom = randomPool.length;
export const cryptoRng: Rng = () => {
  if (nextRandom === randomPool.length) {
    crypto.getRandomValues(randomPool);
    nextRandom = 0;
  }
  return randomPool[nextRandom++]! / 2 ** 32;
};
