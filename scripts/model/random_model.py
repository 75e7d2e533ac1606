"""A random-weight model of the default architecture at another image size, for speed measurements only.

  python3 scripts/model/random_model.py --image-size 128 --out .data/models/random-dit-128

Same width, depth, heads, patch size and vocabulary as the default model (its vocabulary is read from
--vocab-model's manifest, so the benchmark's prompt "red heart twemoji" is known); only the image size, and so
the token count, differs: 128×128 with patches of 4 is 1024 tokens. The graph is written by export.py's own
functions (same contract, same WebGPU-limit check, same onnxruntime-node comparison against PyTorch unless
--no-check). Its images are noise: use it for timing, never for quality.
"""
import argparse
import inspect
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export  # noqa: E402  (imports torch through torch_setup, as export.py does)
from dit import DiT, PRESETS  # noqa: E402

torch = export.torch


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--image-size", type=int, default=128, help="pixels per side (a multiple of the patch size)")
    p.add_argument("--vocab-model", default="models/emoji-dit-64/model.json", help="manifest whose vocabulary is used")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True)
    p.add_argument("--no-check", action="store_true", help="skip the onnxruntime-node comparison")
    a = p.parse_args(argv)
    with open(a.vocab_model) as f:
        vocab = json.load(f)["text"]["vocab"]
    base = PRESETS["default"]
    if a.image_size % base.patch_size:
        raise SystemExit(f"--image-size must be a multiple of the patch size {base.patch_size}")
    cfg = PRESETS["default"].from_dict(dict(base.to_dict(), image_size=a.image_size, vocab_size=len(vocab)))
    model = DiT(cfg)
    model.init_weights("random", torch.Generator().manual_seed(a.seed))
    model.eval()
    name = f"random-dit-{cfg.image_size}"
    args = export.parse_args(["--random", "default", "--out", a.out, "--name", name, "--seed", str(a.seed)])
    training = {"trained": False, "init": "random", "seed": a.seed, "preset": f"default at {cfg.image_size} px",
                "note": "untrained random weights, for speed measurements: outputs are not images"}
    os.makedirs(a.out, exist_ok=True)
    onnx_path = os.path.join(a.out, "model.onnx")
    nodes = export.export_onnx(model, onnx_path)
    # The WebGPU variant of the graph, where this exporter writes one (export.write_webgpu_variant).
    extra = {}
    if "webgpu" in inspect.signature(export.write_manifest).parameters:
        extra["webgpu"] = export.write_webgpu_variant(onnx_path, cfg.tokens, args.tol)
    export.write_manifest(os.path.join(a.out, "model.json"), onnx_path, model, vocab, training, args, name, **extra)
    print(f"wrote {onnx_path}: {cfg.tokens} tokens, {os.path.getsize(onnx_path) / 1e6:.2f} MB, {nodes} nodes")
    if not a.no_check:
        cases, gap = export.check_cases(model, a.seed)
        report = export.run_ort_check(onnx_path, cases)
        worst = max(max(gap, d) for case in report.values() for d in case.values())
        if worst > args.tol:
            raise SystemExit(f"FAILED: max abs diff {worst:.3g} > tol {args.tol}")
        print(f"check passed: max abs diff {worst:.3g} <= {args.tol}")


if __name__ == "__main__":
    main()
