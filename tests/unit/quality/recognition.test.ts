import { describe, expect, it } from 'vitest';
import { inTopK, topK, topKAccuracy } from '@/server/quality/recognition';

describe('top-k recognition', () => {
  it('orders classes by logit, ties by class index', () => {
    expect(topK([0.1, 3, -1, 3, 2], 3)).toEqual([1, 3, 4]);
    expect(inTopK([0.1, 3, -1, 3, 2], 0, 3)).toBe(false);
    expect(inTopK([0.1, 3, -1, 3, 2], 4, 3)).toBe(true);
  });

  it('gives the share of rows whose label is among the k best', () => {
    const logits = Float32Array.from([1, 2, 3, /* row 2 */ 3, 2, 1]);
    expect(topKAccuracy(logits, 3, [2, 2], 1)).toBe(0.5);
    expect(topKAccuracy(logits, 3, [2, 2], 3)).toBe(1);
    expect(() => topKAccuracy(logits, 4, [2, 2], 1)).toThrow(/6 logits for 2×4/);
  });
});
