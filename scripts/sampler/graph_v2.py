"""Contract-2 RAS graph of scripts/model/dit.DiT: the same weights and math as `DiT.forward_ras`, exported with
K/V caches the attention reads in place. A prototype for the exporter's owner (see docs/model-contract.md,
"Contract version 2", and docs/sampler.md, "Speed").

Against the contract-1 graph:
 1. Caches are [B, H, T+N, hd] (heads-major), the T caption rows first and rewritten every call, image token t
    at row T+t. One ScatterND per cache writes caption + active rows (indices [1, B, H, T+n, 3], built once per
    call); attention reads the cache as is: no Concat of caption and cache, no Transpose of the cache, no Slice.
 2. The adaLN modulations of all blocks come from one batched MatMul pair and one Split (6L chunks [B, 1, D]),
    with the `1 +` of the scales folded into the bias.
 3. q, k, v: one Reshape of the qkv output, one Split; the attention scale is folded into q_norm's affine.
 4. Reshapes use constant shapes (0 = copy the input's dim), so no Shape/Gather/Concat chains.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
from dit import reshape0


class ScatterND(torch.autograd.Function):
    """out = data with out[index[..., 0], index[..., 1], ...] = updates: one ONNX ScatterND."""

    @staticmethod
    def forward(ctx, data, index, updates):
        out = data.clone()
        out[tuple(index[..., j] for j in range(index.shape[-1]))] = updates
        return out

    @staticmethod
    def symbolic(g, data, index, updates):
        return g.op("ScatterND", data, index, updates)


def cache_index(timestep, active_idx, heads, text_tokens):
    """[1, B, H, T+n, 3] = (batch row, head, cache row) for every caption and active image row."""
    rows = torch.cat([torch.arange(text_tokens, dtype=torch.long), active_idx + text_tokens])
    b = torch.ones_like(timestep, dtype=torch.long).cumsum(0) - 1
    h = torch.arange(heads, dtype=torch.long)
    zb, zh, zr = torch.zeros_like(b)[:, None, None], torch.zeros_like(h)[None, :, None], torch.zeros_like(rows)[None, None, :]
    return torch.stack([b[:, None, None] + zh + zr, h[None, :, None] + zb + zr, rows[None, None, :] + zb + zh], -1).unsqueeze(0)


class RasGraphV2(nn.Module):
    """(x_active, active_idx, timestep, text_ids, k_0..k_L-1, v_0..v_L-1) -> (v_active, k_out.., v_out..)."""

    def __init__(self, model):
        super().__init__()
        self.m = model
        cfg = model.cfg
        D = cfg.hidden_size
        with torch.no_grad():
            self.register_buffer("down", torch.stack([b.mod_down.weight.t() for b in model.blocks]))   # [L, D, r]
            self.register_buffer("up", torch.stack([b.mod_up.weight.t() for b in model.blocks]))       # [L, r, 6D]
            one = torch.zeros(6 * D)
            one[D:2 * D] = one[4 * D:5 * D] = 1.0                                                       # scale1, scale2
            self.register_buffer("bias", torch.stack([b.mod_bias + one for b in model.blocks]))       # [L, 6D]
            scale = cfg.head_dim ** -0.5
            self.qw = [b.q_norm.weight * scale for b in model.blocks]
            self.qb = [b.q_norm.bias * scale for b in model.blocks]

    def forward(self, x_active, active_idx, timestep, text_ids, *caches):
        m, cfg = self.m, self.m.cfg
        L, D, H, hd, T = cfg.layers, cfg.hidden_size, cfg.heads, cfg.head_dim, cfg.max_tokens
        c, text = m.condition(timestep, text_ids)
        h = torch.cat([text, m.x_embed(x_active) + m.pos[active_idx]], 1)
        mod = torch.matmul(torch.matmul(c.unsqueeze(0), self.down), self.up)                      # [L, B, 6D]
        mod = (mod + self.bias.unsqueeze(1) + m.adaln(c).unsqueeze(0)).transpose(0, 1)             # [B, L, 6D]
        chunks = reshape0(mod, 0, -1, D).split(1, dim=1)                                            # 6L x [B, 1, D]
        index = cache_index(timestep, active_idx, H, T)
        k_out, v_out = [], []
        for l, blk in enumerate(m.blocks):
            shift1, scale1, gate1, shift2, scale2, gate2 = chunks[6 * l:6 * l + 6]
            qkv = reshape0(blk.qkv(blk.norm1(h) * scale1 + shift1), 0, -1, 3, H, hd).permute(2, 0, 3, 1, 4)
            q, k, v = qkv.split(1, dim=0)                                                           # [1, B, H, S, hd]
            q = F.layer_norm(q, (hd,), self.qw[l], self.qb[l], 1e-6)
            kc = ScatterND.apply(caches[l], index, blk.k_norm(k))
            vc = ScatterND.apply(caches[L + l], index, v)
            o = torch.softmax(q @ kc.transpose(-1, -2), -1) @ vc                                     # [1, B, H, S, hd]
            h = h + gate1 * blk.proj(reshape0(o.permute(1, 0, 3, 2, 4), 0, -1, D))
            h = h + gate2 * blk.fc2(F.gelu(blk.fc1(blk.norm2(h) * scale2 + shift2)))
            k_out.append(kc)
            v_out.append(vc)
        return (m.head(h[:, T:], c), *k_out, *v_out)
