/**
 * npm run bench:sampler -- [--model models/emoji-dit-64] [--repeats 5] [--threads 1] [--provider auto|cpu|cuda|webgpu] [--workers 1] [--preset sd3Example]
 *                          [--ratios 0.75,0.5,0.25,0.125] [--prompt "red heart"] [--seed 0] [sampler flags]  (guidance: the model's)
 * Dense vs RAS wall time per image on one ONNX session, variants interleaved (rotated order each repeat),
 * medians of the repeats. --workers W runs the same benchmark in W processes at once (the generation worker
 * pool's setting: one single-threaded session per core) and reports over all of them. --compare DIR also runs a
 * second model (another export of the same network, say) in the same process, alternating with the first image by
 * image, and prints a table for each: differences smaller than the run-to-run spread of a noisy machine show up
 * there. Prints per ratio: speedup (of the medians), the ideal speedup of the spec's cost model
 * T / (D + (T − D)·r), the fraction of ideal, PSNR/SSIM of RAS vs dense; beside them the paired speedup (median
 * over rounds of dense/RAS within a round), the best-of speedup (of the fastest repeats) and the CPU-time speedup (process CPU time, blind to time spent waiting for a busy CPU), which
 * a shared, noisy machine disturbs less; the fixed cost per step (intercept of step time against processed
 * tokens); and a last machine-readable line. Pause other heavy work while it runs.
 * --transfers instead runs single forward calls (the first call of an image, a dense step, a RAS step per ratio,
 * the first call of the next image) and prints the bytes each moved between host and device, with the caches kept on the device
 * (webgpu; server/sampler/deviceBuffers.ts) and, for comparison, copied in and out every call
 * (SAMPLER_DEVICE_CACHES=0); the CPU provider moves nothing. docs/gpu-benchmark.md.
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';
import { fixedCostFit, median, rotation } from '../server/sampler/benchStats';
import { configFromFlags, configFlagOptions, providerFlagOption, providerFromFlag } from '../server/sampler/cliFlags';
import { parseSamplerConfig, type SamplerConfig } from '../server/sampler/config';
import { onTransfer, type Transfer } from '../server/sampler/deviceBuffers';
import { fidelity } from '../server/sampler/fidelity';
import { closeModel, generate, loadModel, prepareRequest, presets, type GeneratedImage, type Model } from '../server/sampler/index';
import { idealSpeedup, rasPlan } from '../server/sampler/rasSchedule';

interface Variant {
  readonly name: string;
  readonly ratio: number;
  readonly mode: 'dense' | 'ras';
}

function options() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      repeats: { type: 'string', default: '5' },
      threads: { type: 'string' },
      ...providerFlagOption,
      workers: { type: 'string', default: '1' },
      compare: { type: 'string' },
      peer: { type: 'boolean', default: false },
      transfers: { type: 'boolean', default: false },
      preset: { type: 'string', default: 'sd3Example' },
      ratios: { type: 'string', default: '0.75,0.5,0.25,0.125' },
      prompt: { type: 'string' },
      seed: { type: 'string', default: '0' },
      ...configFlagOptions,
    },
  });
  if (!(values.preset! in presets)) throw new Error(`unknown --preset ${values.preset}`);
  providerFromFlag(values.provider);
  return values;
}

/** The demo study's first prompt when the model knows its words, else the vocabulary's first three words. */
function defaultPrompt(vocab: readonly string[], padId: number): string {
  const demo = 'red heart twemoji';
  return demo.split(' ').every((w) => vocab.includes(w)) ? demo : vocab.filter((_, i) => i !== padId).slice(0, 3).join(' ');
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

interface Measured {
  /** Per variant: wall and CPU ms of each repeat, in repeat order. */
  readonly ms: Record<string, number[]>;
  readonly cpu: Record<string, number[]>;
  readonly steps: { tokens: number; ms: number }[];
  /** Per step: step time − forward time (the sampler's own work). */
  readonly ownMs: number[];
}

/** Every variant on every model, `repeats` rounds; variants rotated each round, models alternating within it. */
async function measure(runs: ((v: Variant) => Promise<GeneratedImage>)[], variants: Variant[], repeats: number): Promise<Measured[]> {
  const out = runs.map(() => ({
    ms: Object.fromEntries(variants.map((v) => [v.name, [] as number[]])),
    cpu: Object.fromEntries(variants.map((v) => [v.name, [] as number[]])),
    steps: [] as { tokens: number; ms: number }[],
    ownMs: [] as number[],
  }));
  for (let rep = 0; rep < repeats; rep++) {
    for (const v of rotation(variants, rep)) {
      for (const k of rotation(runs.map((_, i) => i), rep)) {
        const img = await runs[k]!(v);
        const m = out[k]!;
        m.ms[v.name]!.push(img.ms);
        m.cpu[v.name]!.push(img.cpuMs);
        img.stepMs.forEach((t, i) => {
          m.steps.push({ tokens: img.schedule.activeTokens[i]!, ms: t });
          m.ownMs.push(t - img.forwardMs[i]!);
        });
      }
    }
  }
  return out;
}

/** The same benchmark in `count` more processes at once (each its own session), for the worker-pool setting. */
function startPeers(count: number): Promise<Measured[][]> {
  const args = process.argv.slice(2).filter((a, i, all) => a !== '--workers' && all[i - 1] !== '--workers' && !a.startsWith('--workers='));
  return Promise.all(
    Array.from({ length: count }, () => {
      const child = spawn(process.execPath, [...process.execArgv, __filename, ...args, '--peer'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      return new Promise<Measured[]>((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.slice(out.indexOf('['))) as Measured[]) : reject(new Error(`benchmark peer exited with ${code}`)))),
      );
    }),
  );
}

