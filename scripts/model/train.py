"""Rectified-flow training of the emoji DiT (x = (1 - s) x0 + s eps, target v = eps - x0).

Runs on torch 1.13 CPU and on torch 2.x CUDA (bf16 autocast, torch.compile with an eager fallback). Stops after
--seconds of training (or --steps); the learning-rate schedule follows that budget. Every --save-every seconds it
writes the EMA weights (split, weights.py format) to --out and, with --checkpoint, a resumable checkpoint.

  /usr/bin/python3 scripts/model/train.py --data .devcarry/emoji64 --out /tmp/run --seconds 60 --batch 8
"""
import argparse
import contextlib
import copy
import json
import math
import os
import struct
import sys
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_setup import seed_everything, use_fast_blas  # noqa: E402

torch = use_fast_blas()
import numpy as np  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from dit import DiT, PRESETS, patchify, sample_dense, unpatchify  # noqa: E402
from weights import load_split, save_split  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=".devcarry/emoji64", help="data set path without extension (.npz + .json)")
    p.add_argument("--out", required=True, help="directory for ema.json + ema-NN.npz, log.jsonl, samples.png")
    p.add_argument("--checkpoint", help="resumable checkpoint file (resumed from when it exists)")
    p.add_argument("--init-from", help="start from these weights (an ema.json), fresh optimizer")
    p.add_argument("--preset", default="default", choices=sorted(PRESETS))
    p.add_argument("--seconds", type=float, default=480, help="training wall-clock budget (all resumes together)")
    p.add_argument("--steps", type=int, help="train this many steps instead (schedule by steps)")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--min-lr-ratio", type=float, default=0.05, help="cosine decays to lr * this")
    p.add_argument("--warmup", type=int, default=300, help="linear warm-up steps")
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--ema", type=float, default=0.9995)
    p.add_argument("--caption-dropout", type=float, default=0.1, help="all-pad caption (CFG unconditional)")
    p.add_argument("--drop-context", type=float, default=0.3, help="drop subgroup/group words of a caption")
    p.add_argument("--drop-style", type=float, default=0.15, help="drop the style word of a caption")
    p.add_argument("--sigma-mean", type=float, default=0.5, help="logit-normal mean (>0: more high noise)")
    p.add_argument("--sigma-std", type=float, default=1.0)
    p.add_argument("--sigma-uniform", type=float, default=0.1, help="share of uniform sigmas (covers the ends)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--log-every", type=int, default=50, help="steps")
    p.add_argument("--val-every", type=float, default=60, help="seconds")
    p.add_argument("--val-images", type=int, default=300)
    p.add_argument("--save-every", type=float, default=120, help="seconds")
    p.add_argument("--samples", type=int, default=16, help="images in samples.png (0: none)")
    p.add_argument("--sample-steps", type=int, default=28)
    p.add_argument("--guidance", type=float, default=4.0)
    p.add_argument("--no-compile", action="store_true")
    p.add_argument("--amp", default="bf16", choices=["bf16", "none"], help="autocast on CUDA")
    return p.parse_args(argv)


def load_data(path, dev):
    z, meta = np.load(path + ".npz"), json.load(open(path + ".json"))
    split = torch.from_numpy(z["split"].astype(np.int64))
    return {"images": torch.from_numpy(z["images"]).to(dev), "tokens": torch.from_numpy(z["tokens"].astype(np.int64)).to(dev),
            "part": torch.from_numpy(z["token_part"].astype(np.int64)).to(dev), "vocab": meta["vocab"],
            "captions": meta["captions"], "train": torch.nonzero(split == 0)[:, 0], "val": torch.nonzero(split == 1)[:, 0]}


def to_tokens(images, p):
    """uint8 [B, H, W, 3] -> patches in [-1, 1]."""
    return patchify(images.float() / 127.5 - 1, p)


def captions(data, idx, T, args=None, gen=None):
    """Caption ids [B, T]; with args (training): drop context/style words and whole captions at random."""
    tokens, part = data["tokens"][idx], data["part"][idx]
    keep = part >= 0
    if args is not None:
        r = torch.rand(len(idx), 3, generator=gen).to(tokens.device)
        keep &= ~((part >= 2) & (r[:, :1] < args.drop_context)) & ~((part == 1) & (r[:, 1:2] < args.drop_style))
        keep &= ~(r[:, 2:] < args.caption_dropout)
    order = torch.sort((~keep).long(), dim=1, stable=True)[1]          # kept words first, order preserved
    return torch.where(keep, tokens, torch.zeros_like(tokens)).gather(1, order)[:, :T]


def sample_sigmas(n, args, gen):
    z = torch.randn(n, generator=gen)
    s = torch.sigmoid(args.sigma_mean + args.sigma_std * z)
    uniform = torch.rand(n, generator=gen)
    return torch.where(torch.rand(n, generator=gen) < args.sigma_uniform, uniform, s)


def flow_loss(model, x0, ids, sigma, noise):
    s = sigma.view(-1, 1, 1)
    return F.mse_loss(model((1 - s) * x0 + s * noise, sigma * 1000, ids).float(), noise - x0)


