"""Model weights as a JSON header plus float32 .npz parts, each under a size limit.

`<prefix>.json` holds {"config", "vocab", "training", "parts"}; `<prefix>-NN.npz` hold the tensors. The format
needs only numpy to read, survives torch/numpy version changes, and fits machines that return files <= 16 MiB.
"""
import json
import os

import numpy as np

MAX_PART_BYTES = 15_000_000


def _atomic(path, write):
    tmp = path + ".tmp"
    write(tmp)
    os.replace(tmp, path)


def _write_npz(path, arrays):
    with open(path, "wb") as f:          # a file object: np.savez would append ".npz" to a path
        np.savez(f, **arrays)


def _write_text(path, text):
    with open(path, "w") as f:
        f.write(text)


def save_split(out_dir, prefix, state_dict, meta, max_bytes=MAX_PART_BYTES):
    """Write state_dict (name -> tensor) split into parts under max_bytes; returns the header path."""
    os.makedirs(out_dir, exist_ok=True)
    parts, current, size = [], {}, 0
    for name, t in state_dict.items():
        a = t.detach().float().cpu().numpy()
        if current and size + a.nbytes > max_bytes:
            parts.append(current)
            current, size = {}, 0
        current[name] = a
        size += a.nbytes
    parts.append(current)
    names = []
    for i, part in enumerate(parts):
        names.append(f"{prefix}-{i:02d}.npz")
        _atomic(os.path.join(out_dir, names[-1]), lambda p, part=part: _write_npz(p, part))
    header = dict(meta, parts=names)
    path = os.path.join(out_dir, prefix + ".json")
    _atomic(path, lambda p: _write_text(p, json.dumps(header, indent=1)))
    return path


def load_split(header_path):
    """-> (meta dict, state dict of torch tensors)."""
    import torch
    with open(header_path) as f:
        meta = json.load(f)
    state = {}
    for name in meta["parts"]:
        with np.load(os.path.join(os.path.dirname(header_path), name)) as z:
            state.update({k: torch.from_numpy(z[k].copy()) for k in z.files})
    return meta, state
