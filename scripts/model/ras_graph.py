"""The RAS forward of a `dit.DiT` as exported to ONNX: contract version 4 (docs/model-contract.md).

  RasGraph(model)(x_active, active_idx, timestep, text_ids, text_count, k_0..k_L-1, v_0..v_L-1)
      -> (v_active, k_out_0..k_out_L-1, v_out_0..v_out_L-1)

Same weights and math as `DiT.forward` (an all-token call with zero caches equals the dense forward), laid out
so that onnxruntime's CPU provider does as little per-call work as possible beyond the active tokens:
 - Caches are [B, H, N + T_max, hd], heads-major (the layout attention reads): image token t at row t, caption
   word slot j at row N + j. One ScatterND per cache writes the active image rows and the caption rows (indices
   [B, R, 1, H, 3], built once per call) straight from the qkv projection's layout: no Concat, Transpose or
   Slice of a cache. Bound to its input buffer by the sampler, the scatter writes only those rows.
 - Attention is one com.microsoft.MultiHeadAttention node per layer (query [B, R, D], key/value the caches as
   BNSH, an additive bias [B, 1, R, N + T_max]): one kernel instead of ten.
 - Caption words come collapsed (contract 3): distinct words with counts; the bias carries log(count), so an
   unused slot (count 0) gets -inf and k copies of a word weigh as k tokens.
 - The adaLN modulations of all blocks come from one batched MatMul pair, with the `1 +` of the scales folded
   into the bias, then one Slice per chunk (not one 6L-way Split: WebGPU binds every output of a node as a
   storage buffer, and a shader may bind 8 by default; `check_webgpu_limits` refuses any node over that);
   the attention scale is folded into q_norm's affine.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F
import onnx

from dit import reshape0


class ScatterND(torch.autograd.Function):
    """out = data with out[index[..., 0], index[..., 1], ...] = updates: one ONNX ScatterND."""

    @staticmethod
    def forward(ctx, data, index, updates):
        out = data.clone()
        out[tuple(index[..., j] for j in range(index.shape[-1]))] = updates.to(out.dtype)
        return out

    @staticmethod
    def symbolic(g, data, index, updates):
        return g.op("ScatterND", data, index, updates)


class CachedAttention(torch.autograd.Function):
    """softmax(q k^T + bias) v with q [B, R, D], k/v [B, H, S, hd], bias [B, 1, R, S] -> [B, R, D] (q pre-scaled).
    Exported as a placeholder node that `use_contrib_attention` turns into com.microsoft.MultiHeadAttention."""

    @staticmethod
    def forward(ctx, q, k, v, bias):
        B, R, D = q.shape
        H, hd = k.shape[1], k.shape[3]
        qh = q.reshape(B, R, H, hd).transpose(1, 2)
        o = torch.softmax(qh @ k.transpose(-1, -2) + bias, -1) @ v
        return o.transpose(1, 2).reshape(B, R, D)

    @staticmethod
    def symbolic(g, q, k, v, bias):
        return g.op("com.microsoft::CachedAttentionPlaceholder", q, k, v, bias)


def use_contrib_attention(path, heads):
    """Rewrite the placeholders in an exported graph as MultiHeadAttention(query, key, value, -, -, attention_bias)."""
    graph = onnx.load(path)
    for node in graph.graph.node:
        if node.op_type == "CachedAttentionPlaceholder":
            node.op_type = "MultiHeadAttention"
            q, k, v, bias = node.input
            del node.input[:]
            node.input.extend([q, k, v, "", "", bias])
            node.attribute.append(onnx.helper.make_attribute("num_heads", heads))
            node.attribute.append(onnx.helper.make_attribute("scale", 1.0))
    onnx.save(graph, path)
    return graph


# WebGPU's default maxStorageBuffersPerShaderStage: onnxruntime's WebGPU kernels bind each tensor input and output
# of a node as a storage buffer (shape-like inputs such as Slice's starts are read on the host, counted anyway).
WEBGPU_MAX_STORAGE_BUFFERS = 8


def check_webgpu_limits(graph, limit=WEBGPU_MAX_STORAGE_BUFFERS):
    """Raise if any node of the ONNX graph has more than `limit` inputs + outputs (names, empty ones skipped):
    such a node cannot run on an adapter with WebGPU's default limits. -> the largest count found."""
    worst, over = 0, []
    for node in graph.graph.node:
        count = sum(1 for n in node.input if n) + sum(1 for n in node.output if n)
        worst = max(worst, count)
        if count > limit:
            over.append(f"{node.op_type} {node.name or '(unnamed)'}: {count}")
    if over:
        raise SystemExit(f"FAILED: {len(over)} node(s) bind more than {limit} storage buffers (WebGPU's default "
                         f"per shader stage): " + "; ".join(over))
    return worst


