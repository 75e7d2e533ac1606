// Reference: Debian has no r-cran-irr, so the reference is an independent Python implementation written from
// the definition (coincidence matrix; scripts/stats-reference/reference.py kripp_ordinal), which itself
// reproduces Krippendorff's published values for his 2011 example (ordinal 0.815, nominal 0.743, interval 0.849).
import { describe, expect, it } from 'vitest';
import { krippendorffOrdinal } from '@/server/stats/krippendorff';
import { PY, STAT, data, near } from './helpers';

describe("Krippendorff's α (ordinal)", () => {
  it("reproduces Krippendorff's own example (α = 0.815)", () => {
    const a = krippendorffOrdinal(data.vectors.krippendorff_book);
    if (!a.ok) throw new Error(a.reason);
    near(a.alpha, PY.krippendorffBook.ordinal, STAT);
    expect(a.alpha.toFixed(3)).toBe('0.815');
    expect(a.pairable).toBe(40);
    expect(a.units).toBe(11);
  });

  it('is 1 for perfect agreement and ≤ 0 for systematic disagreement', () => {
    const perfect = krippendorffOrdinal([[2, 2, 2], [-1, -1], [0, 0, 0]]);
    expect(perfect.ok && perfect.alpha).toBe(1);
    const opposed = krippendorffOrdinal([[2, -2], [2, -2], [1, -1]]);
    expect(opposed.ok && opposed.alpha).toBeLessThan(0);
  });

  it('says why when undefined', () => {
    expect(krippendorffOrdinal([[1], [2]])).toEqual({ ok: false, reason: 'not enough data: no comparison was rated by two or more participants' });
    const flat = krippendorffOrdinal([[0, 0], [0, 0, 0]]);
    expect(!flat.ok && flat.reason).toMatch(/^not enough data: every pairable value is 0/);
  });
});
