/**
 * Why RAS costs quality on a model: measured on dense trajectories, the two properties the paper's argument
 * needs (Section 3.1, Figures 3 and 4):
 *   1. the regions of focus persist between adjacent steps: the token ranking by the RAS metric at step i+1
 *      is close to the one at step i (NDCG as in Figure 4, and Spearman's ρ, with the random-ranking value);
 *   2. the tokens RAS would drop at step i+1 (chosen from step i's velocity, as the sampler does) are the ones
 *      whose velocity changes little, so reusing their old velocity costs little: the share of the velocity
 *      change ‖v_{i+1} − v_i‖² that falls outside the active set, against (1 − r) for a random choice and the
 *      smallest share any set of that size could reach (dropping the tokens that change least).
 * Pure functions of velocities in token layout [N, P·C]; the script runs the model.
 */
import { rankAscending, selectTokens, tokenMetric, type SelectionParams } from '../sampler/rasSelection';

export interface TokenLayout {
  readonly tokens: number;
  readonly pixels: number;
  readonly channels: number;
}

/** Ranks 0 … N−1 of the values, highest first (ties by index). */
function ranksDescending(values: Float64Array): Float64Array {
  const order = rankAscending(values.map((x) => -x));
  const rank = new Float64Array(values.length);
  order.forEach((t, r) => (rank[t] = r));
  return rank;
}

/**
 * NDCG of the ranking by `next` (highest first) against relevance given by `prev` (the metric at the earlier
 * step, shifted to start at 0): DCG = Σ_k rel(k-th token) / log2(k + 2), divided by the ideal DCG.
 */
export function ndcg(prev: Float64Array, next: Float64Array): number {
  const min = prev.reduce((a, b) => Math.min(a, b), Infinity);
  const rel = prev.map((x) => x - min);
  const dcgOf = (order: Int32Array) => order.reduce((s, t, k) => s + rel[t]! / Math.log2(k + 2), 0);
  const ideal = dcgOf(rankAscending(rel.map((x) => -x)));
  return ideal === 0 ? 1 : dcgOf(rankAscending(next.map((x) => -x))) / ideal;
}

/** Expected NDCG of a uniformly random ranking against the same relevance (the floor of the scale). */
export function randomNdcg(prev: Float64Array): number {
  const min = prev.reduce((a, b) => Math.min(a, b), Infinity);
  const rel = prev.map((x) => x - min);
  const meanRel = rel.reduce((a, b) => a + b, 0) / rel.length;
  let discount = 0;
  for (let k = 0; k < rel.length; k++) discount += 1 / Math.log2(k + 2);
  const ideal = rankAscending(rel.map((x) => -x)).reduce((s, t, k) => s + rel[t]! / Math.log2(k + 2), 0);
  return ideal === 0 ? 1 : (meanRel * discount) / ideal;
}

export function spearman(a: Float64Array, b: Float64Array): number {
  const ra = ranksDescending(a);
  const rb = ranksDescending(b);
  const n = a.length;
  const m = (n - 1) / 2;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i]! - m) * (rb[i]! - m);
    saa += (ra[i]! - m) ** 2;
    sbb += (rb[i]! - m) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** Per token ‖v_{i+1} − v_i‖² and ‖v_{i+1}‖². */
export function changePerToken(prev: Float32Array, next: Float32Array, layout: TokenLayout): { change: Float64Array; size: Float64Array } {
  const per = layout.pixels * layout.channels;
  const change = new Float64Array(layout.tokens);
  const size = new Float64Array(layout.tokens);
  for (let t = 0; t < layout.tokens; t++) {
    for (let k = t * per; k < (t + 1) * per; k++) {
      change[t]! += (next[k]! - prev[k]!) ** 2;
      size[t]! += next[k]! ** 2;
    }
  }
  return { change, size };
}

export interface StepDiagnostic {
  /** Index of the later step of the pair (i + 1). */
  readonly step: number;
  readonly ndcg: number;
  readonly ndcgRandom: number;
  readonly spearman: number;
  /** Spearman's ρ between the metric at step i+1 and the same metric of the initial noise. */
  readonly noiseSpearman: number;
  /** ‖v_{i+1} − v_i‖ / ‖v_{i+1}‖ over the image. */
  readonly relativeChange: number;
  /** Per ratio: share of the change outside the set RAS would keep, and the smallest possible share. */
  readonly outside: readonly {
    ratio: number;
    share: number;
    oracle: number;
    random: number;
    /** Keeping instead the tokens whose velocity changed most in the previous pair (known at sampling time); NaN at the first pair. */
    previousChange: number;
    backgroundDropped: number;
  }[];
}

/**
 * Diagnostics of each adjacent pair of a dense trajectory's guided velocities. `background[t]`: token t is
 * background in the final image (near white), to tell where the dropped tokens lie.
 */
export function trajectoryDiagnostic(
  velocities: readonly Float32Array[],
  layout: TokenLayout,
  ratios: readonly number[],
  selection: SelectionParams,
  background: Uint8Array,
  noise: Float32Array,
): StepDiagnostic[] {
  const out: StepDiagnostic[] = [];
  const N = layout.tokens;
  const noiseMetric = tokenMetric(noise, N, layout.pixels, layout.channels, selection.metric);
  let previous: Float64Array | null = null;
  for (let i = 0; i + 1 < velocities.length; i++) {
    const a = tokenMetric(velocities[i]!, N, layout.pixels, layout.channels, selection.metric);
    const b = tokenMetric(velocities[i + 1]!, N, layout.pixels, layout.channels, selection.metric);
    const { change, size } = changePerToken(velocities[i]!, velocities[i + 1]!, layout);
    const total = change.reduce((s, x) => s + x, 0);
    const sizeTotal = size.reduce((s, x) => s + x, 0);
    const byChange = rankAscending(change);
    const byPrevious = previous ? rankAscending(previous) : null;
    out.push({
      step: i + 1,
      ndcg: ndcg(a, b),
      ndcgRandom: randomNdcg(a),
      spearman: spearman(a, b),
      noiseSpearman: spearman(noiseMetric, b),
      relativeChange: Math.sqrt(total / sizeTotal),
      outside: ratios.map((ratio) => {
        const skip = Math.floor((1 - ratio) * N);
        const sel = selectTokens(a, new Uint32Array(N), skip, selection);
        const share = sel.dropped.reduce((s, t) => s + change[t]!, 0) / total;
        let oracle = 0;
        for (let k = 0; k < sel.dropped.length; k++) oracle += change[byChange[k]!]!;
        let prev = NaN;
        if (byPrevious) {
          prev = 0;
          for (let k = 0; k < sel.dropped.length; k++) prev += change[byPrevious[k]!]!;
          prev /= total;
        }
        const bg = sel.dropped.reduce((s, t) => s + background[t]!, 0);
        return { ratio, share, oracle: oracle / total, random: sel.dropped.length / N, previousChange: prev, backgroundDropped: sel.dropped.length ? bg / sel.dropped.length : 0 };
      }),
    });
    previous = change;
  }
  return out;
}

/** Tokens whose every pixel of the final image is near white (all channels above `threshold` in [-1, 1]). */
export function backgroundTokens(x: Float32Array, layout: TokenLayout, threshold = 0.9): Uint8Array {
  const per = layout.pixels * layout.channels;
  const out = new Uint8Array(layout.tokens);
  for (let t = 0; t < layout.tokens; t++) {
    let all = 1;
    for (let k = t * per; k < (t + 1) * per; k++) if (x[k]! < threshold) all = 0;
    out[t] = all;
  }
  return out;
}