def train_step(fwd, opt, x0, ids, sigma, noise, amp):
    """Forward and backward (bf16 autocast on CUDA); the caller clips and steps."""
    opt.zero_grad(set_to_none=True)
    with torch.autocast("cuda", dtype=torch.bfloat16) if amp and x0.is_cuda else contextlib.nullcontext():
        loss = flow_loss(fwd, x0, ids, sigma, noise)
    loss.backward()
    return loss


def lr_at(step, progress, args):
    warm = min(1.0, (step + 1) / max(1, args.warmup))
    cos = 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))
    return args.lr * warm * (args.min_lr_ratio + (1 - args.min_lr_ratio) * cos)


@torch.no_grad()
def ema_update(ema, model, decay):
    e, m = list(ema.parameters()), list(model.parameters())
    torch._foreach_mul_(e, decay)
    torch._foreach_add_(e, m, alpha=1 - decay)


@torch.no_grad()
def heldout_loss(model, data, args, dev):
    """Mean flow loss on held-out images at fixed sigmas with fixed noise (comparable across runs)."""
    gen, idx, cfg = torch.Generator().manual_seed(1234), data["val"][: args.val_images], model.cfg
    by_sigma = {}
    for s in (0.1, 0.3, 0.5, 0.7, 0.9):
        losses = []
        for chunk in idx.split(args.batch):
            x0 = to_tokens(data["images"][chunk.to(dev)], cfg.patch_size)
            noise = torch.randn(x0.shape, generator=gen).to(dev)
            sigma = torch.full((len(chunk),), s, device=dev)
            losses.append(flow_loss(model, x0, captions(data, chunk.to(dev), cfg.max_tokens), sigma, noise) * len(chunk))
        by_sigma[str(s)] = round(float(sum(losses)) / len(idx), 5)
    return sum(by_sigma.values()) / len(by_sigma), by_sigma


def write_png(path, img):
    """uint8 [H, W, 3] -> PNG without PIL."""
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def sample_grid(ema, data, args, dev):
    """Row pairs: held-out real images, then samples for their captions. Returns the captions."""
    cfg, k = ema.cfg, args.samples
    idx = data["val"][torch.linspace(0, len(data["val"]) - 1, k).long()].to(dev)
    gen = torch.Generator().manual_seed(args.seed)
    fake = sample_dense(ema, captions(data, idx, cfg.max_tokens), args.sample_steps, args.guidance, generator=gen)
    fake = ((fake + 1) * 127.5).round().clamp(0, 255).to(torch.uint8)
    cols = min(k, 8)
    rows = []
    for i in range(0, k, cols):
        rows += [torch.cat(list(data["images"][idx[i:i + cols]]), 1), torch.cat(list(fake[i:i + cols]), 1)]
    width = max(r.shape[1] for r in rows)
    grid = torch.cat([F.pad(r, (0, 0, 0, width - r.shape[1]), value=255) for r in rows], 0)
    write_png(os.path.join(args.out, "samples.png"), grid.cpu().numpy())
    return [data["captions"][i] for i in idx.tolist()], bool(torch.isfinite(fake.float()).all())


def save_all(args, model, ema, opt, state, gen, record):
    save_split(args.out, "ema", ema.state_dict(), {"config": ema.cfg.to_dict(), "vocab": record["vocab"],
                                                  "training": {k: v for k, v in record.items() if k != "vocab"}})
    if args.checkpoint:
        tmp = args.checkpoint + ".tmp"
        torch.save({"model": model.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(),
                    "state": state, "gen": gen.get_state(), "torch_rng": torch.get_rng_state()}, tmp)
        os.replace(tmp, args.checkpoint)


def setup(args, dev):
    data = load_data(args.data, dev)
    cfg = PRESETS["default"].from_dict(dict(PRESETS[args.preset].to_dict(), vocab_size=len(data["vocab"])))
    model = DiT(cfg).to(dev)
    if args.init_from:
        model.load_state_dict(load_split(args.init_from)[1])
    ema = copy.deepcopy(model).eval().requires_grad_(False)
    kw = {"fused": True} if dev.type == "cuda" else {}
    try:
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.99), weight_decay=args.weight_decay, **kw)
    except (TypeError, RuntimeError):
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.99), weight_decay=args.weight_decay)
    state, gen = {"step": 0, "elapsed": 0.0}, torch.Generator().manual_seed(args.seed)
    if args.checkpoint and os.path.exists(args.checkpoint):
        ck = torch.load(args.checkpoint, map_location="cpu")          # generator states stay on the CPU
        model.load_state_dict(ck["model"])
        ema.load_state_dict(ck["ema"])
        opt.load_state_dict(ck["opt"])
        gen.set_state(ck["gen"])
        torch.set_rng_state(ck["torch_rng"])
        state = ck["state"]
        print(f"resumed from {args.checkpoint} at step {state['step']}, {state['elapsed']:.0f} s")
    fwd = model
    if dev.type == "cuda" and hasattr(torch, "compile") and not args.no_compile:
        fwd = torch.compile(model)
    return data, model, ema, opt, state, gen, fwd


