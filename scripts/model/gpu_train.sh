#!/usr/bin/env bash
# One prepared training run for the GPU machine (torch 2.x + CUDA; also runs on CPU for testing).
#
#   OUT=/path/to/out bash scripts/model/gpu_train.sh [SECONDS=480] [extra train.py flags, e.g. --batch 8]
#
# Needs the data set in .devcarry/emoji64.{npz,json} (scripts/model/data.py; carry ".devcarry").
# Writes to $OUT (6 files, each < 16 MiB, no sub-folders):
#   ema.json, ema-00.npz, ema-01.npz  EMA weights (weights.py format), rewritten every 2 min and at the end
#   log.jsonl                          train loss every 50 steps, held-out loss every 60 s
#   samples.png                        held-out real images (odd rows) and samples for their captions (even rows)
#   train.log                          this script's output
# Wall time: about SECONDS + 30 s (start-up, final held-out loss, 16 samples). A resumable checkpoint is kept in
# /tmp/ras-train/ckpt.pt (too big for $OUT): rerunning on the same warm machine continues until SECONDS of
# training in total; delete it to start over. Export afterwards (on the CPU machine):
#   /usr/bin/python3 scripts/model/export.py --weights $OUT/ema.json --out .data/models/emoji-dit-64
set -euo pipefail
export PYTHONUNBUFFERED=1
: "${OUT:?set OUT to the output folder}"
BUDGET="${1:-480}"
shift || true
PY="${PYTHON:-python3}"
cd "$(dirname "$0")/../.."
mkdir -p "$OUT" /tmp/ras-train
{
  nvidia-smi --query-gpu=name,memory.used,memory.total --format=csv,noheader 2>/dev/null || echo "no nvidia-smi"
  "$PY" -c "import sys, torch, numpy; print('python', sys.version.split()[0], 'torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'numpy', numpy.__version__)"
  train() {
    "$PY" scripts/model/train.py --data .devcarry/emoji64 --out "$OUT" --checkpoint /tmp/ras-train/ckpt.pt \
      --seconds "$BUDGET" --batch 512 --lr 1e-3 --ema 0.9995 --save-every 120 --val-every 60 "$@"
  }
  # a failure (e.g. in torch.compile or bf16) falls back once to eager fp32, resuming from the last checkpoint
  train "$@" || { echo "training failed; retrying without compile and autocast"; train "$@" --no-compile --amp none; }
} 2>&1 | tee "$OUT/train.log"
ls -l "$OUT"
