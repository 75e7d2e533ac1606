// Reference: R 4.2.2 pnorm, qnorm, pt, qt, pbeta, qbeta, dbinom, pbinom (scripts/stats-reference/reference.R,
// fixtures/expected-r.json → special). Relative tolerance 1e-9.
import { describe, expect, it } from 'vitest';
import { dbinom, pbeta, pbinom, pnorm, pt, qbeta, qnorm, qt } from '@/server/stats/special';
import { R, data } from './helpers';

const S = data.vectors.special as Record<string, (number | number[])[]>;
const rel = (a: number, e: number, tol: number) => expect(Math.abs(a - e)).toBeLessThanOrEqual(tol * Math.max(Math.abs(e), 1e-300));

const functions: Record<string, (args: number[]) => number> = {
  pnorm: ([x]) => pnorm(x!),
  qnorm: ([p]) => qnorm(p!),
  pt: ([t, df]) => pt(t!, df!),
  qt: ([p, df]) => qt(p!, df!),
  pbeta: ([x, a, b]) => pbeta(x!, a!, b!),
  qbeta: ([p, a, b]) => qbeta(p!, a!, b!),
  dbinom: ([k, n, p]) => dbinom(k!, n!, p!),
  pbinom: ([k, n, p]) => pbinom(k!, n!, p!),
};
const names = Object.keys(functions);

describe('special functions against R', () => {
  it('has inputs and one R value per input for every function', () => {
    expect(Object.keys(S).sort()).toEqual([...names].sort());
    expect(names.map((f) => S[f]!.length)).toEqual([9, 8, 8, 7, 6, 4, 4, 5]);
    for (const f of names) expect(R.special[f]).toHaveLength(S[f]!.length);
  });

  it.each(names)('%s', (f) => {
    const inputs = S[f]!;
    const expected = R.special[f] as number[];
    let checked = 0;
    inputs.forEach((input, i) => {
      const value = functions[f]!([input].flat());
      expect(Number.isFinite(value)).toBe(true);
      rel(value, expected[i]!, 1e-9);
      checked++;
    });
    expect(checked).toBe(expected.length);
  });
});
