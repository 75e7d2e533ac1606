// Reference: R 4.2.2 p.adjust(p, method = "holm") (expected-r.json → holm); the first family also by hand.
import { describe, expect, it } from 'vitest';
import { holm } from '@/server/stats/holm';
import { R, STAT, data, near } from './helpers';

const families = data.vectors.holm as number[][];
// R's JSON writer unboxes a family of one p-value to a number.
const reference = (R.holm as (number | number[])[]).map((r) => [r].flat());

describe('Holm adjustment', () => {
  it('has every fixture family and a reference of the same length for each', () => {
    expect(families.map((p) => p.length)).toEqual([4, 5, 1, 6]);
    expect(reference.map((r) => r.length)).toEqual([4, 5, 1, 6]);
  });

  it.each(families.map((p, i) => [i, p] as const))('family %i matches R p.adjust', (i, p) => {
    const adjusted = holm(p);
    expect(adjusted).toHaveLength(p.length);
    adjusted.forEach((a, k) => near(a, reference[i]![k]!, STAT));
  });

  it('by hand: sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1, running maximum, in input order', () => {
    const [a, b, c, d] = holm([0.01, 0.04, 0.03, 0.005]);
    expect(a).toBeCloseTo(0.03, 15);
    expect(b).toBeCloseTo(0.06, 15);
    expect(c).toBeCloseTo(0.06, 15);
    expect(d).toBeCloseTo(0.02, 15);
  });

  it('caps at 1, keeps one p-value as it is, and an empty family is empty', () => {
    expect(holm([0.5, 0.9, 0.6])).toEqual([1, 1, 1]);
    expect(holm([0.2])).toEqual([0.2]);
    expect(holm([])).toEqual([]);
  });
});
