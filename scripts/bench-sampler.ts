/**
 * npm run bench:sampler -- [--model models/emoji-dit-64] [--repeats 5] [--threads 2] [--preset sd3Example]  (guidance: the model's)
 *                          [--ratios 0.75,0.5,0.25,0.125] [--prompt "red heart"] [--seed 0] [sampler flags]
 * Dense vs RAS wall time per image on one ONNX session, variants interleaved (rotated order each repeat),
 * medians of the repeats. Prints per ratio: speedup (of the medians), the ideal speedup of the spec's cost model
 * T / (D + (T − D)·r), the fraction of ideal, PSNR/SSIM of RAS vs dense; beside them the paired speedup (median
 * over rounds of dense/RAS within a round), the best-of speedup (of the fastest repeats) and the CPU-time speedup (process CPU time, blind to time spent waiting for a busy CPU), which
 * a shared, noisy machine disturbs less; the fixed cost per step (intercept of step time against processed
 * tokens); and a last machine-readable line. Pause other heavy work while it runs.
 */
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';
import { parseArgs } from 'node:util';
import { fixedCostFit, median, rotation } from '../server/sampler/benchStats';
import { configFromFlags, configFlagOptions } from '../server/sampler/cliFlags';
import { parseSamplerConfig } from '../server/sampler/config';
import { fidelity } from '../server/sampler/fidelity';
import { closeModel, generate, loadModel, presets, type GeneratedImage } from '../server/sampler/index';
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
      preset: { type: 'string', default: 'sd3Example' },
      ratios: { type: 'string', default: '0.75,0.5,0.25,0.125' },
      prompt: { type: 'string' },
      seed: { type: 'string', default: '0' },
      ...configFlagOptions,
    },
  });
  if (!(values.preset! in presets)) throw new Error(`unknown --preset ${values.preset}`);
  return values;
}

/** The demo study's first prompt when the model knows its words, else the vocabulary's first three words. */
function defaultPrompt(vocab: readonly string[], padId: number): string {
  const demo = 'red heart twemoji';
  return demo.split(' ').every((w) => vocab.includes(w)) ? demo : vocab.filter((_, i) => i !== padId).slice(0, 3).join(' ');
}

const fmt = (x: number, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

async function main(): Promise<void> {
  const o = options();
  const dir = o.model ?? DEFAULT_MODEL_DIR;
  const model = await loadModel(dir, { threads: o.threads === undefined ? undefined : Number(o.threads) });
  const m = model.manifest;
  const preset = o.preset as keyof typeof presets;
  // Guidance is the model's (as in the platform's studies) unless a flag sets it; the preset brings the schedule.
  const base = { guidance_scale: m.defaults.guidance, ...configFromFlags(o) };
  const prompt = o.prompt ?? defaultPrompt(m.text.vocab, m.text.pad_id);
  const ratios = o.ratios!.split(',').map(Number);
  const repeats = Number(o.repeats);
  const variants: Variant[] = [{ name: 'dense', ratio: 1, mode: 'dense' }, ...ratios.map((r) => ({ name: `ras@${r}`, ratio: r, mode: 'ras' as const }))];
  const run = (v: Variant) => generate(model, { prompt, seed: Number(o.seed), preset, config: { ...base, sample_ratio: v.ratio } }, v.mode);
  const config = (r: number) => parseSamplerConfig({ ...base, sample_ratio: r }, { preset, model: m.defaults });
  const c = config(0.5);
  console.log(
    `model ${m.name} (${m.tokens} tokens, ${m.layers} layers, width ${m.hidden_size}), ${model.provider}, ${model.threads} thread(s); ` +
      `preset ${preset}: ${c.num_inference_steps} steps, CFG ${c.guidance_scale}, prompt "${prompt}"; ${repeats} repeats, interleaved`,
  );
  try {
    const first = new Map<string, GeneratedImage>();
    for (const v of variants) first.set(v.name, await run(v)); // warm-up, and the images for fidelity
    const ms = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    const cpu = new Map<string, number[]>(variants.map((v) => [v.name, []]));
    const steps: { tokens: number; ms: number }[] = [];
    const ownMs: number[] = []; // per step: step time − forward time (the sampler's own work)
    for (let rep = 0; rep < repeats; rep++) {
      for (const v of rotation(variants, rep)) {
        const img = await run(v);
        ms.get(v.name)!.push(img.ms);
        cpu.get(v.name)!.push(img.cpuMs);
        img.stepMs.forEach((t, i) => {
          steps.push({ tokens: img.schedule.activeTokens[i]!, ms: t });
          ownMs.push(t - img.forwardMs[i]!);
        });
      }
    }
    const stats = (name: string) => ({ ms: median(ms.get(name)!), best: Math.min(...ms.get(name)!), cpu: median(cpu.get(name)!) });
    // per round, dense time / RAS time of the same round (the two ran seconds apart), then the median over rounds
    const paired = (name: string) => median(ms.get(name)!.map((t, rep) => ms.get('dense')![rep]! / t));
    const d = stats('dense');
    const dense = first.get('dense')!;
    const fit = fixedCostFit(steps);
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
      `step time ≈ ${fmt(fit.fixed)} ms fixed + ${fmt(fit.perToken * 1000, 1)} µs per processed token (dense step ≈ ${fmt(denseStep, 1)} ms; fixed = ${fmt((100 * fit.fixed) / denseStep, 1)} % of it; fit over ${fit.points} token counts; of it the sampler's own work per step, median ${fmt(median(ownMs))} ms)`,
    );
    console.log(`${machine.join(' ')} dense_ms=${fmt(d.ms, 1)} fixed_ms=${fmt(fit.fixed)} own_ms=${fmt(median(ownMs))} per_token_us=${fmt(fit.perToken * 1000, 1)}`);
  } finally {
    await closeModel(model);
  }
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
