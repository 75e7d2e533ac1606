#!/usr/bin/python3
"""Writes tests/unit/stats/fixtures/data.json: the synthetic studies and the input vectors that the reference
scripts (reference.R, reference.py) and the TypeScript tests share. Deterministic (numpy seed)."""
import argparse
import json
from pathlib import Path

import numpy as np

THRESHOLDS = [-1.2, -0.4, 0.4, 1.2]


def to_score(latent):
    """Latent preference of A over B → the −2…+2 score."""
    return int(np.searchsorted(THRESHOLDS, latent)) - 2


def study(rng, conditions, strengths, n_participants, n_prompts, reversed_participants=(), fail_checks=None):
    """Compact vote rows: every participant votes every pair of conditions on every prompt, plus two checks."""
    fail_checks = fail_checks or {}
    bias = rng.normal(0, 0.3, n_participants)
    effect = rng.normal(0, 0.3, n_prompts)
    rows = []
    for p in range(n_participants):
        pid = f"p{p:02d}"
        speed = 2500 if p != 3 else 700  # participant p03 answers fast
        for q in range(n_prompts):
            for i in range(len(conditions)):
                for j in range(i + 1, len(conditions)):
                    a, b = conditions[i], conditions[j]
                    left_is_a = bool(rng.random() < 0.5)
                    latent = strengths[i] - strengths[j] + bias[p] + effect[q] + rng.normal(0, 0.8) + (0.15 if left_is_a else -0.15)
                    score = to_score(latent)
                    if pid in reversed_participants:  # stored as B-vs-A: the analysis must flip it
                        a, b, score = b, a, -score
                    rows.append({
                        "participant": pid, "prompt": f"q{q:02d}", "a": a, "b": b,
                        "left": (conditions[i] if left_is_a else conditions[j]), "score": score,
                        "check": False, "passed": None, "ms": int(rng.lognormal(np.log(speed), 0.5)),
                    })
        for c in range(2):
            passed = c >= fail_checks.get(pid, 0)
            rows.append({"participant": pid, "prompt": f"q{c:02d}", "a": conditions[0], "b": conditions[0], "left": conditions[0],
                         "score": 0, "check": True, "passed": passed, "ms": int(rng.lognormal(np.log(speed), 0.5))})
    return rows


