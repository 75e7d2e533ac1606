/**
 * RAS token selection (spec §2, step 4): which tokens the next step processes. Pure and deterministic.
 *
 * 1. Metric per latent pixel from the velocity: `std` over channels (unbiased, n − 1) or `l2norm` over
 *    channels; per token the mean over its p×p pixels. (The reference ranks d = (σ_{i+1} − σ_i)·v; the
 *    factor is one per step, so ranking v gives the same order.)
 * 2. Starvation: drop_count[t] counts the steps in which token t was dropped (reset per image).
 * 3. Two modes:
 *    - `reference` — the authors' rule. score = metric · exp(s · drop_count), sorted ascending;
 *      low = ⌊skip·(1 − h)⌋ lowest and high = ⌊skip·h⌋ highest are dropped, the middle band is active.
 *      Documented quirks: with h = 1 the highest-metric tokens are dropped and the starvation factor, which
 *      raises a dropped token's score, makes it *more* likely to be dropped again. h = 0 drops nothing from
 *      the top (the reference's `indices[-0:]` would drop every token). The given starvation scale is
 *      honoured (the reference always uses 0.1). The reference's drop counts start at −(T + 1), a common
 *      factor exp(−s(T + 1)) that changes no ranking, so counts start at 0 here. When low + high < skip
 *      (rounding) fewer tokens are dropped, as in the reference.
 *    - `paper` — the paper's intent. Focus is low std (the subject) or high l2 norm; priority =
 *      focus · exp(s · drop_count), computed as log-priority s·drop_count ∓ ln(metric). The `skip`
 *      lowest-priority tokens are dropped, so each drop raises a token's priority and no token stays dropped
 *      for long. high_ratio does not apply.
 *    Ties are broken by token index, so the result never depends on the sort implementation.
 */
import type { SamplerConfig } from './config';

export type Metric = SamplerConfig['metric'];
export type SelectionMode = SamplerConfig['selection_mode'];

export interface SelectionParams {
  readonly mode: SelectionMode;
  readonly metric: Metric;
  readonly highRatio: number;
  readonly starvationScale: number;
}

export interface Selection {
  /** Tokens processed next step, ascending. */
  readonly active: Int32Array;
  /** Tokens dropped next step, ascending. */
  readonly dropped: Int32Array;
  /** drop_count after this selection (a new array). */
  readonly dropCount: Uint32Array;
}

/**
 * Per-token metric of a velocity in token layout [N, pixels·C] ((py, px, c) order, channels last).
 */
export function tokenMetric(v: Float32Array, tokens: number, pixels: number, channels: number, metric: Metric): Float64Array {
  if (v.length !== tokens * pixels * channels) {
    throw new RangeError(`tokenMetric: ${v.length} values for ${tokens} tokens × ${pixels} pixels × ${channels} channels`);
  }
  if (metric === 'std' && channels < 2) throw new RangeError('tokenMetric: std needs at least 2 channels');
  const out = new Float64Array(tokens);
  let k = 0;
  for (let t = 0; t < tokens; t++) {
    let sum = 0;
    for (let px = 0; px < pixels; px++, k += channels) sum += pixelMetric(v, k, channels, metric);
    out[t] = sum / pixels;
  }
  return out;
}

function pixelMetric(v: Float32Array, at: number, C: number, metric: Metric): number {
  if (metric === 'l2norm') {
    let ss = 0;
    for (let c = 0; c < C; c++) ss += v[at + c]! * v[at + c]!;
    return Math.sqrt(ss);
  }
  let mean = 0;
  for (let c = 0; c < C; c++) mean += v[at + c]!;
  mean /= C;
  let ss = 0;
  for (let c = 0; c < C; c++) ss += (v[at + c]! - mean) ** 2;
  return Math.sqrt(ss / (C - 1));
}

/** The reference's bands: how many of the `skip` dropped tokens come from the bottom and from the top. */
export function referenceBands(skip: number, highRatio: number): { low: number; high: number } {
  return { low: Math.trunc(skip * (1 - highRatio)), high: Math.trunc(skip * highRatio) };
}

/** The score each mode sorts ascending; the lowest are dropped in `paper` mode. */
export function selectionScore(metric: Float64Array, dropCount: Uint32Array, p: SelectionParams): Float64Array {
  const score = new Float64Array(metric.length);
  for (let t = 0; t < metric.length; t++) {
    const m = metric[t]!;
    const starve = p.starvationScale * dropCount[t]!;
    if (p.mode === 'reference') score[t] = m * Math.exp(starve);
    else score[t] = starve + (p.metric === 'std' ? -Math.log(m) : Math.log(m));
  }
  return score;
}

/** Token indices sorted by ascending score, ties by index. */
export function rankAscending(score: Float64Array): Int32Array {
  const order = Int32Array.from(score.keys());
  return order.sort((a, b) => score[a]! - score[b]! || a - b);
}

export function selectTokens(metric: Float64Array, dropCount: Uint32Array, skip: number, p: SelectionParams): Selection {
  const N = metric.length;
  if (dropCount.length !== N) throw new RangeError(`selectTokens: ${N} metrics but ${dropCount.length} drop counts`);
  if (!Number.isInteger(skip) || skip < 0 || skip > N) throw new RangeError(`selectTokens: skip ${skip} outside [0, ${N}]`);
  const order = rankAscending(selectionScore(metric, dropCount, p));
  const { low, high } = p.mode === 'reference' ? referenceBands(skip, p.highRatio) : { low: skip, high: 0 };
  const isDropped = new Uint8Array(N);
  for (let j = 0; j < low; j++) isDropped[order[j]!] = 1;
  for (let j = N - high; j < N; j++) isDropped[order[j]!] = 1;
  const nextCount = dropCount.slice();
  const active: number[] = [];
  const dropped: number[] = [];
  for (let t = 0; t < N; t++) {
    if (isDropped[t]) {
      dropped.push(t);
      nextCount[t] = nextCount[t]! + 1;
    } else active.push(t);
  }
  return { active: Int32Array.from(active), dropped: Int32Array.from(dropped), dropCount: nextCount };
}

/** Every token, ascending: the active set of a dense step. */
export function allTokens(N: number): Int32Array {
  return Int32Array.from({ length: N }, (_, i) => i);
}
