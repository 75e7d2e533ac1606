"""Reference Fréchet distances for tests/unit/quality/frechet.test.ts, computed the way pytorch-fid does
(scipy.linalg.sqrtm of Σ1·Σ2), independently of the TypeScript eigendecomposition route.
Run: /usr/bin/python3 scripts/quality-reference/frechet_reference.py > tests/unit/quality/fixtures/frechet.json"""
import json

import numpy as np
from scipy import linalg


def fid(mu1, s1, mu2, s2):
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    covmean = covmean.real
    return float(((mu1 - mu2) ** 2).sum() + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


rng = np.random.default_rng(7)
cases = []
for n, d in [(40, 3), (60, 8), (30, 12)]:
    a = (rng.normal(size=(n, d)) @ rng.normal(size=(d, d))).round(6)
    b = (rng.normal(loc=0.5, size=(n + 5, d)) @ rng.normal(size=(d, d)) * 0.7).round(6)
    mu1, mu2 = a.mean(0), b.mean(0)
    s1, s2 = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    cases.append({"a": a.tolist(), "b": b.tolist(), "mean_a": mu1.tolist(), "cov_a": s1.ravel().tolist(),
                  "fid": fid(mu1, s1, mu2, s2)})
print(json.dumps({"source": "numpy + scipy.linalg.sqrtm (pytorch-fid's formula)", "cases": cases}))