def next_batch(data, args, gen, cfg, dev):
    """Training images as patches, captions with dropout, sigmas, noise."""
    idx = data["train"][torch.randint(len(data["train"]), (args.batch,), generator=gen)].to(dev)
    x0 = to_tokens(data["images"][idx], cfg.patch_size)
    return x0, captions(data, idx, cfg.max_tokens, args, gen), sample_sigmas(args.batch, args, gen).to(dev), torch.randn_like(x0)


def optimize(fwd, model, ema, opt, batch, step, args):
    """One step with the compiled model (eager from then on if compilation fails), clipping, EMA. -> fwd, loss"""
    try:
        loss = train_step(fwd, opt, *batch, args.amp == "bf16")
    except Exception as e:  # noqa: BLE001 - any compiler failure: fall back to eager
        if fwd is model:
            raise
        print(f"torch.compile failed ({type(e).__name__}: {str(e)[:500]}); continuing in eager mode")
        fwd, loss = model, train_step(model, opt, *batch, args.amp == "bf16")
    torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    opt.step()
    ema_update(ema, model, min(args.ema, (1 + step) / (10 + step)))
    return fwd, loss.detach()


def main(argv=None):
    args = parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    seed_everything(args.seed)
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if dev.type == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = True
    data, model, ema, opt, state, gen, fwd = setup(args, dev)
    cfg, log = model.cfg, open(os.path.join(args.out, "log.jsonl"), "a")
    record = {"vocab": data["vocab"], "data": f"{os.path.basename(args.data)}: {len(data['train'])} train, "
              f"{len(data['val'])} held-out images", "device": torch.cuda.get_device_name() if dev.type == "cuda"
              else "cpu", "torch": torch.__version__, **{k: getattr(args, k) for k in ("batch", "lr", "ema",
              "caption_dropout", "drop_context", "drop_style", "sigma_mean", "sigma_std", "sigma_uniform", "seed")}}
    print(f"{sum(p.numel() for p in model.parameters()) / 1e6:.2f} M parameters, {len(data['train'])} train images, {dev}")

    def write(entry):
        print(json.dumps(entry), flush=True)
        log.write(json.dumps(entry) + "\n")

    def validate(last={}):
        if last.get("step") != state["step"]:
            val, by_sigma = heldout_loss(ema, data, args, dev)
            write({"step": state["step"], "elapsed": round(time.time() - t0, 1), "val_loss": round(val, 5),
                   "val_by_sigma": by_sigma})
            last.update(step=state["step"], val=val)
        return last["val"]

    t0, loss_sum, n_sum, t_log = time.time() - state["elapsed"], 0.0, 0, time.time()
    next_val, next_save = state["elapsed"] + args.val_every, state["elapsed"] + args.save_every
    while True:
        # 1. schedule: stop at the budget, warm-up then cosine learning rate
        state["elapsed"] = time.time() - t0
        progress = state["step"] / args.steps if args.steps else state["elapsed"] / args.seconds
        if progress >= 1:
            break
        lr = lr_at(state["step"], progress, args)
        for group in opt.param_groups:
            group["lr"] = lr
        # 2. one optimizer step
        fwd, loss = optimize(fwd, model, ema, opt, next_batch(data, args, gen, cfg, dev), state["step"], args)
        state["step"] += 1
        loss_sum, n_sum = loss_sum + loss, n_sum + 1
        # 3. log (the only host sync), held-out loss, periodic save
        if state["step"] % args.log_every == 0:
            mean = float(loss_sum) / n_sum
            if not math.isfinite(mean):
                raise RuntimeError(f"non-finite training loss at step {state['step']}")
            write({"step": state["step"], "elapsed": round(time.time() - t0, 1), "lr": lr, "loss": round(mean, 5),
                   "images_per_s": round(n_sum * args.batch / (time.time() - t_log), 1)})
            loss_sum, n_sum, t_log = 0.0, 0, time.time()
        if time.time() - t0 >= next_val:
            validate()
            next_val += args.val_every
        if time.time() - t0 >= next_save:
            save_all(args, model, ema, opt, state, gen, dict(record, steps=state["step"], seconds=round(state["elapsed"])))
            log.flush()
            next_save += args.save_every
    # 4. final: held-out loss, weights, samples
    val = validate()
    log.close()
    save_all(args, model, ema, opt, state, gen, dict(record, steps=state["step"], seconds=round(state["elapsed"]),
                                                    heldout_loss=round(val, 5)))
    print(f"done: {state['step']} steps in {state['elapsed']:.0f} s, held-out loss (EMA) {val:.4f}; weights in {args.out}")
    if args.samples:
        caps, finite = sample_grid(ema, data, args, dev)
        print(f"samples.png (odd rows: held-out real, even rows: generated; finite={finite}):", caps)


if __name__ == "__main__":
    main()
