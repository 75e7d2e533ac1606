#!/bin/sh
# RAS GPU benchmark: run on an NVIDIA GPU machine (no internet or Node needed; everything is in this folder).
#   ./run.sh              default model (256 tokens) and a 1024-token model on the webgpu provider (Dawn over the
#                         driver's Vulkan): dense time per image, RAS 50 % / 25 % speedups against the cost-model
#                         ideal, host<->device bytes per step; results also in results/
#   ./run.sh --dry-run    the same steps on SwiftShader (software Vulkan) with the fixture model (or DRY_RUN=1)
#   ./run.sh --repeats 9  more repeats (default 5); other flags go to bench-sampler (e.g. --threads, --preset)
# VK_ICD_FILENAMES, when set, names the Vulkan driver file to use.
# Made by `npm run gpu-bench:pack` (scripts/gpu-bench/); docs/gpu-benchmark.md.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
exec "$HERE/node/bin/node" "$HERE/app/gpu-bench.cjs" "$@"
