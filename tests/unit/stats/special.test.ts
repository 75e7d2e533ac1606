// Reference: R 4.2.2 pnorm, qnorm, pt, qt, pbeta, qbeta, dbinom, pbinom (scripts/stats-reference/reference.R,
// fixtures/expected-r.json → special). Relative tolerance 1e-9 (1e-6 for quantiles, which are bisected).
import { describe, expect, it } from 'vitest';
import { dbinom, pbeta, pbinom, pnorm, pt, qbeta, qnorm, qt } from '@/server/stats/special';
import { R, data } from './helpers';

const S = data.vectors.special;
const rel = (a: number, e: number, tol: number) => expect(Math.abs(a - e)).toBeLessThanOrEqual(tol * Math.max(Math.abs(e), 1e-300));

describe('special functions against R', () => {
  it('pnorm', () => S.pnorm.forEach((x: number, i: number) => rel(pnorm(x), R.special.pnorm[i], 1e-9)));
  it('qnorm', () => S.qnorm.forEach((p: number, i: number) => rel(qnorm(p), R.special.qnorm[i], 1e-9)));
  it('pt', () => S.pt.forEach(([t, df]: number[], i: number) => rel(pt(t!, df!), R.special.pt[i], 1e-9)));
  it('qt', () => S.qt.forEach(([p, df]: number[], i: number) => rel(qt(p!, df!), R.special.qt[i], 1e-9)));
  it('pbeta', () => S.pbeta.forEach(([x, a, b]: number[], i: number) => rel(pbeta(x!, a!, b!), R.special.pbeta[i], 1e-9)));
  it('qbeta', () => S.qbeta.forEach(([p, a, b]: number[], i: number) => rel(qbeta(p!, a!, b!), R.special.qbeta[i], 1e-9)));
  it('dbinom', () => S.dbinom.forEach(([k, n, p]: number[], i: number) => rel(dbinom(k!, n!, p!), R.special.dbinom[i], 1e-9)));
  it('pbinom', () => S.pbinom.forEach(([k, n, p]: number[], i: number) => rel(pbinom(k!, n!, p!), R.special.pbinom[i], 1e-9)));
});
