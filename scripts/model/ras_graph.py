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
`webgpu_variant` rewrites the exported graph for onnxruntime's WebGPU provider (attention as plain ops, sin/cos as
range-reduced polynomials) and `share_initializers` points its weights into model.onnx's bytes (export.py writes
both as model-webgpu.onnx).
"""
import math

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


# Cody-Waite split of π: PI_C1 = 201/64 has 8 significant bits, so k·PI_C1 is exact in float32 for |k| < 2^16
# and x − k·PI_C1 is exact too; PI_C2 = π − PI_C1 carries the rest. float32(x) − k·π then lies in [−π/2, π/2]
# within ~1e-7, where the Taylor polynomials below (to r^13 and r^14) are within 1e-9 of sin and cos.
PI_C1 = 3.140625
PI_C2 = 9.67653589793e-4
SIN_TAYLOR = [(-1) ** i / math.factorial(2 * i + 1) for i in range(1, 7)]   # r^3 … r^13
COS_TAYLOR = [(-1) ** i / math.factorial(2 * i) for i in range(1, 8)]       # r^2 … r^14


def webgpu_variant(graph):
    """The WebGPU graph of a contract-4 CPU graph, same initializers and same math (docs/model-contract.md):
     - every com.microsoft.MultiHeadAttention (query [B, R, D], BNSH key/value caches, bias [B, 1, R, S], scale 1)
       becomes Reshape/Transpose/MatMul/Add/Softmax/MatMul/Transpose/Reshape: onnxruntime's WebGPU kernel of
       that node with BNSH caches is ~0.1 off the CPU's, the plain ops agree within ~1e-6;
     - every Sin/Cos becomes arithmetic: x = k·π + r with r in [−π/2, π/2] (Cody–Waite, k = floor(x/π + ½)),
       sin x = (−1)^k·sin r, cos x = (−1)^k·cos r, sin r and cos r by Taylor polynomials (Horner in r²): the
       timestep embedding's arguments reach ~1000, and WGSL's sin/cos are only required to be within 2^-11 in
       [−π, π] (SwiftShader's are 2e-4 off there), against ~1e-7 for these polynomials.
    Returns a new ModelProto; `graph` is left as it is. -> (variant, attention nodes replaced, sin/cos reduced)."""
    from onnx import helper, TensorProto
    out = onnx.ModelProto()
    out.CopyFrom(graph)
    g = out.graph
    consts = []

    def const(name, values, dtype=TensorProto.FLOAT):
        consts.append(helper.make_tensor(name, dtype, [len(values)], values))
        return name

    nodes, reduced, attention, n_att = [], {}, 0, 0
    for node in graph.graph.node:
        if node.op_type in ("Sin", "Cos"):
            x = node.input[0]
            if x not in reduced:
                reduced[x] = f"/webgpu/sincos{len(reduced)}"
                nodes += _half_turn_reduction(x, reduced[x], const)
            nodes += _taylor(node.op_type, reduced[x], node.output[0], const)
        elif node.op_type == "MultiHeadAttention" and node.domain == "com.microsoft":
            attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if abs(attrs.get("scale", 0.0) - 1.0) > 0 or any(node.input[3:5]) or len(node.input) < 6:
                raise SystemExit(f"cannot rewrite {node.name}: not the contract-4 attention (scale 1, no packed bias)")
            q, k, v, bias = node.input[0], node.input[1], node.input[2], node.input[5]
            p = f"/webgpu/attention{n_att}"
            n_att += 1
            q_shape, o_shape = const(p + "/q_shape", [0, 0, attrs["num_heads"], -1], TensorProto.INT64), \
                const(p + "/o_shape", [0, 0, -1], TensorProto.INT64)
            nodes += [helper.make_node("Reshape", [q, q_shape], [p + "/q4"], name=p + "/Reshape_q"),
                      helper.make_node("Transpose", [p + "/q4"], [p + "/qh"], name=p + "/Transpose_q", perm=[0, 2, 1, 3]),
                      helper.make_node("Transpose", [k], [p + "/kt"], name=p + "/Transpose_k", perm=[0, 1, 3, 2]),
                      helper.make_node("MatMul", [p + "/qh", p + "/kt"], [p + "/logits"], name=p + "/MatMul_qk"),
                      helper.make_node("Add", [p + "/logits", bias], [p + "/biased"], name=p + "/Add_bias"),
                      helper.make_node("Softmax", [p + "/biased"], [p + "/weights"], name=p + "/Softmax", axis=-1),
                      helper.make_node("MatMul", [p + "/weights", v], [p + "/oh"], name=p + "/MatMul_v"),
                      helper.make_node("Transpose", [p + "/oh"], [p + "/o4"], name=p + "/Transpose_o", perm=[0, 2, 1, 3]),
                      helper.make_node("Reshape", [p + "/o4", o_shape], [node.output[0]], name=p + "/Reshape_o")]
            attention += 1
        else:
            new = onnx.NodeProto()
            new.CopyFrom(node)
            nodes.append(new)
    del g.node[:]
    g.node.extend(nodes)
    g.initializer.extend(consts)
    if not any(n.domain == "com.microsoft" for n in g.node):
        keep = [o for o in out.opset_import if o.domain != "com.microsoft"]
        del out.opset_import[:]
        out.opset_import.extend(keep)
    return out, attention, len(reduced)


def _half_turn_reduction(x, p, const):
    """Nodes for r = x − k·π (k = floor(x/π + ½), Cody–Waite), u = r², sign = (−1)^k: names p/r, p/u, p/sign."""
    from onnx import helper
    inv, half = const(p + "/inv_pi", [1.0 / math.pi]), const(p + "/half", [0.5])
    c1, c2, one, two = const(p + "/c1", [PI_C1]), const(p + "/c2", [PI_C2]), const(p + "/one", [1.0]), const(p + "/two", [2.0])
    op = lambda kind, ins, out: helper.make_node(kind, ins, [p + out], name=p + "/" + kind + out.replace("/", "_"))
    return [op("Mul", [x, inv], "/half_turns"), op("Add", [p + "/half_turns", half], "/half_turns_half"),
            op("Floor", [p + "/half_turns_half"], "/k"),
            op("Mul", [p + "/k", c1], "/k_c1"), op("Sub", [x, p + "/k_c1"], "/r1"),
            op("Mul", [p + "/k", c2], "/k_c2"), op("Sub", [p + "/r1", p + "/k_c2"], "/r"),
            op("Mul", [p + "/r", p + "/r"], "/u"),
            op("Mul", [p + "/k", half], "/k_half"), op("Floor", [p + "/k_half"], "/k_half_floor"),
            op("Mul", [p + "/k_half_floor", two], "/k_even"), op("Sub", [p + "/k", p + "/k_even"], "/k_odd"),
            op("Mul", [p + "/k_odd", two], "/k_odd2"), op("Sub", [one, p + "/k_odd2"], "/sign")]


def _taylor(kind, p, output, const):
    """Nodes for sin or cos of x from _half_turn_reduction's names under p, written to `output`."""
    from onnx import helper
    coef = SIN_TAYLOR if kind == "Sin" else COS_TAYLOR
    q = f"{p}/{kind.lower()}"
    nodes, acc = [], const(f"{q}/c{len(coef)}", [coef[-1]])
    for i in range(len(coef) - 2, -2, -1):                       # acc = c_i + u·acc, down to 1 + u·acc
        c = const(f"{q}/c{i + 1}", [coef[i] if i >= 0 else 1.0])
        nodes += [helper.make_node("Mul", [acc, p + "/u"], [f"{q}/m{i + 1}"], name=f"{q}/Mul{i + 1}"),
                  helper.make_node("Add", [f"{q}/m{i + 1}", c], [f"{q}/a{i + 1}"], name=f"{q}/Add{i + 1}")]
        acc = f"{q}/a{i + 1}"
    if kind == "Sin":
        nodes.append(helper.make_node("Mul", [acc, p + "/r"], [f"{q}/poly"], name=f"{q}/Mul_r"))
        acc = f"{q}/poly"
    nodes.append(helper.make_node("Mul", [acc, p + "/sign"], [output], name=f"{q}/Mul_sign"))
    return nodes


def share_initializers(variant, cpu_bytes, cpu_file, min_bytes=256):
    """Point every initializer of `variant` of at least `min_bytes` at the identical bytes inside the CPU graph's
    file (ONNX external data: location `cpu_file`, offset, length): the CPU graph stores each tensor's raw data
    contiguously, so the variant needs no copy of the weights. In place; -> bytes shared."""
    from onnx import TensorProto
    shared = 0
    for t in variant.graph.initializer:
        raw = t.raw_data
        if len(raw) < min_bytes:
            continue
        offset = cpu_bytes.find(raw)
        if offset < 0:
            raise SystemExit(f"initializer {t.name} not found in {cpu_file}: the variant must share the CPU graph's weights")
        t.ClearField("raw_data")
        t.data_location = TensorProto.EXTERNAL
        for key, value in (("location", cpu_file), ("offset", str(offset)), ("length", str(len(raw)))):
            entry = t.external_data.add()
            entry.key, entry.value = key, value
        shared += len(raw)
    return shared