def split_wide_splits(graph, limit=WEBGPU_MAX_STORAGE_BUFFERS):
    """Replace every Split node with more than `limit` inputs + outputs by one Slice per output (same values, bit
    for bit), in place; for graphs exported before RasGraph sliced its modulation chunks. -> nodes replaced."""
    from onnx import numpy_helper
    consts = {i.name: numpy_helper.to_array(i) for i in graph.graph.initializer}
    for node in graph.graph.node:
        if node.op_type == "Constant":
            for attr in node.attribute:
                if attr.name == "value":
                    consts[node.output[0]] = numpy_helper.to_array(attr.t)
    nodes, replaced = [], 0
    for node in graph.graph.node:
        count = sum(1 for n in node.input if n) + sum(1 for n in node.output if n)
        if node.op_type != "Split" or count <= limit:
            nodes.append(node)
            continue
        axis = next((a.i for a in node.attribute if a.name == "axis"), 0)
        if len(node.input) < 2 or node.input[1] not in consts:
            raise SystemExit(f"cannot rewrite {node.name}: its split sizes are not a constant")
        sizes = [int(x) for x in consts[node.input[1]]]
        start = 0
        for j, (size, out) in enumerate(zip(sizes, node.output)):
            names = [f"{node.name}_slice{j}_{k}" for k in ("starts", "ends", "axes")]
            for name, value in zip(names, (start, start + size, axis)):
                graph.graph.initializer.append(onnx.helper.make_tensor(name, onnx.TensorProto.INT64, [1], [value]))
            nodes.append(onnx.helper.make_node("Slice", [node.input[0], *names], [out], name=f"{node.name}_slice{j}"))
            start += size
        replaced += 1
    del graph.graph.node[:]
    graph.graph.node.extend(nodes)
    return replaced


def io_names(layers):
    inputs = ["x_active", "active_idx", "timestep", "text_ids", "text_count"]
    inputs += [f"k_cache_{i}" for i in range(layers)] + [f"v_cache_{i}" for i in range(layers)]
    outputs = ["v_active"] + [f"k_cache_out_{i}" for i in range(layers)] + [f"v_cache_out_{i}" for i in range(layers)]
    return inputs, outputs


def cache_shape(cfg, batch):
    return (batch, cfg.heads, cfg.tokens + cfg.max_tokens, cfg.head_dim)


