/**
 * The GPU benchmark's driver, bundled into the folder that `npm run gpu-bench:pack` writes and started by its
 * run.sh with the bundled Node (docs/gpu-benchmark.md). On an NVIDIA GPU machine without internet or Node:
 *
 *   ./run.sh                 # default model and the 1024-token model: dense vs RAS 50 % / 25 %, bytes per step
 *   ./run.sh --dry-run       # the same steps on SwiftShader with the fixture model, minimal steps and repeats
 *   ./run.sh --repeats 9     # more repeats (default 5); any other flag is passed to bench-sampler
 *
 * 1. Vulkan: the NVIDIA driver's ICD file (or one generated for its library), the system's loader or the
 *    bundled one (vulkan.ts); a clear error when no driver is found.
 * 2. Every bundled model is opened on the webgpu provider (hash, contract, session), each in its own process.
 * 3. bench-sampler --provider webgpu on each benchmarked model, then its --transfers table (bytes per step).
 * 4. A summary: dense time per image, RAS speedups against the cost model's ideal; everything is also written
 *    to results/gpu-bench-<time>.txt next to run.sh.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeModel, loadModel } from '../../server/sampler/index';
import { chooseIcd, icdJson, parseBenchLine, splitArgs, systemLoader, type Fs } from './target';

const APP = __dirname;
const ROOT = path.dirname(APP);
const realFs: Fs = {
  exists: (p) => fs.existsSync(p),
  list: (d) => {
    try {
      return fs.readdirSync(d);
    } catch {
      return [];
    }
  },
  read: (p) => fs.readFileSync(p, 'utf8'),
};

const log: string[] = [];
function say(line = ''): void {
  console.log(line);
  log.push(line);
}

/** Runs a child with the bundled Node, streaming its output; resolves with stdout+stderr or rejects on failure. */
function node(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const take = (d: Buffer) => {
      const s = d.toString();
      out += s;
      for (const l of s.split('\n')) if (l.trim() && !/W:onnxruntime|VerifyEachNodeIsAssignedToAnEp|XDG_RUNTIME_DIR/.test(l)) process.stdout.write(`  ${l}\n`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(args[0]!)} ${args.slice(1).join(' ')} exited with ${code}`))));
  });
}

async function checkModel(dir: string): Promise<void> {
  const model = await loadModel(dir, { provider: 'webgpu' });
  console.log(`opened ${model.manifest.name} ${model.manifest.model_version}: ${model.manifest.tokens} tokens, provider ${model.provider}`);
  await closeModel(model);
}

async function main(): Promise<void> {
  const values = splitArgs(process.argv.slice(2));
  if (values.checkModel) return checkModel(values.checkModel);
  const dry = values.dryRun;
  const started = Date.now();
  const passThrough = values.rest;
  say(`RAS GPU benchmark${dry ? ' (dry run on SwiftShader)' : ''}: ${new Date().toISOString()}, ${os.hostname()}, node ${process.version}`);

  // 1. Vulkan.
  const env: NodeJS.ProcessEnv = { ...process.env };
  const generated = path.join(os.tmpdir(), `ras-gpu-bench-nvidia-icd-${process.pid}.json`);
  const icd = chooseIcd(process.env, realFs, { dryRun: dry, generatedFile: generated });
  if (!icd.ok) throw new Error(`Vulkan: ${icd.error}`);
  if (icd.generate) fs.writeFileSync(generated, icdJson(icd.generate.library));
  env.VK_ICD_FILENAMES = icd.file;
  delete env.VK_DRIVER_FILES;
  const loader = systemLoader(realFs);
  if (!loader) env.LD_LIBRARY_PATH = [path.join(ROOT, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  if (!dry && !['/dev/nvidiactl', '/proc/driver/nvidia/version'].some((p) => fs.existsSync(p))) {
    throw new Error('no NVIDIA GPU: neither /dev/nvidiactl nor /proc/driver/nvidia/version exists (in a container: run it with the GPU attached)');
  }
  say(`Vulkan driver file: ${icd.file} (${icd.how}); loader: ${loader ?? `${path.join(ROOT, 'lib', 'libvulkan.so.1')} (bundled; the system has none)`}`);

  // 2. Every bundled model opens on webgpu.
  const modelsDir = path.join(ROOT, 'models');
  const bundled = fs.readdirSync(modelsDir).filter((d) => fs.existsSync(path.join(modelsDir, d, 'model.json'))).sort();
  for (const name of bundled) await node([__filename, '--check-model', path.join(modelsDir, name)], env);

  // 3. The benchmark.
  const bench = path.join(APP, 'bench-sampler.cjs');
  const targets = dry ? ['fixture'] : bundled.filter((d) => d !== 'fixture');
  const repeats = values.repeats ?? (dry ? '1' : '5');
  const ratios = values.ratios;
  const minimal = dry ? ['--steps', '8', '--scheduler_start_step', '2', '--error_reset_steps', '5'] : [];
  const rows: string[] = [];
  for (const name of targets) {
    const dir = path.join(modelsDir, name);
    say(`\n== ${name}: bench-sampler --provider webgpu --repeats ${repeats} --ratios ${ratios} ${[...minimal, ...passThrough].join(' ')}`);
    const out = await node([bench, '--model', dir, '--provider', 'webgpu', '--repeats', repeats, '--ratios', ratios, ...minimal, ...passThrough], env);
    log.push(out);
    const r = parseBenchLine(out);
    const tokens = /\((\d+) tokens/.exec(out)?.[1] ?? '?';
    const cells = ratios.split(',').map((x) => {
      const k = String(Number(x));
      return `${fmt(r[`speedup@${k}`])} / ${fmt(r[`ideal@${k}`])} / ${fmt(r[`frac@${k}`])} (paired ${fmt(r[`paired@${k}`])})`;
    });
    if (!Number.isFinite(r.dense_ms)) throw new Error(`${name}: no dense time in the benchmark's result line`);
    rows.push(`| ${name} | ${tokens} | ${fmt(r.dense_ms, 1)} | ${cells.join(' | ')} |`);
    say(`\n== ${name}: bytes between host and device per forward call (bench-sampler --transfers)`);
    const tr = await node([bench, '--model', dir, '--provider', 'webgpu', '--transfers', '--ratios', ratios], env);
    log.push(tr);
  }

  // 4. Summary.
  say(`\nSummary (provider webgpu, ${icd.how}; ${repeats} repeat(s); speedup / ideal / fraction of ideal):`);
  say(`| model | tokens | dense ms per image | ${ratios.split(',').map((x) => `RAS ${Number(x) * 100} %`).join(' | ')} |`);
  say(`|---|---|---|${ratios.split(',').map(() => '---|').join('')}`);
  for (const r of rows) say(r);
  say(`wall time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const resultsDir = path.join(ROOT, 'results');
  try {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `gpu-bench-${dry ? 'dry-run-' : ''}${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
    fs.writeFileSync(file, `${log.join('\n')}\n`);
    console.log(`written to ${file}`);
  } catch (e) {
    console.log(`(results not written: ${(e as Error).message})`);
  }
}

const fmt = (x: number | undefined, d = 2) => (x !== undefined && Number.isFinite(x) ? x.toFixed(d) : '–');

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
