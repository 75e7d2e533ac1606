/** Top-k recognition: whether the true class is among the k highest logits (ties broken by class index). */
export function topK(logits: ArrayLike<number>, k: number): number[] {
  const order = Array.from({ length: logits.length }, (_, i) => i);
  order.sort((a, b) => logits[b]! - logits[a]! || a - b);
  return order.slice(0, k);
}

export function inTopK(logits: ArrayLike<number>, label: number, k: number): boolean {
  return topK(logits, k).includes(label);
}

/** Share of rows whose label is in the top k; logits are row-major [n, classes]. */
export function topKAccuracy(logits: Float32Array, classes: number, labels: readonly number[], k: number): number {
  const n = labels.length;
  if (logits.length !== n * classes) throw new RangeError(`topKAccuracy: ${logits.length} logits for ${n}×${classes}`);
  let hits = 0;
  for (let i = 0; i < n; i++) if (inTopK(logits.subarray(i * classes, (i + 1) * classes), labels[i]!, k)) hits++;
  return n === 0 ? NaN : hits / n;
}
