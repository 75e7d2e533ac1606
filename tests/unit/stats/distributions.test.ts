// Wilson intervals are checked against R prop.test(correct = FALSE) in binomial.test.ts and analyze.test.ts;
// here the shapes, the orientation of the levels and the left/right position count.
import { describe, expect, it } from 'vitest';
import { fiveLevel, threeLevel } from '@/server/stats/distributions';
import { positionBias } from '@/server/stats/position';

describe('distributions', () => {
  it('5 levels in the order +2 … −2, shares summing to 1, intervals bracketing each share', () => {
    const d = fiveLevel([2, 1, 1, 0, 0, 0, -1, -2]);
    if (!d.ok) throw new Error(d.reason);
    expect(d.levels.map((l) => [l.score, l.count])).toEqual([[2, 1], [1, 2], [0, 3], [-1, 1], [-2, 1]]);
    expect(d.levels.reduce((s, l) => s + l.proportion, 0)).toBeCloseTo(1, 12);
    for (const l of d.levels) expect(l.ci[0] <= l.proportion && l.proportion <= l.ci[1]).toBe(true);
  });

  it('3 levels', () => {
    const d = threeLevel([2, 1, 0, 0, -1]);
    expect(d.ok && [d.aBetter.count, d.similar.count, d.bBetter.count]).toEqual([2, 2, 1]);
  });

  it('say why with no votes', () => {
    expect(fiveLevel([])).toEqual({ ok: false, reason: 'not enough data: no votes' });
    expect(threeLevel([])).toEqual({ ok: false, reason: 'not enough data: no votes' });
  });
});

describe('position bias', () => {
  it('counts the left image as chosen when the preferred condition was on the left', () => {
    const p = positionBias([
      { score: 2, leftIsA: true }, // A preferred, A left → left
      { score: -1, leftIsA: false }, // B preferred, B left → left
      { score: 1, leftIsA: false }, // A preferred, A right → right
      { score: 0, leftIsA: true }, // tie
    ]);
    if (!p.ok) throw new Error(p.reason);
    expect([p.left, p.right, p.ties, p.trials]).toEqual([2, 1, 1, 3]);
  });

  it('says why when every vote is a tie', () => {
    expect(positionBias([{ score: 0, leftIsA: true }])).toEqual({ ok: false, reason: 'not enough data: all 1 votes are ties' });
  });
});