async function main(): Promise<void> {
  const o = options();
  const dir = o.model ?? DEFAULT_MODEL_DIR;
  const workers = Number(o.workers);
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers must be a positive integer, got ${o.workers}`);
  if (o.transfers) return transfers(o, dir);
  const peers = o.peer ? null : workers > 1 ? startPeers(workers - 1) : Promise.resolve([]);
  const open = (d: string) => loadModel(d, { threads: o.threads === undefined ? undefined : Number(o.threads), provider: providerFromFlag(o.provider), log: o.peer ? () => {} : undefined });
  const models = [await open(dir), ...(o.compare ? [await open(o.compare)] : [])];
  const model = models[0]!;
  const m = model.manifest;
  const preset = o.preset as keyof typeof presets;
  // Guidance is the model's (as in the platform's studies) unless a flag sets it; the preset brings the schedule.
  const base = { guidance_scale: m.defaults.guidance, ...configFromFlags(o) };
  const prompt = o.prompt ?? defaultPrompt(m.text.vocab, m.text.pad_id);
  const ratios = o.ratios!.split(',').map(Number);
  const repeats = Number(o.repeats);
  const variants: Variant[] = [{ name: 'dense', ratio: 1, mode: 'dense' }, ...ratios.map((r) => ({ name: `ras@${r}`, ratio: r, mode: 'ras' as const }))];
  const runner = (mdl: Model) => (v: Variant) => generate(mdl, { prompt, seed: Number(o.seed), preset, config: { ...base, sample_ratio: v.ratio } }, v.mode);
  const config = (r: number) => parseSamplerConfig({ ...base, sample_ratio: r }, { preset, model: m.defaults });
  try {
    const first = models.map(() => new Map<string, GeneratedImage>());
    for (const v of variants) for (const [k, mdl] of models.entries()) first[k]!.set(v.name, await runner(mdl)(v)); // warm-up, and the images for fidelity
    const own = await measure(models.map(runner), variants, repeats);
    if (!peers) {
      process.stdout.write(JSON.stringify(own));
      return;
    }
    const all = [own, ...(await peers)];
    const c = config(0.5);
    for (const [k, mdl] of models.entries()) {
      const mm = mdl.manifest;
      console.log(
        `${models.length > 1 ? `[${k + 1}/${models.length}, alternating image by image] ` : ''}` +
          `model ${mm.name} ${mm.model_version} (${mm.tokens} tokens, ${mm.layers} layers, width ${mm.hidden_size}, contract ${mm.contract_version}), ${mdl.provider}, ${mdl.threads} thread(s)` +
          `${workers > 1 ? ` × ${workers} benchmark processes at once (a worker pool; figures over all of them)` : ''}; ` +
          `preset ${preset}: ${c.num_inference_steps} steps, CFG ${c.guidance_scale}, prompt "${prompt}"; ${repeats} repeats, interleaved`,
      );
      report(all.map((w) => w[k]!), variants, first[k]!, mdl, config);
    }
  } finally {
    for (const mdl of models) await closeModel(mdl);
  }
}

function report(all: Measured[], variants: Variant[], first: Map<string, GeneratedImage>, model: Model, config: (r: number) => SamplerConfig): void {
  const m = model.manifest;
  const ms = (name: string) => all.flatMap((w) => w.ms[name]!);
  const stats = (name: string) => ({ ms: median(ms(name)), best: Math.min(...ms(name)), cpu: median(all.flatMap((w) => w.cpu[name]!)) });
  // per round of one process, dense time / RAS time of the same round (seconds apart), then the median over all
  const paired = (name: string) => median(all.flatMap((w) => w.ms[name]!.map((t, rep) => w.ms.dense![rep]! / t)));
  const d = stats('dense');
  const dense = first.get('dense')!;
  const fit = fixedCostFit(all.flatMap((w) => w.steps));
  const ownMs = median(all.flatMap((w) => w.ownMs));
  const g = model.geometry;
  const machine: string[] = [];
  const cols = (...c: (string | number)[]) => c.map((x, i) => (typeof x === 'number' ? fmt(x, i <= 2 ? 1 : 2) : x).padStart(i ? 9 : 10)).join(' ');
  console.log(cols('variant', 'median ms', 'best ms', 'speedup', 'paired', 'best-of', 'CPU spdup', 'ideal', 'of ideal', 'PSNR dB', 'SSIM'));
  console.log(cols('dense', d.ms, d.best));
  for (const v of variants.slice(1)) {
    const r = stats(v.name);
    const speedup = d.ms / r.ms;
    const ideal = idealSpeedup(rasPlan(config(v.ratio), m.tokens), v.ratio);
    const f = fidelity(first.get(v.name)!.rgb, dense.rgb, g.height, g.width, g.channels);
    console.log(cols(`ras ${v.ratio * 100}%`, r.ms, r.best, speedup, paired(v.name), d.best / r.best, d.cpu / r.cpu, ideal, speedup / ideal, f.psnr, fmt(f.ssim, 4)));
    machine.push(
      `speedup@${v.ratio}=${fmt(speedup)} ideal@${v.ratio}=${fmt(ideal)} frac@${v.ratio}=${fmt(speedup / ideal)} ` +
        `paired@${v.ratio}=${fmt(paired(v.name))} best@${v.ratio}=${fmt(d.best / r.best)} cpu@${v.ratio}=${fmt(d.cpu / r.cpu)} psnr@${v.ratio}=${fmt(f.psnr)} ssim@${v.ratio}=${fmt(f.ssim, 4)}`,
    );
  }
  const denseStep = fit.fixed + fit.perToken * m.tokens;
  console.log(
    `step time ≈ ${fmt(fit.fixed)} ms fixed + ${fmt(fit.perToken * 1000, 1)} µs per processed token (dense step ≈ ${fmt(denseStep, 1)} ms; fixed = ${fmt((100 * fit.fixed) / denseStep, 1)} % of it; fit over ${fit.points} token counts; of it the sampler's own work per step, median ${fmt(ownMs)} ms)`,
  );
  console.log(`${machine.join(' ')} dense_ms=${fmt(d.ms, 1)} fixed_ms=${fmt(fit.fixed)} own_ms=${fmt(ownMs)} per_token_us=${fmt(fit.perToken * 1000, 1)} threads=${model.threads} workers=${all.length}`);
}

