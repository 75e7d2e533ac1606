"""Exact permutation p-values of the Wilcoxon signed-rank test with mid-ranks and Pratt's zeros, written
independently of the TypeScript (server/stats/wilcoxon.ts) in two ways that must agree:
  - brute_force: enumerate all 2ⁿ sign vectors of the n non-zero values (n ≤ 24);
  - by_tie_groups: W+ is the sum over tie groups g of k_g·r_g with k_g ~ Binomial(t_g, ½) positives among the
    t_g values sharing mid-rank r_g; convolve those exact integer distributions (Python ints, no rounding).
Ranks: scipy.stats.rankdata(|d|, 'average') over all values, zeros included; the zeros' ranks are then dropped.
Two-sided p = P(|W+ − E| ≥ |w − E|), E = Σ ranks / 2 (the distribution is symmetric about E, so this equals
2·min(P(W+ ≤ w), P(W+ ≥ w)) capped at 1)."""
from fractions import Fraction
from math import comb

import numpy as np
from scipy import stats


def _doubled(d):
    d = np.asarray(d, dtype=float)
    ranks = stats.rankdata(np.abs(d), method="average")
    nz = d != 0
    r2 = np.rint(2 * ranks[nz]).astype(np.int64)
    assert np.allclose(r2, 2 * ranks[nz])
    obs2 = int(r2[d[nz] > 0].sum())
    return r2, obs2, int(r2.sum())


def brute_force(d):
    r2, obs2, total = _doubled(d)
    n = len(r2)
    assert n <= 24, "brute force only up to 24 non-zero values"
    target = abs(2 * obs2 - total)
    hits = 0
    bits = np.arange(n, dtype=np.int64)
    for start in range(0, 2 ** n, 1 << 18):
        idx = np.arange(start, min(start + (1 << 18), 2 ** n), dtype=np.int64)
        signs = (idx[:, None] >> bits) & 1
        w = signs @ r2
        hits += int(np.count_nonzero(np.abs(2 * w - total) >= target))
    return hits / 2 ** n


def by_tie_groups(d):
    r2, obs2, total = _doubled(d)
    n = len(r2)
    groups = {}
    for r in r2.tolist():
        groups[r] = groups.get(r, 0) + 1
    dist = {0: 1}
    for r, t in groups.items():
        step = {k * r: comb(t, k) for k in range(t + 1)}
        nxt = {}
        for s, c in dist.items():
            for add, m in step.items():
                nxt[s + add] = nxt.get(s + add, 0) + c * m
        dist = nxt
    assert sum(dist.values()) == 2 ** n
    target = abs(2 * obs2 - total)
    hits = sum(c for s, c in dist.items() if abs(2 * s - total) >= target)
    return float(Fraction(hits, 2 ** n))


def exact_p(d):
    """The exact permutation p-value, by tie groups, confirmed by brute force where that is affordable."""
    p = by_tie_groups(d)
    if len(_doubled(d)[0]) <= 22:
        assert abs(brute_force(d) - p) < 1e-15, (d, p)
    return p
