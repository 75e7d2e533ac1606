"""Emoji subgroup classifier for evaluating generated images (recognition accuracy, Frechet distance).

A small CNN trained on the real training images to predict the emojibase subgroup (99 classes). Exported to ONNX:
input `image` float32 [B, 64, 64, 3] in [-1, 1] (the DiT's output layout), outputs `logits` [B, K] and
`features` [B, F] (penultimate layer, for a Frechet distance). `ref_stats.bin` holds float32 mean [F] and
covariance [F, F] of the features of all real images (both styles, train + held-out).

  nice /usr/bin/python3 scripts/model/classifier.py --data .devcarry/emoji64 --out models/emoji-classifier
"""
import argparse
import hashlib
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_setup import seed_everything, use_fast_blas  # noqa: E402

torch = use_fast_blas()
import numpy as np  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from export import run_ort_check  # noqa: E402


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=".devcarry/emoji64")
    p.add_argument("--out", default="models/emoji-classifier")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--width", type=int, default=32)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


class EmojiNet(nn.Module):
    """Conv-BN-ReLU stages (64 -> 32 -> 16 -> 8 -> 4 px), global average pool, linear head."""

    def __init__(self, classes, w=32):
        super().__init__()

        def cbr(i, o, stride=1):
            return [nn.Conv2d(i, o, 3, stride, 1, bias=False), nn.BatchNorm2d(o), nn.ReLU(inplace=True)]
        layers = cbr(3, w, 2) + cbr(w, w) + [nn.MaxPool2d(2)] + cbr(w, 2 * w) + cbr(2 * w, 2 * w) + [nn.MaxPool2d(2)]
        layers += cbr(2 * w, 4 * w) + cbr(4 * w, 4 * w) + [nn.MaxPool2d(2)] + cbr(4 * w, 8 * w)
        self.body = nn.Sequential(*layers)
        self.head = nn.Linear(8 * w, classes)

    def forward(self, image):
        """image [B, H, W, 3] in [-1, 1] -> logits [B, K], features [B, F]."""
        features = self.body(image.permute(0, 3, 1, 2)).mean((2, 3))
        return self.head(F.dropout(features, 0.2, self.training)), features


def to_input(images_u8):
    return images_u8.float() / 127.5 - 1


def augment(x, gen):
    """Random flip and shift (up to 4 px, white fill), light noise."""
    flip = torch.rand(len(x), generator=gen) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(2), x)
    dy, dx = torch.randint(-4, 5, (2,), generator=gen).tolist()
    x = F.pad(x.permute(0, 3, 1, 2), (4, 4, 4, 4), value=1.0)[:, :, 4 + dy:68 + dy, 4 + dx:68 + dx].permute(0, 2, 3, 1)
    return x + 0.03 * torch.randn(x.shape, generator=gen) * torch.rand(len(x), 1, 1, 1, generator=gen)


@torch.no_grad()
def evaluate(model, images, labels, batch=256):
    model.eval()
    logits, feats = zip(*[model(to_input(images[i:i + batch])) for i in range(0, len(images), batch)])
    logits, feats = torch.cat(logits), torch.cat(feats)
    top5 = logits.topk(5, 1).indices
    return {"top1": (top5[:, 0] == labels).float().mean().item(),
            "top5": (top5 == labels[:, None]).any(1).float().mean().item()}, feats


def export(model, out, labels, record, feats):
    model.eval()
    path = os.path.join(out, "model.onnx")
    x = torch.rand(2, 64, 64, 3) * 2 - 1
    torch.onnx.export(model, (x,), path, input_names=["image"], output_names=["logits", "features"],
                      dynamic_axes={"image": {0: "B"}, "logits": {0: "B"}, "features": {0: "B"}}, opset_version=17)
    with torch.no_grad():
        cases = [(f"b{b}", {"image": xi}, dict(zip(["logits", "features"], model(xi))))
                 for b, xi in ((2, x), (5, torch.rand(5, 64, 64, 3) * 2 - 1))]
    report = run_ort_check(path, cases)
    worst = max(d for c in report.values() for d in c.values())
    if worst > 1e-3:
        raise SystemExit(f"classifier ONNX differs from torch by {worst:.3g}")
    f64 = feats.double()
    mean, cov = f64.mean(0), torch.cov(f64.T)
    with open(os.path.join(out, "ref_stats.bin"), "wb") as f:
        f.write(np.concatenate([mean.float().numpy(), cov.float().numpy().ravel()]).astype("<f4").tobytes())
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    manifest = {"format": "emoji-classifier-onnx", "onnx_file": "model.onnx", "onnx_sha256": sha,
                "input": {"name": "image", "shape": ["B", 64, 64, 3], "layout": "NHWC", "value_range": [-1, 1],
                          "background": "white"},
                "outputs": {"logits": ["B", len(labels)], "features": ["B", feats.shape[1]]},
                "labels": labels, "label_kind": "emojibase subgroup",
                "ref_stats": {"file": "ref_stats.bin", "dtype": "float32 little-endian",
                              "layout": f"mean [{feats.shape[1]}] then covariance [{feats.shape[1]}, {feats.shape[1]}] "
                                        "row-major", "images": len(feats),
                              "set": "all real images (train + held-out, Twemoji + Noto)"},
                "onnx_check_max_abs_diff": worst, "training": record}
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return worst


def main(argv=None):
    args = parse_args(argv)
    seed_everything(args.seed)
    z, meta = np.load(args.data + ".npz"), json.load(open(args.data + ".json"))
    images, labels = torch.from_numpy(z["images"]), torch.from_numpy(z["label"].astype(np.int64))
    train, val = torch.from_numpy(z["split"] == 0), torch.from_numpy(z["split"] == 1)
    model, gen = EmojiNet(len(meta["labels"]), args.width), torch.Generator().manual_seed(args.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=5e-4)
    steps = args.epochs * (int(train.sum()) // args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, args.lr, total_steps=steps, pct_start=0.1)
    x_train, y_train, t0 = images[train], labels[train], time.time()
    for epoch in range(args.epochs):
        model.train()
        order, total = torch.randperm(len(x_train), generator=gen), 0.0
        for i in range(0, len(order) - args.batch + 1, args.batch):
            idx = order[i:i + args.batch]
            logits, _ = model(augment(to_input(x_train[idx]), gen))
            loss = F.cross_entropy(logits, y_train[idx], label_smoothing=0.1)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        acc, _ = evaluate(model, images[val], labels[val])
        print(json.dumps({"epoch": epoch + 1, "loss": round(total / len(order), 4), "val": acc,
                          "elapsed": round(time.time() - t0)}), flush=True)
    acc_train, _ = evaluate(model, x_train, y_train)
    acc_val, _ = evaluate(model, images[val], labels[val])
    _, feats = evaluate(model, images, labels)
    os.makedirs(args.out, exist_ok=True)
    record = {"data": f"{os.path.basename(args.data)}: {int(train.sum())} train, {int(val.sum())} held-out images",
              "epochs": args.epochs, "batch": args.batch, "lr": args.lr, "width": args.width, "seed": args.seed,
              "seconds": round(time.time() - t0), "train_accuracy": acc_train, "heldout_accuracy": acc_val,
              "parameters": sum(p.numel() for p in model.parameters())}
    worst = export(model, args.out, meta["labels"], record, feats)
    print(f"held-out top-1 {acc_val['top1']:.3f}, top-5 {acc_val['top5']:.3f}; ONNX check max abs diff {worst:.3g}; "
          f"wrote {args.out}")


if __name__ == "__main__":
    main()
