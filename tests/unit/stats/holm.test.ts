// Reference: R 4.2.2 p.adjust(p, method = "holm") (expected-r.json → holm).
import { describe, it } from 'vitest';
import { holm } from '@/server/stats/holm';
import { R, STAT, data, near } from './helpers';

describe('Holm adjustment', () => {
  it.each((data.vectors.holm as number[][]).map((p, i) => [i, p] as const))('family %i matches R p.adjust', (i, p) => {
    const adjusted = holm(p);
    const ref = [R.holm[i]].flat() as number[];
    adjusted.forEach((a, k) => near(a, ref[k]!, STAT));
  });
});
