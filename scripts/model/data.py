"""Build the emoji image-caption data set (Twemoji + Noto, 64x64, captions from emojibase).

Inputs (installed outside the repository):
  npm install --prefix /work/emoji-cache emoji-datasource-twitter@16 emoji-datasource-google@16 emojibase-data@17
Output: <out>.npz (images uint8 [N,H,W,3]; tokens int32 [N,L] caption ids padded with 0, in the order label words,
style word, subgroup words, group words; token_part int8 [N,L] 0..3 for those parts (-1 pad); label int16 [N]
emojibase subgroup; split int8 [N] 0 train / 1 held-out) and <out>.json (vocab, captions, labels, provenance).

  /usr/bin/python3 scripts/model/data.py --out .devcarry/emoji64 --copy-to /work/emoji-cache/emoji64
"""
import argparse
import collections
import hashlib
import json
import os
import re
import shutil

import numpy as np
from PIL import Image

STYLES = {"twemoji": ("emoji-datasource-twitter", "twitter"), "noto": ("emoji-datasource-google", "google")}


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--packages", default="/work/emoji-cache/node_modules")
    p.add_argument("--out", default=".devcarry/emoji64", help="output path without extension")
    p.add_argument("--copy-to", help="also copy the .npz/.json here (path without extension)")
    p.add_argument("--size", type=int, default=64, help="image side (Lanczos resize if not 64)")
    p.add_argument("--val-every", type=int, default=20, help="1 in K base emoji (all skins, both styles) held out")
    return p.parse_args(argv)


def words(text):
    """Tokenizer lowercase-words-v1 (docs/model-contract.md)."""
    return re.sub(r"[^a-z0-9]", " ", text.lower()).split()


def norm_hex(code):
    return "-".join(c for c in code.upper().split("-") if c != "FE0F")


def emojibase_index(pkg):
    """hexcode (no FE0F) -> (label, group key, subgroup key)."""
    with open(os.path.join(pkg, "emojibase-data/en/data.json")) as f:
        data = json.load(f)
    with open(os.path.join(pkg, "emojibase-data/en/messages.json")) as f:
        msg = json.load(f)
    groups = {g["order"]: g["key"] for g in msg["groups"]}
    subgroups = {g["order"]: g["key"] for g in msg["subgroups"]}
    index = {}
    for e in data:
        for x in [e] + e.get("skins", []):
            if "group" in x:
                index[norm_hex(x["hexcode"])] = (x["label"], groups[x["group"]], subgroups[x["subgroup"]])
    return index


def entries(pkg, style, index):
    """Yield (image path, hexcode, label, group, subgroup, base hexcode) for one image set."""
    package, folder = STYLES[style]
    with open(os.path.join(pkg, package, "emoji.json")) as f:
        emoji = json.load(f)
    for e in emoji:
        variants = [e] + list(e.get("skin_variations", {}).values())
        for v in variants:
            path = os.path.join(pkg, package, "img", folder, "64", v["image"])
            if not v.get(f"has_img_{folder}", True) or not os.path.exists(path):
                continue
            hexcode = norm_hex(v["unified"])
            label, group, subgroup = index.get(hexcode, (e["name"].lower(), words(e["category"])[0] + "-" +
                                                          "-".join(words(e["category"])[1:]), e["subcategory"]))
            yield path, hexcode, label, group, subgroup, norm_hex(e["unified"]), hexcode in index


def load_image(path, size):
    im = Image.open(path).convert("RGBA")
    white = Image.new("RGBA", im.size, (255, 255, 255, 255))
    im = Image.alpha_composite(white, im).convert("RGB")
    if im.size != (size, size):
        im = im.resize((size, size), Image.LANCZOS)
    return np.asarray(im, dtype=np.uint8)


def caption_parts(label, style, subgroup, group):
    """Word lists: label, style, subgroup, group; later parts drop words already present."""
    parts, seen = [], set()
    for i, text in enumerate([label, style, subgroup, group]):
        ws = words(text) if i == 0 else [w for w in words(text) if w not in seen]
        seen.update(ws)
        parts.append(ws)
    return parts


def main(argv=None):
    args = parse_args(argv)
    index = emojibase_index(args.packages)
    rows = [(style,) + r for style in STYLES for r in entries(args.packages, style, index)]
    # 1. held-out split by base emoji; every subgroup keeps at least one training base
    bases = sorted({(r[6], r[5]) for r in rows})
    val_bases = {b for b, _ in bases if int(hashlib.sha1(b.encode()).hexdigest(), 16) % args.val_every == 0}
    for sub in {s for _, s in bases}:
        members = {b for b, s in bases if s == sub}
        if members <= val_bases:
            val_bases -= members
    split = np.array([r[6] in val_bases for r in rows], dtype=np.int8)
    # 2. captions, vocabulary from the training captions (frequency order), subgroup labels
    parts = [caption_parts(r[3], r[0], r[5], r[4]) for r in rows]
    counts = collections.Counter(w for p, s in zip(parts, split) if s == 0 for ws in p for w in ws)
    vocab = ["<pad>"] + sorted(counts, key=lambda w: (-counts[w], w))
    ids = {w: i for i, w in enumerate(vocab)}
    length = max(sum(len(ws) for ws in p) for p in parts)
    tokens = np.zeros((len(rows), length), dtype=np.int32)
    token_part = np.full((len(rows), length), -1, dtype=np.int8)
    oov = collections.Counter()
    for n, p in enumerate(parts):
        seq = [(ids[w], k) for k, ws in enumerate(p) for w in ws if w in ids]
        oov.update(w for ws in p for w in ws if w not in ids)
        tokens[n, :len(seq)] = [i for i, _ in seq]
        token_part[n, :len(seq)] = [k for _, k in seq]
    labels = sorted({r[5] for r in rows})
    label = np.array([labels.index(r[5]) for r in rows], dtype=np.int16)
    # 3. images
    images = np.stack([load_image(r[1], args.size) for r in rows])
    meta = {
        "vocab": vocab, "labels": labels, "captions": [" ".join(w for ws in p for w in ws) for p in parts],
        "hexcodes": [r[2] for r in rows], "styles": [r[0] for r in rows], "groups": [r[4] for r in rows],
        "image_size": args.size, "caption_parts": ["label", "style", "subgroup", "group"],
        "split_rule": f"base emoji held out when sha1(base hexcode) % {args.val_every} == 0 "
                      "(all skin tones and both styles together), unless that empties a subgroup's training set",
        "counts": {"images": len(rows), "train": int((split == 0).sum()), "val": int(split.sum()),
                   "labels": len(labels), "vocab": len(vocab), "max_caption_words": length,
                   "without_emojibase_label": sum(not r[7] for r in rows), "val_oov_words": dict(oov)},
        "sources": {"twemoji": "emoji-datasource-twitter@16 (CC-BY 4.0)",
                    "noto": "emoji-datasource-google@16 (Apache-2.0)", "captions": "emojibase-data@17 (MIT)"},
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    np.savez_compressed(args.out + ".npz", images=images, tokens=tokens, token_part=token_part, label=label,
                        split=split)
    with open(args.out + ".json", "w") as f:
        json.dump(meta, f)
    if args.copy_to:
        os.makedirs(os.path.dirname(os.path.abspath(args.copy_to)), exist_ok=True)
        for ext in (".npz", ".json"):
            shutil.copyfile(args.out + ext, args.copy_to + ext)
    print(json.dumps(meta["counts"]), f"{os.path.getsize(args.out + '.npz') / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
