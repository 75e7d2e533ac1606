import { describe, expect, it } from 'vitest';
import { pickEvalSet } from '@/server/quality/evalSet';

// 3 labels: label 0 has 10 rows, label 1 has 2, label 2 has 5; rows 2, 9 and 16 are held out.
const labels = [...Array(10).fill(0), 1, 1, ...Array(5).fill(2)];
const source = {
  captions: labels.map((l, i) => `caption ${i} of ${l}`),
  labels,
  split: labels.map((_, i) => ([2, 9, 16].includes(i) ? 1 : 0)),
};

describe('pickEvalSet', () => {
  it('takes the labels round-robin, so a small label is not crowded out by a big one', () => {
    const picked = pickEvalSet(source, { split: 0, count: 6, seed: 1 });
    const perLabel = [0, 1, 2].map((l) => picked.filter((p) => p.label === l).length);
    expect(perLabel).toEqual([2, 2, 2]);
  });

  it('keeps to the split, never repeats a row, and stops when the split is used up', () => {
    const picked = pickEvalSet(source, { split: 0, count: 100, seed: 1 });
    const trainRows = source.split.filter((s) => s === 0).length;
    expect(picked).toHaveLength(trainRows);
    expect(new Set(picked.map((p) => p.index)).size).toBe(trainRows);
    expect(picked.every((p) => source.split[p.index] === 0 && p.caption === source.captions[p.index])).toBe(true);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = pickEvalSet(source, { split: 0, count: 5, seed: 3 }).map((p) => p.index);
    expect(pickEvalSet(source, { split: 0, count: 5, seed: 3 }).map((p) => p.index)).toEqual(a);
    const others = [4, 5, 6, 7].map((seed) => pickEvalSet(source, { split: 0, count: 5, seed }).map((p) => p.index).join());
    expect(others.some((o) => o !== a.join())).toBe(true);
  });

  it('takes a caption once even when two rows share it', () => {
    const dup = { captions: ['a', 'a', 'b'], labels: [0, 0, 1], split: [0, 0, 0] };
    expect(pickEvalSet(dup, { split: 0, count: 3, seed: 0 }).map((p) => p.caption).sort()).toEqual(['a', 'b']);
  });
});
