"""Process setup shared by the model scripts: a fast BLAS on CPU, thread count, seeds.

Debian's python3-torch 1.13 links the generic `libblas.so.3`. If that resolves to the reference BLAS
(~3 GFLOP/s), `use_fast_blas()` re-executes the script with LD_LIBRARY_PATH pointing at OpenBLAS (~60-90
GFLOP/s on two cores). It does nothing where torch brings its own BLAS (pip/CUDA builds).
"""
import os
import random
import sys
import time

OPENBLAS_DIRS = ("/usr/lib/x86_64-linux-gnu/openblas-openmp", "/usr/lib/x86_64-linux-gnu/openblas-pthread",
                 "/usr/lib/aarch64-linux-gnu/openblas-openmp", "/usr/lib/aarch64-linux-gnu/openblas-pthread")


def _mapped_blas():
    try:
        with open("/proc/self/maps") as f:
            return sorted({line.split()[-1] for line in f if "libblas" in line or "openblas" in line})
    except OSError:
        return []


def use_fast_blas():
    """Import torch, re-exec once with OpenBLAS if the reference BLAS got loaded, set CPU threads."""
    import torch
    mapped = _mapped_blas()
    reference = [p for p in mapped if "openblas" not in p and "libblas" in p]
    if reference and not os.environ.get("RAS_BLAS_REEXEC"):
        for d in OPENBLAS_DIRS:
            if os.path.exists(os.path.join(d, "libblas.so.3")):
                env = dict(os.environ, RAS_BLAS_REEXEC="1",
                           LD_LIBRARY_PATH=d + ":" + os.environ.get("LD_LIBRARY_PATH", ""))
                os.execve(sys.executable, [sys.executable] + sys.argv, env)
    if not torch.cuda.is_available():
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
        torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", cores)))
        torch.set_flush_denormal(True)
    return torch


def gflops(n=768, reps=8):
    """Measured float32 matmul throughput of this process (GFLOP/s)."""
    import torch
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    t = time.perf_counter()
    for _ in range(reps):
        a @ b
    return reps * 2 * n ** 3 / (time.perf_counter() - t) / 1e9


def seed_everything(seed):
    import numpy as np
    import torch
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