/** Bytes per forward call between host and device: the first call of an image (dense), a dense step, a RAS step per
 * ratio, and the first call of a second image on the same session. */
async function transfers(o: ReturnType<typeof options>, dir: string): Promise<void> {
  const seen: Transfer[] = [];
  const stop = onTransfer((t) => seen.push(t));
  const provider = providerFromFlag(o.provider);
  const modes = provider === 'webgpu' || provider === undefined ? ['1', '0'] : ['1'];
  const rows: string[] = [];
  const kb = (b: number) => (b / 1024).toFixed(1);
  for (const mode of modes) {
    const saved = process.env.SAMPLER_DEVICE_CACHES;
    process.env.SAMPLER_DEVICE_CACHES = mode;
    const model = await loadModel(dir, { threads: o.threads === undefined ? undefined : Number(o.threads), provider });
    if (saved === undefined) delete process.env.SAMPLER_DEVICE_CACHES;
    else process.env.SAMPLER_DEVICE_CACHES = saved;
    try {
      const m = model.manifest;
      const prep = prepareRequest(m, { prompt: o.prompt ?? defaultPrompt(m.text.vocab, m.text.pad_id), seed: 0, preset: o.preset as keyof typeof presets });
      const B = prep.batch;
      const P = m.patch_size ** 2 * m.image.channels;
      const cache = model.session.newCache(B);
      const call = async (name: string, n: number, kv = cache) => {
        const active = Int32Array.from({ length: n }, (_, i) => Math.floor((i * m.tokens) / n));
        const xActive = Float32Array.from({ length: B * n * P }, (_, i) => Math.sin(i));
        const started = performance.now();
        await model.session.forward({ batch: B, active, xActive, timestep: 500, textIds: prep.textIds, textCount: prep.textCount }, kv);
        const t = seen.at(-1)!;
        const where = model.provider === 'cpu' ? 'host (CPU provider)' : t.deviceCaches ? 'device' : 'host, copied every call';
        rows.push(`| ${m.name} | ${model.provider} | ${where} | ${name} | ${n} | ${t.up} (${kb(t.up)} KiB) | ${t.down} (${kb(t.down)} KiB) | ${(performance.now() - started).toFixed(0)} |`);
      };
      await call('first call of an image (dense)', m.tokens);
      await call('dense step', m.tokens);
      for (const r of o.ratios!.split(',').map(Number)) await call(`RAS ${r * 100} % step`, Math.max(1, Math.round(m.tokens * r)));
      await call('first call of the next image (dense)', m.tokens, model.session.newCache(B));
    } finally {
      await closeModel(model);
    }
  }
  stop();
  console.log('| model | provider | caches | call | active tokens | host → device bytes | device → host bytes | ms |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
