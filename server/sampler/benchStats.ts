/** Small statistics for the sampler benchmark: medians and the fixed-cost fit of step time against tokens. */

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Least-squares line ms = fixed + perToken · tokens through the median step time of each distinct token
 * count (medians first, so a few slow steps on a noisy machine do not tilt the line). `fixed` is the cost a
 * step pays whatever it processes: the runtime's per-call and per-node overhead, cache handling, the text
 * tokens, and the sampler's own work.
 */
export function fixedCostFit(steps: readonly { tokens: number; ms: number }[]): { fixed: number; perToken: number; points: number } {
  const groups = new Map<number, number[]>();
  for (const s of steps) groups.set(s.tokens, [...(groups.get(s.tokens) ?? []), s.ms]);
  const pts = [...groups].map(([n, ms]) => [n, median(ms)] as const);
  if (pts.length < 2) throw new RangeError('fixedCostFit needs steps with at least two different token counts');
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  const sxy = pts.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = pts.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const perToken = sxy / sxx;
  return { fixed: my - perToken * mx, perToken, points: pts.length };
}

/** The order of the variants in repeat `rep`: rotated, so none always runs first or right after another. */
export function rotation<T>(items: readonly T[], rep: number): T[] {
  const k = rep % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
