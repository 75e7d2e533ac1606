#!/usr/bin/env python3
"""Golden fixtures for the TypeScript sampler, computed independently with numpy.

Reimplements, from their published definitions (not from the TypeScript):
  - diffusers FlowMatchEulerDiscreteScheduler (__init__ + set_timesteps, static shift), float32 like torch;
  - one Euler step in float32;
  - the RAS reference selection (ras_scheduling_flow_match_euler_discrete.ras_selection) and the paper mode;
  - Philox4x32-10 (Random123) and Box-Muller normals;
  - SSIM as scikit-image (gaussian_weights, sigma 1.5, reflect borders, population covariance) and PSNR.
Writes tests/unit/sampler/golden/*.json. Run: /usr/bin/python3 scripts/golden/sampler_golden.py
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "unit", "sampler", "golden")
f32 = np.float32


def shift_f32(sigma, shift):
    sigma = f32(sigma)
    return f32(f32(f32(shift) * sigma) / f32(f32(1) + f32(f32(shift - 1) * sigma)))


def diffusers_sigmas(steps, shift, train=1000):
    train_t = np.linspace(1, train, train, dtype=np.float32)[::-1].copy()
    train_sigmas = (train_t / f32(train)).astype(np.float32)
    train_sigmas = np.array([shift_f32(s, shift) for s in train_sigmas], dtype=np.float32)
    sigma_max, sigma_min = float(train_sigmas[0]), float(train_sigmas[-1])
    t = np.linspace(sigma_max * train, sigma_min * train, steps)
    s = t / train
    s = shift * s / (1 + (shift - 1) * s)
    s = s.astype(np.float32)
    timesteps = (s * f32(train)).astype(np.float32)
    sigmas = np.concatenate([s, np.zeros(1, dtype=np.float32)])
    return sigmas, timesteps


def sigmas_fixture():
    cases = []
    for steps, shift in [(28, 3.0), (30, 3.0), (10, 1.0), (1, 3.0), (50, 6.0)]:
        sigmas, timesteps = diffusers_sigmas(steps, shift)
        cases.append({"steps": steps, "shift": shift, "sigmas": [float(x) for x in sigmas],
                      "timesteps": [float(x) for x in timesteps]})
    return {"source": "diffusers FlowMatchEulerDiscreteScheduler, static shift, float32", "cases": cases}


def euler_fixture(rng):
    sigmas, _ = diffusers_sigmas(28, 3.0)
    x = rng.standard_normal(48).astype(np.float32)
    v = rng.standard_normal(48).astype(np.float32)
    i = 5
    dt = f32(sigmas[i + 1] - sigmas[i])
    out = (x + (dt * v).astype(np.float32)).astype(np.float32)
    return {"sigma": float(sigmas[i]), "sigma_next": float(sigmas[i + 1]), "x": x.tolist(), "v": v.tolist(),
            "expected": [float(e) for e in out]}


def token_metric(v, tokens, pixels, channels, metric):
    per_pixel = v.astype(np.float64).reshape(tokens, pixels, channels)
    if metric == "std":
        m = per_pixel.std(axis=-1, ddof=1)
    else:
        m = np.linalg.norm(per_pixel, axis=-1)
    return m.mean(axis=-1)


def reference_selection(metric, drop_cnt, skip, high_ratio, scale):
    score = metric * np.exp(scale * drop_cnt)
    order = np.lexsort((np.arange(len(score)), score))  # ascending score, ties by index
    low = int(skip * (1 - high_ratio))
    high = int(skip * high_ratio)
    dropped = list(order[:low]) + (list(order[-high:]) if high > 0 else [])
    return sorted(int(t) for t in dropped)


def paper_selection(metric, drop_cnt, skip, metric_name, scale):
    focus = -np.log(metric) if metric_name == "std" else np.log(metric)
    score = scale * drop_cnt + focus
    order = np.lexsort((np.arange(len(score)), score))
    return sorted(int(t) for t in order[:skip])


def selection_fixture(rng):
    grid, p, C = 4, 2, 3
    tokens, pixels = grid * grid, p * p
    v = rng.standard_normal(tokens * pixels * C).astype(np.float32)
    drop_cnt = rng.integers(0, 4, tokens)
    cases = []
    for mode in ["reference", "paper"]:
        for metric in ["std", "l2norm"]:
            for skip, h, s in [(8, 1.0, 0.1), (8, 0.3, 1.0), (5, 0.0, 0.1), (12, 0.5, 0.0)]:
                m = token_metric(v, tokens, pixels, C, metric)
                if mode == "reference":
                    dropped = reference_selection(m, drop_cnt, skip, h, s)
                else:
                    dropped = paper_selection(m, drop_cnt, skip, metric, s)
                cases.append({"mode": mode, "metric": metric, "skip": skip, "high_ratio": h, "starvation_scale": s,
                              "dropped": dropped})
    return {"tokens": tokens, "pixels": pixels, "channels": C, "v": v.tolist(), "drop_count": drop_cnt.tolist(),
            "metric": {m: token_metric(v, tokens, pixels, C, m).tolist() for m in ["std", "l2norm"]},
            "cases": cases}


M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
MASK = 0xFFFFFFFF


def philox(ctr, key):
    c0, c1, c2, c3 = ctr
    k0, k1 = key
    for r in range(10):
        if r:
            k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
        p0, p1 = M0 * c0, M1 * c2
        c0, c1, c2, c3 = ((p1 >> 32) ^ c1 ^ k0) & MASK, p1 & MASK, ((p0 >> 32) ^ c3 ^ k1) & MASK, p0 & MASK
    return [c0, c1, c2, c3]


def normals(seed, count, stream=0):
    key = [seed % 2**32, seed // 2**32]
    z = []
    b = 0
    while len(z) < count:
        w = philox([b % 2**32, b // 2**32, stream, 0], key)
        for a, c in [(w[0], w[1]), (w[2], w[3])]:
            u1, u2 = (a + 0.5) / 2**32, (c + 0.5) / 2**32
            r = math.sqrt(-2 * math.log(u1))
            z += [r * math.cos(2 * math.pi * u2), r * math.sin(2 * math.pi * u2)]
        b += 1
    return z[:count]


def prng_fixture():
    kat = [
        {"counter": [0, 0, 0, 0], "key": [0, 0]},
        {"counter": [MASK] * 4, "key": [MASK, MASK]},
        {"counter": [0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344], "key": [0xA4093822, 0x299F31D0]},
    ]
    for k in kat:
        k["expected"] = philox(k["counter"], k["key"])
    return {"philox4x32_10": kat,
            "normals": [{"seed": s, "values": normals(s, 10)} for s in [0, 42, 2**32 + 7, 2**53 - 1]]}


def gaussian_blur(plane, sigma=1.5, truncate=3.5):
    r = int(truncate * sigma + 0.5)
    taps = np.exp(-((np.arange(-r, r + 1)) ** 2) / (2 * sigma * sigma))
    taps /= taps.sum()
    padded = np.pad(plane, r, mode="symmetric")  # numpy 'symmetric' == scipy.ndimage 'reflect'
    h, w = plane.shape
    rows = sum(taps[k] * padded[:, k:k + w] for k in range(2 * r + 1))
    return sum(taps[k] * rows[k:k + h, :] for k in range(2 * r + 1))


def ssim(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    vals = []
    for c in range(a.shape[-1]):
        x, y = a[..., c], b[..., c]
        ux, uy = gaussian_blur(x), gaussian_blur(y)
        vx = gaussian_blur(x * x) - ux * ux
        vy = gaussian_blur(y * y) - uy * uy
        vxy = gaussian_blur(x * y) - ux * uy
        s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2))
        vals.append(s[5:-5, 5:-5].mean())
    return float(np.mean(vals))


def fidelity_fixture(rng):
    h, w, c = 24, 20, 3
    a = rng.integers(0, 256, (h, w, c)).astype(np.uint8)
    noise = rng.integers(-20, 21, (h, w, c))
    b = np.clip(a.astype(int) + noise, 0, 255).astype(np.uint8)
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return {"height": h, "width": w, "channels": c, "a": a.flatten().tolist(), "b": b.flatten().tolist(),
            "psnr": float(10 * np.log10(255 ** 2 / mse)), "ssim": ssim(a, b)}


def main():
    rng = np.random.default_rng(20240601)
    os.makedirs(OUT, exist_ok=True)
    fixtures = {"sigmas": sigmas_fixture(), "euler": euler_fixture(rng), "selection": selection_fixture(rng),
                "prng": prng_fixture(), "fidelity": fidelity_fixture(rng)}
    for name, data in fixtures.items():
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(data, f, indent=1)
            f.write("\n")
        print("wrote", name)


if __name__ == "__main__":
    main()
