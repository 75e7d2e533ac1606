// Runs an exported model through onnxruntime-node (CPU), for scripts/model/export.py.
//   node ort_check.mjs check <model.onnx> <cases.json>   -> JSON {case: {output: maxAbsDiff}}
//   node ort_check.mjs bench <model.onnx> <model.json> <batch> <active> <reps>  -> JSON timings (ms)
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

const [mode, ...args] = process.argv.slice(2);
if (mode === 'check') await check(args[0], args[1]);
else if (mode === 'bench') await bench(args[0], args[1], +args[2], +args[3], +args[4]);
else throw new Error('usage: ort_check.mjs check|bench ...');
