"""Pixel-space DiT with a Region-Adaptive-Sampling forward (docs/model-contract.md).

`DiT.forward(x, timestep, text_ids)` is the dense forward (training, reference sampling); the RAS forward that
is exported for the sampler, with the same parameters, is `ras_graph.RasGraph`.

Single-stream blocks: caption words (bag of words, no positions) are extra tokens in the joint attention
sequence; a pooled caption embedding is added to the timestep embedding. Conditioning uses adaLN-Zero, with
the modulation shared by all blocks plus a per-block low-rank term and bias (the full per-block adaLN would
be ~40 % of the parameters).
"""
import math
from dataclasses import asdict, dataclass, fields

import torch
import torch.nn as nn
import torch.nn.functional as F

HAS_SDPA = hasattr(F, "scaled_dot_product_attention")
EXPORTING = False          # set by export.py while tracing: ONNX-friendly ops instead of SDPA


class exporting:
    """Context manager for torch.onnx.export (a module flag, so torch.compile sees no torch.onnx calls)."""

    def __enter__(self):
        global EXPORTING
        EXPORTING = True

    def __exit__(self, *exc):
        global EXPORTING
        EXPORTING = False


@dataclass
class DiTConfig:
    image_size: int = 64
    channels: int = 3
    patch_size: int = 4
    hidden_size: int = 256
    layers: int = 6
    heads: int = 4
    mlp_ratio: float = 4.0
    mod_rank: int = 16
    vocab_size: int = 1024
    max_tokens: int = 16
    pad_id: int = 0

    @property
    def grid(self):
        return self.image_size // self.patch_size

    @property
    def tokens(self):
        return self.grid ** 2

    @property
    def patch_dim(self):
        return self.patch_size ** 2 * self.channels

    @property
    def head_dim(self):
        return self.hidden_size // self.heads

    def to_dict(self):
        return asdict(self)

    @classmethod
    def from_dict(cls, d):
        return cls(**{f.name: d[f.name] for f in fields(cls) if f.name in d})


PRESETS = {
    "default": DiTConfig(),
    "tiny": DiTConfig(patch_size=8, hidden_size=256, layers=2, heads=4, mod_rank=8),   # CPU smoke tests
    "fixture": DiTConfig(image_size=16, patch_size=2, hidden_size=32, layers=2, heads=2, mod_rank=8,
                         vocab_size=32, max_tokens=8),
}


