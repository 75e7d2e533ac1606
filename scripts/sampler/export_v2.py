"""Export a DiT built by scripts/model as a contract-2 RAS graph (caches [B, H, T+N, hd], graph_v2.py).

Same sources and manifest as scripts/model/export.py (whose functions it calls), then contract_version 2:
  /usr/bin/python3 scripts/sampler/export_v2.py --random fixture --seed 0 --out tests/model/fixtures/fixture-v2
  /usr/bin/python3 scripts/sampler/export_v2.py --random default --vocab-from .devcarry/emoji64.json --out .data/models/bench-256-v2
  /usr/bin/python3 scripts/sampler/export_v2.py --weights /path/to/ema.json --out .data/models/emoji-dit-64-v2
Checks, in torch, that the graph's all-token call equals the dense forward; the sampler's model tests check it
through onnxruntime-node.
"""
import contextlib
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "model"))
sys.path.insert(0, HERE)
import export as v1  # noqa: E402  (scripts/model/export.py: argument parsing, model building, manifest)
import dit  # noqa: E402
from graph_v2 import RasGraphV2  # noqa: E402

torch = v1.torch


def export_v2(model, path):
    cfg = model.cfg
    B, T, H = 2, cfg.max_tokens, cfg.heads
    inputs, outputs = dit.io_names(cfg.layers)
    inputs = [name for name in inputs if name != "text_count"]      # contract 2 has no collapsed captions
    gen = torch.Generator().manual_seed(1)
    n = cfg.tokens // 2 + 1
    caches = [torch.zeros(B, H, T + cfg.tokens, cfg.head_dim) for _ in range(2 * cfg.layers)]
    args = (torch.randn(B, n, cfg.patch_dim, generator=gen), torch.randperm(cfg.tokens, generator=gen)[:n],
            torch.rand(B, generator=gen) * 1000, torch.randint(1, cfg.vocab_size, (B, T), generator=gen), *caches)
    dyn = {"x_active": {0: "B", 1: "n"}, "active_idx": {0: "n"}, "timestep": {0: "B"}, "text_ids": {0: "B"},
           "v_active": {0: "B", 1: "n"}}
    dyn.update({name: {0: "B"} for name in inputs[4:] + outputs[1:]})
    graph = RasGraphV2(model)
    exporting = getattr(dit, "exporting", contextlib.nullcontext)   # constant-shape Reshapes while tracing
    with torch.no_grad(), exporting():
        torch.onnx.export(graph, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dyn,
                          opset_version=17, do_constant_folding=True)
        x = torch.randn(B, cfg.tokens, cfg.patch_dim, generator=gen)
        dense = model(x, args[2], args[3])
        v2 = graph(x, torch.arange(cfg.tokens), args[2], args[3], *caches)[0]
    return (dense - v2).abs().max().item()


def main(argv=None):
    args = v1.parse_args(argv)
    model, vocab, training, name = v1.build_model(args)
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    gap = export_v2(model, onnx_path)
    manifest_path = os.path.join(args.out, "model.json")
    v1.write_manifest(manifest_path, onnx_path, model, vocab, dict(training, graph="contract 2 (scripts/sampler/graph_v2.py)"),
                      args, name)
    with open(manifest_path) as f:
        manifest = json.load(f)
    manifest["contract_version"] = 2
    with open(onnx_path, "rb") as f:
        manifest["onnx_sha256"] = hashlib.sha256(f.read()).hexdigest()
    with open(manifest_path, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"wrote {onnx_path} (contract 2); torch: dense forward vs all-token call, max abs diff {gap:.3g}")
    if gap > args.tol:
        raise SystemExit(f"FAILED: {gap:.3g} > tol {args.tol}")


if __name__ == "__main__":
    main()
