#!/usr/bin/python3
"""Reference values from Debian's python3-scipy / python3-statsmodels (and implementations written here from
the definitions: Krippendorff's ordinal α, the Davidson likelihood maximised with scipy.optimize, the exact
signed-rank permutation test (signed_rank.py) and the TOST sample size (sample_size.py)). Reads tests/unit/stats/fixtures/data.json, writes tests/unit/stats/fixtures/expected-py.json."""
import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint
from statsmodels.stats.weightstats import DescrStatsW

import sample_size
import signed_rank
from common import analysis_set, oriented, participant_means, prompt_scores


EXACT_MAX_NONZERO = 50


def wilcoxon_normal(d, correction=False):
    """scipy.stats.wilcoxon, Pratt zeros, normal approximation (mode='approx')."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = stats.wilcoxon(np.asarray(d, dtype=float), zero_method="pratt", correction=correction, mode="approx")
    return {"statistic": float(res.statistic), "pValue": float(res.pvalue), "method": "normal", "z": float(res.zstatistic)}


def wilcoxon(d):
    """The signed-rank test as the TypeScript chooses it: with at most 50 non-zero values the exact permutation
    distribution (signed_rank.py: tie-group convolution, confirmed by brute force up to 22 values; without zeros
    or ties also equal to scipy's mode='exact'), otherwise scipy's normal approximation."""
    d = np.asarray(d, dtype=float)
    nz = d[d != 0]
    if len(nz) > EXACT_MAX_NONZERO:
        return wilcoxon_normal(d)
    ties = len(np.unique(np.abs(nz))) < len(nz)
    classical = len(nz) == len(d) and not ties
    ranks = stats.rankdata(np.abs(d))
    w_plus, w_minus = float(ranks[d > 0].sum()), float(ranks[d < 0].sum())
    p = signed_rank.exact_p(d)
    if classical:
        res = stats.wilcoxon(d, zero_method="pratt", mode="exact")
        assert abs(res.pvalue - p) < 1e-12 and res.statistic == min(w_plus, w_minus), (d, res, p)
    return {"statistic": min(w_plus, w_minus), "pValue": p, "method": "exact" if classical else "exact-permutation", "z": None}


def kripp_ordinal(units):
    """Krippendorff's α, ordinal metric, from the definition (coincidence matrix), written independently of the TS."""
    units = [u for u in units if len(u) >= 2]
    values = sorted({v for u in units for v in u})
    k = len(values)
    o = np.zeros((k, k))
    for u in units:
        m = len(u)
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[values.index(u[a]), values.index(u[b])] += 1.0 / (m - 1)
    n_c = o.sum(axis=1)
    n = n_c.sum()

    def d2(metric, c, e):
        if metric == "nominal":
            return float(c != e)
        if metric == "interval":
            return float(values[c] - values[e]) ** 2
        lo, hi = min(c, e), max(c, e)
        return (n_c[lo:hi + 1].sum() - (n_c[lo] + n_c[hi]) / 2) ** 2

    def alpha(metric):
        delta = np.array([[d2(metric, c, e) for e in range(k)] for c in range(k)])
        return 1 - (n - 1) * (o * delta).sum() / (np.outer(n_c, n_c) * delta).sum()

    return {"ordinal": float(alpha("ordinal")), "nominal": float(alpha("nominal")), "interval": float(alpha("interval")), "pairable": float(n)}


def davidson(conditions, reference, outcomes):
    """Davidson (1970) ML fit: outcomes are (i, j, result) with result +1 (i better), 0 (tie), −1 (j better).
    Negative log-likelihood written from the outcome probabilities; minimised by scipy.optimize (BFGS)."""
    free = [c for c in conditions if c != reference]
    ties = any(r == 0 for _, _, r in outcomes)
    counts = {}
    for i, j, r in outcomes:
        counts[(i, j, r)] = counts.get((i, j, r), 0) + 1

    def unpack(x):
        pi = {reference: 1.0, **{c: np.exp(x[k]) for k, c in enumerate(free)}}
        nu = np.exp(x[-1]) if ties else 0.0
        return pi, nu

    def nll(x):
        pi, nu = unpack(x)
        total = 0.0
        for (i, j, r), cnt in counts.items():
            tie = nu * np.sqrt(pi[i] * pi[j])
            denom = pi[i] + pi[j] + tie
            p = pi[i] / denom if r > 0 else pi[j] / denom if r < 0 else tie / denom
            total -= cnt * np.log(p)
        return total

    x0 = np.zeros(len(free) + (1 if ties else 0))
    res = optimize.minimize(nll, x0, method="BFGS", options={"gtol": 1e-11, "maxiter": 10000})
    res = optimize.minimize(nll, res.x, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 40000})
    pi, nu = unpack(res.x)
    return {"theta": {c: float(np.log(pi[c])) for c in conditions}, "nu": float(nu), "logLik": float(-res.fun)}


