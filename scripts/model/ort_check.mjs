// Runs an exported model through onnxruntime-node (CPU), for scripts/model/export.py.
//   node ort_check.mjs check <model.onnx> <cases.json>   -> JSON {case: {output: maxAbsDiff}}
//   node ort_check.mjs bench <model.onnx> <model.json> <batch> <active> <reps>  -> JSON timings (ms)
//   node ort_check.mjs same <model.onnx> <variant.onnx> <tokens>  -> JSON {case: maxAbsDiff} of the two graphs (CPU) on
//     a dense call (zero caches) and a sparse call (the dense call's caches), timesteps 999.7 and 381.25
// cases.json: {"bin": "cases.bin", "cases": [{"name", "inputs": {name: spec}, "expected": {name: spec}}]},
// spec = {"dtype": "float32"|"int64", "shape": [...], "offset": bytes into the .bin}.
import fs from 'node:fs';
import path from 'node:path';
import ort from 'onnxruntime-node';

const ARRAYS = { float32: Float32Array, int64: BigInt64Array };

function readTensor(buf, spec) {
  const Arr = ARRAYS[spec.dtype];
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const bytes = buf.subarray(spec.offset, spec.offset + count * Arr.BYTES_PER_ELEMENT);
  const data = new Arr(new Uint8Array(bytes).buffer);   // copy: aligned
  return new ort.Tensor(spec.dtype, data, spec.shape);
}

async function check(modelPath, casesPath) {
  const desc = JSON.parse(fs.readFileSync(casesPath, 'utf8'));
  const buf = fs.readFileSync(path.join(path.dirname(casesPath), desc.bin));
  const session = await ort.InferenceSession.create(modelPath);
  const report = {};
  for (const c of desc.cases) {
    const feeds = Object.fromEntries(Object.entries(c.inputs).map(([k, s]) => [k, readTensor(buf, s)]));
    const out = await session.run(feeds);
    report[c.name] = {};
    for (const [name, spec] of Object.entries(c.expected)) {
      const want = readTensor(buf, spec).data;
      const got = out[name].data;
      if (got.length !== want.length) throw new Error(`${c.name}/${name}: ${got.length} values, want ${want.length}`);
      let max = 0;
      for (let i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - want[i]));
      report[c.name][name] = max;
    }
  }
  console.log(JSON.stringify(report));
}

async function bench(modelPath, manifestPath, batch, active, reps) {
  const m = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const N = m.tokens, D = m.hidden_size, P = m.patch_size ** 2 * m.image.channels, T = m.text.max_tokens;
  const session = await ort.InferenceSession.create(modelPath);
  const rand = (n) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
  const idx = BigInt64Array.from({ length: active }, (_, i) => BigInt(Math.floor((i * N) / active)));
  const feeds = {
    x_active: new ort.Tensor('float32', rand(batch * active * P), [batch, active, P]),
    active_idx: new ort.Tensor('int64', idx, [active]),
    timestep: new ort.Tensor('float32', new Float32Array(batch).fill(500), [batch]),
    text_ids: new ort.Tensor('int64', new BigInt64Array(batch * T).fill(1n), [batch, T]),
  };
  if (m.contract_version >= 3) feeds.text_count = new ort.Tensor('float32', new Float32Array(batch * T).fill(1), [batch, T]);
  const cache = m.contract_version === 4 ? [batch, m.heads, N + T, m.head_dim] : [batch, N, D];
  const size = cache.reduce((a, b) => a * b, 1);
  for (let l = 0; l < m.layers; l++) {
    feeds[`k_cache_${l}`] = new ort.Tensor('float32', rand(size), cache);
    feeds[`v_cache_${l}`] = new ort.Tensor('float32', rand(size), cache);
  }
  for (let i = 0; i < 3; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = process.hrtime.bigint();
    await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ batch, active, reps, median_ms: times[times.length >> 1], min_ms: times[0] }));
}

/** Shape of the contract-4 graph: from its inputs' metadata (no manifest needed). */
function graphShape(session) {
  const meta = Object.fromEntries(session.inputMetadata.map((m) => [m.name, m]));
  const [, H, S, hd] = meta.k_cache_0.shape;
  const layers = session.inputNames.filter((n) => n.startsWith('k_cache_')).length;
  return { P: meta.x_active.shape[2], H, S, hd, layers };
}

async function same(aPath, bPath, N) {
  const a = await ort.InferenceSession.create(aPath);
  const b = await ort.InferenceSession.create(bPath);
  const { P, H, S, hd, layers } = graphShape(a);
  let seed = 7;
  const rand = (n) => Float32Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1);
  const B = 2, T = 3;
  const report = {};
  let caches = null;
  for (const [name, timestep, frac] of [['dense', 999.7, 1], ['sparse', 381.25, 0.5]]) {
    const cache = [B, H, S, hd];
    const n = Math.max(1, Math.floor(frac * N));
    const idx = BigInt64Array.from({ length: n }, (_, i) => BigInt(Math.floor((i * N) / n)));
    const feeds = {
      x_active: new ort.Tensor('float32', rand(B * n * P), [B, n, P]),
      active_idx: new ort.Tensor('int64', idx, [n]),
      timestep: new ort.Tensor('float32', new Float32Array(B).fill(timestep), [B]),
      text_ids: new ort.Tensor('int64', BigInt64Array.from([0n, 0n, 0n, 3n, 4n, 0n]), [B, T]),
      text_count: new ort.Tensor('float32', Float32Array.from([4, 0, 0, 1, 1, 2]), [B, T]),
    };
    for (let l = 0; l < layers; l++) {
      for (const kv of ['k', 'v']) {
        const data = caches ? caches[`${kv}_cache_out_${l}`].data : new Float32Array(cache.reduce((x, y) => x * y, 1));
        feeds[`${kv}_cache_${l}`] = new ort.Tensor('float32', Float32Array.from(data), cache);
      }
    }
    const outA = await a.run(feeds);
    const outB = await b.run(feeds);
    let max = 0;
    for (const k of Object.keys(outA)) {
      const x = outA[k].data, y = outB[k].data;
      for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    report[name] = max;
    caches = outA;
  }
  console.log(JSON.stringify(report));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'check') await check(args[0], args[1]);
else if (mode === 'bench') await bench(args[0], args[1], +args[2], +args[3], +args[4]);
else if (mode === 'same') await same(args[0], args[1], +args[2]);
else throw new Error('usage: ort_check.mjs check|bench|same ...');
