"""Dense rectified-flow sampling in PyTorch from trained weights (a quick look; the platform samples in TypeScript).

  /usr/bin/python3 scripts/model/sample.py --weights /path/ema.json --prompt "red heart twemoji" \
      --prompt "thumbs up medium skin tone noto" --seeds 4 --out /tmp/samples.png
One row per prompt, one column per seed.
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_setup import use_fast_blas  # noqa: E402

torch = use_fast_blas()
from dit import DiT, PRESETS, sample_dense  # noqa: E402
from train import write_png  # noqa: E402
from weights import load_split  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weights", required=True, help="ema.json written by train.py")
    p.add_argument("--prompt", action="append", required=True)
    p.add_argument("--seeds", type=int, default=4, help="columns: seeds 0 .. N-1")
    p.add_argument("--steps", type=int, default=28)
    p.add_argument("--guidance", type=float, default=4.0)
    p.add_argument("--shift", type=float, default=3.0)
    p.add_argument("--out", required=True, help="PNG path")
    return p.parse_args(argv)


def tokenize(prompt, vocab, max_tokens):
    """lowercase-words-v1; unknown words are an error."""
    words = re.sub(r"[^a-z0-9]", " ", prompt.lower()).split()
    unknown = [w for w in words if w not in vocab]
    if unknown:
        raise SystemExit(f"unknown words in {prompt!r}: {unknown}")
    ids = [vocab.index(w) for w in words][:max_tokens]
    return ids + [0] * (max_tokens - len(ids))


def main(argv=None):
    args = parse_args(argv)
    meta, state = load_split(args.weights)
    model = DiT(PRESETS["default"].from_dict(meta["config"]))
    model.load_state_dict(state)
    model.eval()
    cfg, rows = model.cfg, []
    for prompt in args.prompt:
        ids = torch.tensor([tokenize(prompt, meta["vocab"], cfg.max_tokens)] * args.seeds)
        noise = torch.stack([torch.randn(cfg.tokens, cfg.patch_dim, generator=torch.Generator().manual_seed(s))
                             for s in range(args.seeds)])
        img = sample_dense(model, ids, args.steps, args.guidance, args.shift, noise=noise)
        if not torch.isfinite(img).all():
            raise SystemExit(f"non-finite samples for {prompt!r}")
        rows.append(torch.cat(list(((img + 1) * 127.5).round().clamp(0, 255).to(torch.uint8)), 1))
    write_png(args.out, torch.cat(rows, 0).numpy())
    print(f"wrote {args.out}: {len(args.prompt)} prompts x {args.seeds} seeds")


if __name__ == "__main__":
    main()
