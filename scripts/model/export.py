"""Export a DiT to the RAS ONNX contract (docs/model-contract.md): model.onnx + model.json.

The graph is checked against PyTorch through onnxruntime-node (a dense call, a sparse call that reuses the
dense call's caches, and a B=1/n=1 call); the export fails if any output differs by more than --tol.

  python3 scripts/model/export.py --random fixture --seed 0 --out models/fixture
  python3 scripts/model/export.py --random default --vocab-from .devcarry/emoji64.json --out .data/models/bench-256 --bench
  python3 scripts/model/export.py --weights /path/to/ema.json --out .data/models/emoji-dit-64
  python3 scripts/model/export.py --upgrade models/emoji-dit-64 --model-version 1.3.0 --out models/emoji-dit-64

Every export also writes model-webgpu.onnx, the graph the sampler runs under the webgpu provider: the same
initializers (ONNX external data pointing into model.onnx's own bytes: no second copy of the weights),
MultiHeadAttention as plain ops and sin/cos as range-reduced polynomials (ras_graph.webgpu_variant); it is checked
against model.onnx through onnxruntime-node (CPU) and named in the manifest (`webgpu`: file and sha256).
Every graph written is checked against WebGPU's default limits (no node binds more than 8 storage buffers).
--upgrade rewrites an exported contract-4 model whose weights file is not at hand: the same initializers, every
Split over the limit replaced by Slices (what RasGraph now exports; model.onnx is left byte for byte as it is
when there is none), the WebGPU variant written, the manifest's version and sha256s updated.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_setup import use_fast_blas  # noqa: E402

torch = use_fast_blas()
import numpy as np  # noqa: E402
from dit import DiT, PRESETS, exporting  # noqa: E402
from ras_graph import (RasGraph, cache_shape, check_webgpu_limits, io_names, share_initializers,  # noqa: E402
                       use_contrib_attention, webgpu_variant)
WEBGPU_FILE = "model-webgpu.onnx"
from weights import load_split  # noqa: E402

ORT_CHECK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ort_check.mjs")
FIXTURE_VOCAB = ["<pad>", "twemoji", "noto", "red", "heart", "face", "smiling", "grinning", "with", "eyes",
                 "thumbs", "up", "down", "skin", "tone", "light", "medium", "dark", "cat", "dog", "star", "sun",
                 "moon", "fire", "hand", "smileys", "emotion", "people", "body", "animals", "nature", "food"]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--weights", help="weights header (ema.json) written by train.py")
    src.add_argument("--random", choices=sorted(PRESETS), help="untrained random weights of this architecture")
    src.add_argument("--upgrade", metavar="DIR", help="an exported model directory (model.onnx + model.json) to "
                                                     "rewrite within WebGPU's limits, weights unchanged")
    p.add_argument("--seed", type=int, default=0, help="seed of the random weights and of the check inputs")
    p.add_argument("--vocab-from", help="dataset sidecar JSON whose vocab a --random model uses "
                                        "(default: a built-in list of 32 words)")
    p.add_argument("--out", required=True, help="output directory (model.onnx, model.json)")
    p.add_argument("--name", help="manifest name (default from the source)")
    p.add_argument("--model-version", default="1.0.0")
    p.add_argument("--steps", type=int, default=28)
    p.add_argument("--guidance", type=float, default=4.0)
    p.add_argument("--shift", type=float, default=3.0)
    p.add_argument("--tol", type=float, default=1e-4, help="largest allowed |onnx - torch|")
    p.add_argument("--no-check", action="store_true", help="skip the onnxruntime-node comparison")
    p.add_argument("--bench", action="store_true", help="time forwards in onnxruntime-node (B=2, n=N and N/2)")
    return p.parse_args(argv)


def build_model(args):
    """-> (model in eval mode, vocab, training record, default name)."""
    if args.weights:
        meta, state = load_split(args.weights)
        cfg = PRESETS["default"].from_dict(meta["config"])
        model = DiT(cfg)
        model.load_state_dict(state)
        return model.eval(), meta["vocab"], meta.get("training", {}), "emoji-dit-64"
    vocab = FIXTURE_VOCAB
    if args.vocab_from:
        with open(args.vocab_from) as f:
            vocab = json.load(f)["vocab"]
    cfg = PRESETS["default"].from_dict(dict(PRESETS[args.random].to_dict(), vocab_size=len(vocab)))
    model = DiT(cfg)
    model.init_weights("random", torch.Generator().manual_seed(args.seed))
    training = {"trained": False, "init": "random", "seed": args.seed, "preset": args.random,
                "note": "untrained random weights: outputs are not images"}
    name = "fixture-dit-16" if args.random == "fixture" else f"random-dit-{cfg.image_size}"
    return model.eval(), vocab, training, name


def collapse_caption(ids, pad_id):
    """[B, T] word ids -> distinct words per row [B, T'] and their counts (float); rows shorter than the longest
    are filled with (pad_id, 0). The sampler does the same (server/sampler/tokenizer.ts, collapseCaptions)."""
    rows = []
    for row in ids.tolist():
        counts = {}
        for w in row:
            counts[w] = counts.get(w, 0) + 1
        rows.append(list(counts.items()))
    width = max(len(r) for r in rows)
    out_ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    out_count = torch.zeros(len(rows), width)
    for b, row in enumerate(rows):
        for j, (w, k) in enumerate(row):
            out_ids[b, j], out_count[b, j] = w, float(k)
    return out_ids, out_count


def example_inputs(cfg, B, active_idx, gen, caches=None, collapsed=False):
    x = torch.randn(B, len(active_idx), cfg.patch_dim, generator=gen)
    t = torch.rand(B, generator=gen) * 1000
    ids = torch.randint(1, cfg.vocab_size, (B, cfg.max_tokens), generator=gen)
    ids[:, cfg.max_tokens // 2:] = cfg.pad_id
    ids[0, 1] = ids[0, 0]                                           # a repeated word
    ids[-1] = cfg.pad_id if B > 1 else ids[-1]                      # last row unconditional (CFG)
    count = torch.ones(B, cfg.max_tokens)
    if collapsed:
        ids, count = collapse_caption(ids, cfg.pad_id)
    if caches is None:
        caches = [torch.zeros(cache_shape(cfg, B)) for _ in range(2 * cfg.layers)]
    return (x, active_idx, t, ids, count, *caches)


def export_onnx(model, path):
    cfg = model.cfg
    inputs, outputs = io_names(cfg.layers)
    gen = torch.Generator().manual_seed(1)
    args = example_inputs(cfg, 2, torch.randperm(cfg.tokens, generator=gen)[: cfg.tokens // 2 + 1], gen,
                          collapsed=True)
    dyn = {"x_active": {0: "B", 1: "n"}, "active_idx": {0: "n"}, "timestep": {0: "B"},
           "text_ids": {0: "B", 1: "T"}, "text_count": {0: "B", 1: "T"}, "v_active": {0: "B", 1: "n"}}
    dyn.update({name: {0: "B"} for name in inputs[5:] + outputs[1:]})
    with torch.no_grad(), exporting():
        torch.onnx.export(RasGraph(model), args, path, input_names=inputs, output_names=outputs,
                          dynamic_axes=dyn, opset_version=17, do_constant_folding=True,
                          custom_opsets={"com.microsoft": 1})
    import onnx
    graph = use_contrib_attention(path, cfg.heads)
    onnx.checker.check_model(graph)
    buffers = check_webgpu_limits(graph)
    print(f"WebGPU limits: at most {buffers} storage buffers per node (limit 8)")
    return len(graph.graph.node)


def check_cases(model, seed):
    """Torch reference cases: dense (all tokens, zero caches, caption as given), the same with the caption
    collapsed, sparse (reusing the dense caches, collapsed caption), B=1/n=1.
    -> cases, max |dense forward - RAS graph| over the plain and the collapsed caption."""
    cfg, gen = model.cfg, torch.Generator().manual_seed(seed + 1000)
    graph, (inputs, outputs) = RasGraph(model), io_names(cfg.layers)
    cases, worst_dense = [], 0.0
    with torch.no_grad():
        dense_in = example_inputs(cfg, 2, torch.arange(cfg.tokens), gen)
        dense_out = graph(*dense_in)
        reference = model(*dense_in[:1], *dense_in[2:4])
        collapsed_in = (*dense_in[:3], *collapse_caption(dense_in[3], cfg.pad_id), *dense_in[5:])
        worst_dense = max((reference - dense_out[0]).abs().max().item(),
                          (reference - graph(*collapsed_in)[0]).abs().max().item())
        sparse_idx = torch.randperm(cfg.tokens, generator=gen)[: cfg.tokens // 3]
        sparse_in = example_inputs(cfg, 2, sparse_idx, gen, caches=dense_out[1:], collapsed=True)
        single_in = example_inputs(cfg, 1, torch.tensor([cfg.tokens - 1]), gen,
                                   caches=[c[:1] for c in dense_out[1:]], collapsed=True)
        for name, ins in (("dense", dense_in), ("collapsed", collapsed_in), ("sparse", sparse_in),
                          ("single", single_in)):
            cases.append((name, dict(zip(inputs, ins)), dict(zip(outputs, graph(*ins)))))
    return cases, worst_dense


def run_ort_check(onnx_path, cases):
    with tempfile.TemporaryDirectory() as tmp:
        blob, desc = bytearray(), {"bin": "cases.bin", "cases": []}

        def put(t):
            a = t.numpy().astype(np.int64 if t.dtype == torch.int64 else np.float32)
            spec = {"dtype": "int64" if a.dtype == np.int64 else "float32", "shape": list(a.shape),
                    "offset": len(blob)}
            blob.extend(a.tobytes())
            return spec
        for name, ins, outs in cases:
            desc["cases"].append({"name": name, "inputs": {k: put(v) for k, v in ins.items()},
                                  "expected": {k: put(v) for k, v in outs.items()}})
        with open(os.path.join(tmp, "cases.bin"), "wb") as f:
            f.write(blob)
        with open(os.path.join(tmp, "cases.json"), "w") as f:
            json.dump(desc, f)
        res = subprocess.run(["node", ORT_CHECK, "check", onnx_path, os.path.join(tmp, "cases.json")],
                             capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"onnxruntime-node check failed:\n{res.stderr}")
    return json.loads(res.stdout)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write_webgpu_variant(onnx_path, tokens, tol):
    """Write the WebGPU variant next to onnx_path (ras_graph.webgpu_variant; initializers as external data into
    onnx_path's bytes), check it within WebGPU's limits and, through onnxruntime-node's CPU provider, against
    onnx_path (dense and sparse calls, max |diff| <= tol). -> the manifest's `webgpu` entry."""
    import onnx
    with open(onnx_path, "rb") as f:
        cpu_bytes = f.read()
    variant, attention, sincos = webgpu_variant(onnx.load_from_string(cpu_bytes))
    shared = share_initializers(variant, cpu_bytes, os.path.basename(onnx_path))
    buffers = check_webgpu_limits(variant)
    path = os.path.join(os.path.dirname(onnx_path), WEBGPU_FILE)
    onnx.save(variant, path)
    onnx.checker.check_model(path)
    res = subprocess.run(["node", ORT_CHECK, "same", onnx_path, path, str(tokens)], capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"onnxruntime-node comparison of {WEBGPU_FILE} failed:\n{res.stderr}")
    worst = max(json.loads(res.stdout).values())
    print(f"wrote {path}: {os.path.getsize(path) / 1e3:.0f} kB ({shared / 1e6:.2f} MB of weights read from "
          f"{os.path.basename(onnx_path)}), {attention} attention node(s) as plain ops, {sincos} sin/cos argument(s) "
          f"as polynomials, at most {buffers} storage buffers per node; vs {os.path.basename(onnx_path)} on CPU: "
          f"max abs diff {worst:.3g}")
    if worst > tol:
        raise SystemExit(f"FAILED: {WEBGPU_FILE} differs from {os.path.basename(onnx_path)} by {worst:.3g} > tol {tol}")
    return {"onnx_file": WEBGPU_FILE, "onnx_sha256": sha256_of(path)}


def write_manifest(path, onnx_path, model, vocab, training, args, name, webgpu):
    cfg = model.cfg
    inputs, outputs = io_names(cfg.layers)
    manifest = {
        "format": "ras-dit-onnx", "contract_version": 4, "name": args.name or name,
        "model_version": args.model_version, "onnx_file": os.path.basename(onnx_path),
        "onnx_sha256": sha256_of(onnx_path), "webgpu": webgpu,
        "image": {"height": cfg.image_size, "width": cfg.image_size, "channels": cfg.channels,
                  "value_range": [-1, 1]},
        "patch_size": cfg.patch_size, "tokens": cfg.tokens, "grid": [cfg.grid, cfg.grid],
        "hidden_size": cfg.hidden_size, "layers": cfg.layers, "heads": cfg.heads, "head_dim": cfg.head_dim,
        "text": {"max_tokens": cfg.max_tokens, "pad_id": cfg.pad_id, "tokenizer": "lowercase-words-v1",
                 "vocab": vocab},
        "io": {"inputs": inputs, "outputs": outputs},
        "defaults": {"steps": args.steps, "guidance": args.guidance, "shift": args.shift},
        "train_timesteps": 1000,
        "training": dict(training, architecture=cfg.to_dict(),
                         parameters=sum(p.numel() for p in model.parameters())),
    }
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


def upgrade(args):
    import onnx
    from ras_graph import split_wide_splits
    with open(os.path.join(args.upgrade, "model.json")) as f:
        manifest = json.load(f)
    source = os.path.join(args.upgrade, manifest["onnx_file"])
    with open(source, "rb") as f:
        source_bytes = f.read()
    graph = onnx.load_from_string(source_bytes)
    replaced = split_wide_splits(graph)
    onnx.checker.check_model(graph)
    buffers = check_webgpu_limits(graph)
    if args.model_version == manifest["model_version"]:
        raise SystemExit(f"--model-version {args.model_version} is the current version: give the new one")
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    if replaced:
        onnx.save(graph, onnx_path)
    elif os.path.abspath(source) != os.path.abspath(onnx_path):
        with open(onnx_path, "wb") as f:
            f.write(source_bytes)                      # nothing to rewrite: the same bytes, the same sha256
    manifest["onnx_sha256"] = sha256_of(onnx_path)
    manifest["model_version"], manifest["onnx_file"] = args.model_version, "model.onnx"
    print(f"{onnx_path}: {replaced} Split node(s) replaced by Slices ({'rewritten' if replaced else 'unchanged'}), "
          f"{len(graph.graph.node)} nodes, at most {buffers} storage buffers per node (limit 8)")
    webgpu = write_webgpu_variant(onnx_path, manifest["tokens"], args.tol)
    keys = list(manifest)
    manifest["webgpu"] = webgpu
    if "webgpu" not in keys:                           # keep the manifest's order: webgpu after onnx_sha256
        manifest = {k: manifest[k] for k in keys[:keys.index("onnx_sha256") + 1] + ["webgpu"] + keys[keys.index("onnx_sha256") + 1:]}
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.join(args.out, 'model.json')}: model_version {args.model_version}")


def main(argv=None):
    args = parse_args(argv)
    if args.upgrade:
        return upgrade(args)
    model, vocab, training, name = build_model(args)
    assert len(vocab) == model.cfg.vocab_size and vocab[model.cfg.pad_id] == "<pad>", "vocab / config mismatch"
    os.makedirs(args.out, exist_ok=True)
    onnx_path = os.path.join(args.out, "model.onnx")
    nodes = export_onnx(model, onnx_path)
    webgpu = write_webgpu_variant(onnx_path, model.cfg.tokens, args.tol)
    write_manifest(os.path.join(args.out, "model.json"), onnx_path, model, vocab, training, args, name, webgpu)
    print(f"wrote {onnx_path}: {os.path.getsize(onnx_path) / 1e6:.2f} MB, {nodes} nodes, "
          f"{sum(p.numel() for p in model.parameters()) / 1e6:.3f} M parameters")
    if not args.no_check:
        cases, dense_gap = check_cases(model, args.seed)
        reports = {f: run_ort_check(os.path.join(args.out, f), cases) for f in ("model.onnx", WEBGPU_FILE)}
        worst = max(d for report in reports.values() for case in report.values() for d in case.values())
        print(f"torch dense forward vs RAS forward (all tokens, caption plain and collapsed): max abs diff {dense_gap:.3g}")
        for f, report in reports.items():
            for case, diffs in report.items():
                print(f"{f} vs torch [{case}]: max abs diff {max(diffs.values()):.3g}")
        if worst > args.tol or dense_gap > args.tol:
            raise SystemExit(f"FAILED: max abs diff {max(worst, dense_gap):.3g} > tol {args.tol}")
        print(f"check passed: max abs diff {worst:.3g} <= {args.tol}")
    if args.bench:
        for n in (model.cfg.tokens, model.cfg.tokens // 2):
            res = subprocess.run(["node", ORT_CHECK, "bench", onnx_path, os.path.join(args.out, "model.json"),
                                  "2", str(n), "20"], capture_output=True, text=True, check=True)
            print("onnxruntime-node forward:", res.stdout.strip())


if __name__ == "__main__":
    main()