def vectors(rng):
    """Inputs of the single-function tests."""
    return {
        "wilcoxon": {
            "ties_zeros": [int(x) for x in rng.choice([-2, -1, 0, 1, 2], size=40, p=[0.1, 0.2, 0.4, 0.2, 0.1])],
            "shifted": [int(x) for x in rng.choice([-2, -1, 0, 1, 2], size=120, p=[0.05, 0.15, 0.4, 0.25, 0.15])],
            "small_exact": [round(float(x), 6) for x in rng.normal(0.3, 1, 12)],
            "exact_30": [round(float(x), 6) for x in rng.normal(-0.2, 1, 30)],
            "large_no_ties": [round(float(x), 6) for x in rng.normal(0.1, 1, 60)],
            "few_zeros": [1, 2, -1, 0, 3, -2, 0, 1.5, 2.5, -0.5, 4, 1],
            # Six participant means (four votes each) that tie: exact permutation p = 0.0625, normal ≈ 0.044.
            "issue_six_means": [-0.25, 0.5, 0.5, 0.5, 1, 1.25],
            "means_ties_zeros": [0.25, 0.5, 0, -0.25, 0.75, 0.5, 0.25, 1, 0, 0.5, -0.5, 0.25],
            "all_positive_tied": [1, 1, 2, 2, 2, 0.5],
            "many_zeros": [0] * 30 + [1, -1, 2, 1, 1],
            "votes_20": [1, 0, 2, -1, 1, 1, 0, 0, -2, 1, 2, 1, 0, -1, 1, 0, 1, 2, 0, 1],
            # 50 and 51 non-zero tied values (plus zeros): the last exact case and the first normal one.
            "nonzero_50": [((i * 7) % 5) - 1 or 2 for i in range(50)] + [0, 0, 0],
            "nonzero_51": [((i * 7) % 5) - 1 or 2 for i in range(51)] + [0, 0, 0],
        },
        "binomial": [[0, 1], [1, 1], [3, 10], [7, 10], [15, 40], [60, 100], [50, 100], [0, 25], [25, 25], [371, 780], [450, 1000], [5, 5], [1, 7]],
        "wilson": [[0, 10], [10, 10], [3, 10], [633, 1400], [396, 1400], [1, 1], [371, 1400]],
        "holm": [[0.01, 0.04, 0.03, 0.005], [0.5, 0.5, 0.01, 0.2, 0.04], [0.001], [0.9, 0.8, 0.02, 0.02, 0.03, 0.7]],
        # TOST sample size: [margin, sd of participant means, alpha, power, true mean].
        "sample_size": [[0.25, 0.4, 0.05, 0.8, 0], [0.25, 0.3, 0.05, 0.9, 0], [0.5, 1.0, 0.05, 0.8, 0], [0.25, 0.5, 0.025, 0.8, 0],
                        [0.1, 0.2, 0.05, 0.8, 0], [0.25, 0.05, 0.05, 0.8, 0], [0.25, 0.4, 0.05, 0.8, 0.05], [0.3, 0.6, 0.1, 0.7, 0],
                        [0.25, 1.5, 0.05, 0.8, 0]],
        # TOST power at a given n: [n, margin, sd, alpha, true mean].
        "tost_power": [[2, 0.25, 0.05, 0.05, 0], [2, 0.5, 0.4, 0.05, 0], [5, 0.25, 0.2, 0.05, 0.1], [20, 0.25, 0.4, 0.05, 0],
                       [60, 0.25, 0.6, 0.05, -0.1], [1000, 0.25, 3, 0.05, 0], [12, 0.25, 2, 0.05, 0]],
        "tost": {"normal_05": [round(float(x), 6) for x in rng.normal(0.05, 0.6, 50)], "shifted_3": [round(float(x), 6) for x in rng.normal(0.3, 0.5, 20)]},
        "quantile": [int(x) for x in rng.lognormal(np.log(2000), 0.6, 37)],
        "special": {
            "pnorm": [-8, -3.5, -1.96, -0.3, 0, 0.7, 1.644854, 2.5, 6],
            "qnorm": [1e-10, 0.001, 0.025, 0.3, 0.5, 0.8, 0.975, 0.999999],
            "pt": [[-3.2, 1], [-2, 2], [0.4, 5], [1.7, 29], [2.5, 12], [-1.1, 1000], [4.5, 7], [0, 3]],
            "qt": [[0.95, 1], [0.975, 2], [0.9, 5], [0.95, 29], [0.05, 12], [0.995, 1000], [0.6, 3]],
            "pbeta": [[0.3, 2, 3], [0.5, 0.5, 0.5], [0.9, 30, 4], [0.01, 0.7, 12], [0.62, 150, 90], [0.5, 400, 401]],
            "qbeta": [[0.025, 3, 8], [0.975, 4, 7], [0.5, 0.5, 2], [0.025, 371, 410]],
            "dbinom": [[3, 10, 0.5], [0, 25, 0.5], [371, 780, 0.5], [12, 40, 0.3]],
            "pbinom": [[3, 10, 0.5], [0, 25, 0.5], [371, 780, 0.5], [12, 40, 0.3], [39, 40, 0.3]],
        },
        # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 observers × 12 units, values 1…5;
        # units as lists of the values given (unit 12 has one value: not pairable).
        "krippendorff_book": [[1, 1, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4], [4, 4, 4, 4],
                              [1, 1, 2, 1], [2, 2, 2, 2], [5, 5, 5], [1, 1], [3]],
        # Four conditions with no tie: plain Bradley–Terry (R BradleyTerry2::BTm cross-check).
        "bt_no_ties": [{"i": "w", "j": "x", "iWins": 9, "jWins": 4}, {"i": "w", "j": "y", "iWins": 7, "jWins": 6}, {"i": "w", "j": "z", "iWins": 12, "jWins": 2},
                       {"i": "x", "j": "y", "iWins": 5, "jWins": 5}, {"i": "x", "j": "z", "iWins": 8, "jWins": 3}, {"i": "y", "j": "z", "iWins": 6, "jWins": 4}],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", default="tests/unit/stats/fixtures/data.json")
    ap.add_argument("--seed", type=int, default=20250101)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    data = {
        "seed": args.seed,
        "study2": study(rng, ["dense", "ras-50"], [0.0, -0.05], 30, 12, reversed_participants=("p07",), fail_checks={"p05": 1, "p11": 2, "p20": 1}),
        "study3": study(rng, ["dense", "ras-50", "ras-25"], [0.0, -0.15, -0.5], 24, 8, fail_checks={"p02": 1}),
        "vectors": vectors(rng),
    }
    Path(args.out).write_text(json.dumps(data, indent=None, separators=(",", ":")) + "\n")
    print(f"wrote {args.out}: {len(data['study2'])} + {len(data['study3'])} rows")


if __name__ == "__main__":
    main()