class RasGraph(nn.Module):
    def __init__(self, model):
        super().__init__()
        self.m = model
        cfg = model.cfg
        D = cfg.hidden_size
        with torch.no_grad():
            self.register_buffer("mod_down", torch.stack([b.mod_down.weight.t() for b in model.blocks]))   # [L, D, r]
            self.register_buffer("mod_up", torch.stack([b.mod_up.weight.t() for b in model.blocks]))       # [L, r, 6D]
            one = torch.zeros(6 * D)
            one[D:2 * D] = one[4 * D:5 * D] = 1.0                                                           # scale1, scale2
            self.register_buffer("mod_bias", torch.stack([b.mod_bias + one for b in model.blocks]))       # [L, 6D]
            scale = cfg.head_dim ** -0.5
            self.q_weight = [b.q_norm.weight.detach() * scale for b in model.blocks]
            self.q_bias = [b.q_norm.bias.detach() * scale for b in model.blocks]

    def forward(self, x_active, active_idx, timestep, text_ids, text_count, *caches):
        m, cfg = self.m, self.m.cfg
        L, D, H, hd, N, T_max = cfg.layers, cfg.hidden_size, cfg.heads, cfg.head_dim, cfg.tokens, cfg.max_tokens
        c, text = m.condition(timestep, text_ids, text_count)
        T = text.shape[1]
        h = torch.cat([m.x_embed(x_active) + m.pos[active_idx], text], 1)                  # [B, R = n + T, D]
        mod = torch.matmul(torch.matmul(c.unsqueeze(0), self.mod_down), self.mod_up)        # [L, B, 6D]
        mod = (mod + self.mod_bias.unsqueeze(1) + m.adaln(c).unsqueeze(0)).transpose(0, 1)
        mod = reshape0(mod, 0, -1, D)                                                       # [B, 6L, D]
        chunks = [mod[:, i:i + 1] for i in range(6 * L)]                                    # 6L Slices -> [B, 1, D]
        index, bias = self.cache_rows(active_idx, timestep, text_count, h)
        k_out, v_out = [], []
        for l, blk in enumerate(m.blocks):
            shift1, scale1, gate1, shift2, scale2, gate2 = chunks[6 * l:6 * l + 6]
            qkv = reshape0(blk.qkv(blk.norm1(h) * scale1 + shift1), 0, -1, 3, H, hd)
            q, k, v = qkv.split(1, dim=2)                                                   # [B, R, 1, H, hd]
            q = reshape0(F.layer_norm(q, (hd,), self.q_weight[l], self.q_bias[l], 1e-6), 0, -1, D)
            kc = ScatterND.apply(caches[l], index, blk.k_norm(k))
            vc = ScatterND.apply(caches[L + l], index, v)
            h = h + gate1 * blk.proj(CachedAttention.apply(q, kc, vc, bias))
            h = h + gate2 * blk.fc2(F.gelu(blk.fc1(blk.norm2(h) * scale2 + shift2)))
            k_out.append(kc)
            v_out.append(vc)
        n = x_active.shape[1]
        return (m.head(h[:, :n], c), *k_out, *v_out)

    def cache_rows(self, active_idx, timestep, text_count, h):
        """-> ScatterND indices [B, R, 1, H, 3] = (batch row, head, cache row) for every row of h, and the attention
        bias [B, 1, R, N + T_max]: 0 for image rows, log(count) for caption slots (-inf where unused)."""
        cfg = self.m.cfg
        N, T_max, H = cfg.tokens, cfg.max_tokens, cfg.heads
        T = text_count.shape[1]
        rows = torch.cat([active_idx, torch.arange(T, dtype=torch.long) + N])                   # [R]
        b = torch.ones_like(timestep, dtype=torch.long).cumsum(0) - 1                             # [B]
        heads = torch.arange(H, dtype=torch.long)
        zb, zr, zh = torch.zeros_like(b)[:, None, None], torch.zeros_like(rows)[None, :, None], torch.zeros_like(heads)[None, None, :]
        index = torch.stack([b[:, None, None] + zr + zh, heads[None, None, :] + zb + zr, rows[None, :, None] + zb + zh], -1)
        count = F.pad(text_count, (0, T_max - T))
        bias = torch.cat([torch.zeros_like(count[:, :1]).expand(-1, N), torch.log(count)], 1)   # [B, N + T_max]
        bias = bias[:, None, None, :] + torch.zeros_like(h[:, :, :1])[:, None]                   # [B, 1, R, S]
        return index.unsqueeze(2), bias