def study_expected(rows, pair):
    kept, excluded = analysis_set(rows, max_failed=0)
    triples = oriented(kept, pair)
    scores = [s for (_, _, s) in triples]
    means = participant_means(triples)
    prompts = prompt_scores(triples)
    per_prompt = {q: wilcoxon(s) for q, s in prompts.items() if any(x != 0 for x in s)}
    holm = multipletests([v["pValue"] for v in per_prompt.values()], method="holm")[1]
    wilson = {str(level): [float(v) for v in proportion_confint(sum(1 for s in scores if s == level), len(scores), alpha=0.05, method="wilson")]
              for level in (-2, -1, 0, 1, 2)}
    return {
        "pair": pair,
        "excluded": excluded,
        "wilcoxonPerVote": wilcoxon(scores),
        "wilcoxonPerParticipant": wilcoxon(means),
        "wilcoxonPerPrompt": {q: {**v, "holm": float(h)} for (q, v), h in zip(per_prompt.items(), holm)},
        "tostPerParticipant": float(DescrStatsW(np.array(means)).ttost_mean(-0.25, 0.25)[0]),
        "krippendorff": kripp_ordinal(list(prompts.values())),
        "wilsonStatsmodels": wilson,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", default="tests/unit/stats/fixtures/data.json")
    ap.add_argument("--out", default="tests/unit/stats/fixtures/expected-py.json")
    args = ap.parse_args()
    data = json.loads(Path(args.data).read_text())
    v = data["vectors"]
    book = kripp_ordinal(v["krippendorff_book"])
    # The reference implementation must reproduce Krippendorff's published values for his example (2011, p. 7-10).
    assert round(book["nominal"], 3) == 0.743 and round(book["interval"], 3) == 0.849 and round(book["ordinal"], 3) == 0.815, book

    kept3, _ = analysis_set(data["study3"], max_failed=0)
    outcomes = [(r["a"], r["b"], int(np.sign(r["score"]))) for r in kept3]
    bt_rows = [(r["i"], r["j"], +1) for r in v["bt_no_ties"] for _ in range(r["iWins"])] + [(r["i"], r["j"], -1) for r in v["bt_no_ties"] for _ in range(r["jWins"])]
    out = {
        "generator": f"scripts/stats-reference/reference.py (scipy {scipy.__version__}, statsmodels {statsmodels.__version__}, Debian python3)",
        "wilcoxon": {name: wilcoxon(d) for name, d in v["wilcoxon"].items()},
        "wilcoxonNormal": {name: wilcoxon_normal(d) for name, d in v["wilcoxon"].items()},
        "wilcoxonNormalContinuity": {name: wilcoxon_normal(d, correction=True) for name, d in v["wilcoxon"].items()},
        "sampleSize": [sample_size.reference(*case) for case in v["sample_size"]],
        "tostPower": [sample_size.power(*case) for case in v["tost_power"]],
        "paperVoteSd": sample_size.paper_vote_sd(),
        # The form's default: margin 0.25, the paper's upper per-vote SD over 14 votes per participant.
        "paperDefault": {"trials": 14, **sample_size.reference(0.25, sample_size.paper_vote_sd()["upper"] / np.sqrt(14), 0.05, 0.8, 0)},
        "krippendorffBook": book,
        "tostStatsmodels": {name: float(DescrStatsW(np.array(x)).ttost_mean(-0.25, 0.25)[0]) for name, x in v["tost"].items()},
        "study2": study_expected(data["study2"], ["dense", "ras-50"]),
        "study3": {
            "davidson": davidson(["dense", "ras-50", "ras-25"], "dense", outcomes),
            "krippendorffDenseRas50": kripp_ordinal(list(prompt_scores(oriented(kept3, ["dense", "ras-50"])).values())),
        },
        "btNoTies": davidson(["w", "x", "y", "z"], "w", bt_rows),
    }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