def patchify(img, p):
    """[B, H, W, C] -> [B, N, p*p*C], token vector order (py, px, c)."""
    B, H, W, C = img.shape
    return img.reshape(B, H // p, p, W // p, p, C).permute(0, 1, 3, 2, 4, 5).reshape(B, -1, p * p * C)


def unpatchify(tokens, p, H, W):
    """[B, N, p*p*C] -> [B, H, W, C]."""
    B, N, P = tokens.shape
    return tokens.reshape(B, H // p, W // p, p, p, P // (p * p)).permute(0, 1, 3, 2, 4, 5).reshape(B, H, W, -1)


def sincos_2d(grid, dim):
    """Fixed 2D sin-cos position embedding [grid*grid, dim]; token t = row * grid + col."""
    def axis(pos, d):
        omega = 1.0 / 10000 ** (torch.arange(d // 2, dtype=torch.float64) / (d / 2))
        angle = pos.double()[:, None] * omega[None]
        return torch.cat([angle.sin(), angle.cos()], 1)
    rows, cols = torch.meshgrid(torch.arange(grid), torch.arange(grid), indexing="ij")
    return torch.cat([axis(rows.flatten(), dim // 2), axis(cols.flatten(), dim // 2)], 1).float()


def timestep_features(t, dim=256, max_period=10000.0):
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32, device=t.device) / half)
    angle = t.float()[:, None] * freqs[None]
    return torch.cat([angle.cos(), angle.sin()], -1)


class _Reshape0(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, shape):
        return x.reshape([x.shape[i] if s == 0 else s for i, s in enumerate(shape)])

    @staticmethod
    def symbolic(g, x, shape):
        return g.op("Reshape", x, g.op("Constant", value_t=torch.tensor(shape, dtype=torch.long)))


def reshape0(x, *shape):
    """Reshape where 0 copies the input's dimension (ONNX semantics): one Reshape node with a constant shape
    in the exported graph instead of a chain of Shape/Gather/Concat nodes."""
    if EXPORTING:
        return _Reshape0.apply(x, shape)
    return x.reshape([x.shape[i] if s == 0 else s for i, s in enumerate(shape)])


def attention(q, k, v, heads, scale):
    """q [B, S, H, hd] (already normed); k, v [B, L, D] -> [B, S, D]."""
    if q.dtype != v.dtype:                                  # autocast: LayerNorm fp32, Linear bf16
        q, k = q.to(v.dtype), k.to(v.dtype)
    q = q.transpose(1, 2)
    v = reshape0(v, 0, 0, heads, -1).transpose(1, 2)
    if HAS_SDPA and not EXPORTING:
        o = F.scaled_dot_product_attention(q, reshape0(k, 0, 0, heads, -1).transpose(1, 2), v)
    else:
        kt = reshape0(k, 0, 0, heads, -1).permute(0, 2, 3, 1)      # [B, H, hd, L]: one transpose per layer
        logits = (q * scale) @ kt
        o = torch.softmax(logits, dim=-1) @ v
    return reshape0(o.transpose(1, 2), 0, 0, -1)


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        D, hd = cfg.hidden_size, cfg.head_dim
        self.heads, self.dim, self.scale = cfg.heads, D, hd ** -0.5
        # LayerNorms keep their affine parameters: torch 1.13 exports elementwise_affine=False wrongly at opset 17.
        self.norm1, self.norm2 = nn.LayerNorm(D, eps=1e-6), nn.LayerNorm(D, eps=1e-6)
        self.q_norm, self.k_norm = nn.LayerNorm(hd, eps=1e-6), nn.LayerNorm(hd, eps=1e-6)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc1, self.fc2 = nn.Linear(D, int(D * cfg.mlp_ratio)), nn.Linear(int(D * cfg.mlp_ratio), D)
        self.mod_down = nn.Linear(D, cfg.mod_rank, bias=False)
        self.mod_up = nn.Linear(cfg.mod_rank, 6 * D, bias=False)
        self.mod_bias = nn.Parameter(torch.zeros(6 * D))

    def forward(self, h, c, shared):
        """h [B, S, D] (text + image tokens) -> h."""
        mod = (shared + self.mod_up(self.mod_down(c)) + self.mod_bias).unsqueeze(1)
        shift1, scale1, gate1, shift2, scale2, gate2 = mod.split(self.dim, dim=-1)   # split: constant sizes
        q, k, v = self.qkv(self.norm1(h) * (1 + scale1) + shift1).split(self.dim, dim=-1)
        q = self.q_norm(reshape0(q, 0, 0, self.heads, -1))
        k = reshape0(self.k_norm(reshape0(k, 0, 0, self.heads, -1)), 0, 0, -1)
        h = h + gate1 * self.proj(attention(q, k, v, self.heads, self.scale))
        return h + gate2 * self.fc2(F.gelu(self.fc1(self.norm2(h) * (1 + scale2) + shift2)))


class DiT(nn.Module):
    def __init__(self, cfg: DiTConfig):
        super().__init__()
        self.cfg = cfg
        D = cfg.hidden_size
        self.x_embed = nn.Linear(cfg.patch_dim, D)
        self.register_buffer("pos", sincos_2d(cfg.grid, D), persistent=False)
        self.t_embed = nn.Sequential(nn.Linear(256, D), nn.SiLU(), nn.Linear(D, D))
        self.word_emb = nn.Embedding(cfg.vocab_size, D)
        self.text_type = nn.Parameter(torch.zeros(D))
        self.text_pool = nn.Linear(D, D)
        self.adaln = nn.Linear(D, 6 * D)
        self.blocks = nn.ModuleList(Block(cfg) for _ in range(cfg.layers))
        self.final_norm = nn.LayerNorm(D, eps=1e-6)
        self.final_mod = nn.Linear(D, 2 * D)
        self.final = nn.Linear(D, cfg.patch_dim)
        self.init_weights("zero")

    def init_weights(self, mode="zero", generator=None):
        """'zero': adaLN-Zero (training; the untrained velocity is 0). 'random': all weights random, for
        fixtures and benchmarks whose outputs must differ from zero."""
        def normal(t, std):
            with torch.no_grad():
                t.copy_(torch.randn(t.shape, generator=generator) * std)
        for m in self.modules():
            if isinstance(m, nn.Linear):
                normal(m.weight, math.sqrt(2.0 / sum(m.weight.shape)))     # xavier-normal
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
        normal(self.word_emb.weight, 1.0)
        normal(self.t_embed[0].weight, 0.02)
        normal(self.t_embed[2].weight, 0.02)
        zero_init = [self.adaln.weight, self.adaln.bias, self.final_mod.weight, self.final_mod.bias,
                     self.final.weight, self.final.bias] + [b.mod_up.weight for b in self.blocks]
        for t in zero_init:
            if mode == "zero":
                nn.init.zeros_(t)
            else:
                normal(t, 0.3 / math.sqrt(t.shape[-1]) if t.dim() == 2 else 0.1)
        if mode != "zero":
            normal(self.text_type, 0.5)
            for b in self.blocks:
                normal(b.mod_bias, 0.3)
            normal(self.t_embed[0].weight, 1.0 / 16)
            normal(self.t_embed[2].weight, 1.0 / math.sqrt(self.cfg.hidden_size))

    def condition(self, timestep, text_ids, text_count=None):
        """-> SiLU(timestep embedding + pooled caption) [B, D], caption tokens [B, T, D].
        text_count [B, T]: how many times each word stands in the caption (collapsed captions, contract 3)."""
        words = self.word_emb(text_ids)
        mask = (text_ids != self.cfg.pad_id).to(words.dtype)
        if text_count is not None:
            mask = mask * text_count
        mask = mask.unsqueeze(-1)
        pooled = (words * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        c = F.silu(self.t_embed(timestep_features(timestep)) + self.text_pool(pooled))
        return c, words + self.text_type

    def head(self, h, c):
        shift, scale = self.final_mod(c).unsqueeze(1).split(self.cfg.hidden_size, dim=-1)
        return self.final(self.final_norm(h) * (1 + scale) + shift)

    def forward(self, x, timestep, text_ids):
        """Dense forward: x [B, N, P] noisy patches, timestep [B] (sigma*1000), text_ids [B, T] -> v [B, N, P]."""
        c, text = self.condition(timestep, text_ids)
        T = text.shape[1]
        h = torch.cat([text, self.x_embed(x) + self.pos], 1)
        shared = self.adaln(c)
        for blk in self.blocks:
            h = blk(h, c, shared)
        return self.head(h[:, T:], c)


def flow_sigmas(steps, shift=3.0, train_timesteps=1000):
    """diffusers FlowMatchEulerDiscreteScheduler sigmas (static shift), final 0 appended (ras-spec.md 1)."""
    def shifted(s):
        return shift * s / (1 + (shift - 1) * s)
    sig = shifted(torch.linspace(1.0, shifted(torch.tensor(1.0 / train_timesteps)).item(), steps, dtype=torch.float64))
    return torch.cat([sig, torch.zeros(1, dtype=torch.float64)]).float()


@torch.no_grad()
def sample_dense(model, text_ids, steps=28, guidance=7.0, shift=3.0, generator=None, noise=None):
    """Euler sampling with CFG (uncond = all-pad caption). text_ids [B, T] -> images [B, H, W, C] in [-1, 1]."""
    cfg = model.cfg
    B, dev = text_ids.shape[0], text_ids.device
    x = noise if noise is not None else torch.randn(B, cfg.tokens, cfg.patch_dim, generator=generator).to(dev)
    ids = torch.cat([text_ids, torch.full_like(text_ids, cfg.pad_id)])
    sig = flow_sigmas(steps, shift).tolist()
    for s, s_next in zip(sig[:-1], sig[1:]):
        t = torch.full((2 * B,), s * 1000.0, device=dev)
        v_cond, v_uncond = model(torch.cat([x, x]), t, ids).float().chunk(2)
        x = x + (s_next - s) * (v_uncond + guidance * (v_cond - v_uncond))
    return unpatchify(x, cfg.patch_size, cfg.image_size, cfg.image_size).clamp(-1, 1)
