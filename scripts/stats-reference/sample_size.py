"""TOST sample size on participant means, written independently of server/stats/sampleSize.ts.

power(n): exact under the normal model, P(−δ + c·s/√n < x̄ < δ − c·s/√n), c = t_{1−α,n−1}, integrated with
scipy.integrate.quad over the distribution of s (scipy.stats.chi); n: the smallest n ≥ 2 with power ≥ target,
by plain search from n = 2. Each sample size is checked by a brute-force Monte Carlo: 200 000 simulated studies
of n normal participant means, each tested with scipy.stats.ttest_1samp against −δ ("greater") and +δ ("less");
the simulated power must be within 4.5 standard errors of the integral."""
import numpy as np
from scipy import integrate, stats

PAPER_VOTES = {"dense_better": 396, "similar": 633, "ras_better": 371}  # RAS paper §4.3, of 1400 votes


def exact_power(n, margin, sd, alpha, mu):
    df = n - 1
    c = stats.t.ppf(1 - alpha, df)
    root = np.sqrt(n)
    u_star = margin * root / (c * sd)

    def integrand(u):
        inner = stats.norm.cdf((margin - mu) * root / sd - c * u) - stats.norm.cdf((-margin - mu) * root / sd + c * u)
        return max(inner, 0.0) * stats.chi.pdf(u * np.sqrt(df), df) * np.sqrt(df)

    val, _ = integrate.quad(integrand, 0, u_star, points=[min(1.0, u_star / 2)], epsabs=1e-14, epsrel=1e-12, limit=500)
    return float(val)


def monte_carlo(n, margin, sd, alpha, mu, reps=200_000, seed=12345):
    rng = np.random.default_rng(seed)
    hits = 0
    for start in range(0, reps, 20_000):
        x = rng.normal(mu, sd, size=(min(20_000, reps - start), n))
        p_lo = stats.ttest_1samp(x, -margin, axis=1, alternative="greater").pvalue
        p_hi = stats.ttest_1samp(x, margin, axis=1, alternative="less").pvalue
        hits += int(np.count_nonzero(np.maximum(p_lo, p_hi) < alpha))
    est = hits / reps
    return est, float(np.sqrt(est * (1 - est) / reps))


def approximate_n(margin, sd, alpha, power, mu):
    """The textbook iteration n = (t_{1−α,n−1} + t_{1−β/2,n−1})² σ² / δ² (μ = 0) until stable, for comparison."""
    beta_q = 1 - (1 - power) / 2 if mu == 0 else power
    n = 2
    for _ in range(200):
        nxt = max(2, int(np.ceil((stats.t.ppf(1 - alpha, n - 1) + stats.t.ppf(beta_q, n - 1)) ** 2 * sd ** 2 / (margin - abs(mu)) ** 2)))
        if nxt == n:
            break
        n = nxt
    return n


def reference(margin, sd, alpha, power, mu):
    n = 2
    while exact_power(n, margin, sd, alpha, mu) < power:
        n += 1
    at_n = exact_power(n, margin, sd, alpha, mu)
    mc, se = monte_carlo(n, margin, sd, alpha, mu)
    assert abs(mc - at_n) < 4.5 * se, (margin, sd, alpha, power, mu, n, at_n, mc, se)
    return {"margin": margin, "sd": sd, "alpha": alpha, "power": power, "trueMean": mu, "n": n, "powerAtN": at_n,
            "powerBelowN": exact_power(n - 1, margin, sd, alpha, mu) if n > 2 else None,
            "monteCarlo": {"power": mc, "se": se, "reps": 200_000}, "approximateN": approximate_n(margin, sd, alpha, power, mu)}


def power(n, margin, sd, alpha, mu):
    n = int(n)
    val = exact_power(n, margin, sd, alpha, mu)
    mc, se = monte_carlo(n, margin, sd, alpha, mu, reps=100_000, seed=777) if n <= 100 else (None, None)
    if mc is not None:
        assert abs(mc - val) < max(4.5 * se, 5 / 100_000), (n, margin, sd, alpha, mu, val, mc, se)
    return {"n": n, "margin": margin, "sd": sd, "alpha": alpha, "trueMean": mu, "power": val}


def paper_vote_sd():
    """Population SD of the paper's 1400 votes on the −2…+2 scale, every preference counted as ±1 or as ±2."""
    v = PAPER_VOTES
    out = {}
    for name, step in (("lower", 1), ("upper", 2)):
        votes = np.repeat([step, 0, -step], [v["dense_better"], v["similar"], v["ras_better"]])
        out[name] = float(np.std(votes))
    return out
