/**
 * npm run eval:ras-diagnostic -- [--model models/emoji-dit-64] [--prompts 32] [--steps 5,7,10,15,30]
 *     [--ratios 0.75,0.5,0.25,0.125] [--preset sd3AuthorsRun] [--metric std|l2norm] [--selection-mode reference|paper] [--high-ratio h]
 *     [--out .data/eval/ras-diagnostic-<model>]
 *
 * Why RAS costs quality on a model (issue #16, item 4): on dense trajectories of the frontier's prompts, per
 * step count T and adjacent step pair, the persistence of the token ranking (NDCG as in the paper's Figure 4,
 * Spearman's ρ) and the share of the velocity change that falls outside the set RAS would keep (against a
 * random set and the best possible set), averaged over the steps that are selective in T's RAS schedule
 * (warm-up and resets scaled as the generation form does). Writes <out>/diagnostic.md and diagnostic.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { presets, type PresetName } from '../server/sampler/config';
import { guide } from '../server/sampler/guidance';
import { closeModel, loadModel, prepareRequest } from '../server/sampler/index';
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';
import { initialNoise } from '../server/sampler/noise';
import type { DitSession } from '../server/sampler/onnxModel';
import { densePlan } from '../server/sampler/rasSchedule';
import { sample } from '../server/sampler/sample';
import { flowMatchSigmas } from '../server/sampler/sigmas';
import { frontierGrid, parseList } from '../server/quality/frontierGrid';
import type { FrontierPrompt } from '../server/quality/frontierPrompts';
import { backgroundTokens, trajectoryDiagnostic, type StepDiagnostic } from '../server/quality/rasDiagnostic';

const { values: o } = parseArgs({
  options: {
    model: { type: 'string', default: DEFAULT_MODEL_DIR },
    'prompt-file': { type: 'string', default: 'models/emoji-dit-64/frontier-prompts.json' },
    prompts: { type: 'string', default: '32' },
    steps: { type: 'string', default: '5,7,10,15,30' },
    ratios: { type: 'string', default: '0.75,0.5,0.25,0.125' },
    preset: { type: 'string', default: 'sd3AuthorsRun' },
    threads: { type: 'string', default: '1' },
    metric: { type: 'string' },
    'selection-mode': { type: 'string', default: 'reference' },
    'high-ratio': { type: 'string' },
    out: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const preset = o.preset as PresetName;
  if (!(preset in presets)) throw new Error(`--preset must be one of ${Object.keys(presets).join(', ')}`);
  const stepsList = parseList(o.steps!);
  const ratios = parseList(o.ratios!);
  // the RAS schedule of each T (also refuses a bad grid, naming the point)
  const grid = frontierGrid({ dense: [], rasSteps: stepsList, ratios: [ratios[0]!], warmup: 'scaled', preset });
  const items = (JSON.parse(readFileSync(o['prompt-file']!, 'utf8')) as { prompts: FrontierPrompt[] }).prompts.slice(0, Number(o.prompts));
  const model = await loadModel(o.model!, { threads: Number(o.threads), log: () => {} });
  const m = model.manifest;
  const layout = { tokens: m.tokens, pixels: m.patch_size ** 2, channels: m.image.channels };
  const metric = (o.metric ?? presets[preset].metric) as 'std' | 'l2norm';
  const mode = o['selection-mode'] as 'reference' | 'paper';
  if (!['std', 'l2norm'].includes(metric) || !['reference', 'paper'].includes(mode)) throw new Error('--metric must be std or l2norm, --selection-mode reference or paper');
  const selection = { mode, metric, highRatio: o['high-ratio'] === undefined ? presets[preset].high_ratio : Number(o['high-ratio']), starvationScale: presets[preset].starvation_scale };
  const out = o.out ?? path.join('.data/eval', `ras-diagnostic-${path.basename(path.resolve(o.model!))}`);
  mkdirSync(out, { recursive: true });
  const perT = new Map<number, StepDiagnostic[]>();
  const curves = new Map<number, StepDiagnostic[][]>();
  const started = performance.now();
  for (const [k, item] of items.entries()) {
    for (const point of grid) {
      const T = point.steps;
      const velocities = await denseVelocities(model, item.caption, k, T, preset);
      const selective = new Set(Array.from({ length: T }, (_, i) => i).filter((i) => i >= point.warmup && !point.resets.includes(i)));
      const steps = trajectoryDiagnostic(velocities.v, layout, ratios, selection, backgroundTokens(velocities.x, layout), velocities.noise);
      perT.set(T, [...(perT.get(T) ?? []), ...steps.filter((s) => selective.has(s.step))]);
      curves.set(T, [...(curves.get(T) ?? []), steps]);
    }
    console.log(`[${k + 1}/${items.length}] ${item.caption} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await closeModel(model);
  const summary = summarize(perT, curves, ratios, grid.map((p) => ({ steps: p.steps, warmup: p.warmup, resets: p.resets })));
  writeFileSync(path.join(out, 'diagnostic.json'), JSON.stringify({ model: m.name, modelHash: model.modelHash, prompts: items.length, preset, selection, ...summary }, null, 1));
  const md = markdown(summary, ratios);
  writeFileSync(path.join(out, 'diagnostic.md'), md + '\n');
  console.log(`\n${md}\n\n${items.length} prompts, ${((performance.now() - started) / 60000).toFixed(1)} min; ${out}`);
}

/** The guided velocity of every step of a dense trajectory, and the final sample (token layout). */
async function denseVelocities(model: Awaited<ReturnType<typeof loadModel>>, prompt: string, seed: number, T: number, preset: PresetName) {
  const m = model.manifest;
  const prep = prepareRequest(m, { prompt, seed, preset, config: { guidance_scale: m.defaults.guidance, num_inference_steps: T, scheduler_start_step: 0, error_reset_steps: [] }, ignoreUnknownWords: true });
  const P = m.patch_size ** 2 * m.image.channels;
  const v: Float32Array[] = [];
  const recording: Pick<DitSession, 'forward' | 'newCache'> = {
    newCache: (b) => model.session.newCache(b),
    forward: async (input, cache) => {
      const r = await model.session.forward(input, cache);
      v.push(guide(r.vActive, prep.batch, input.active.length * P, prep.config.guidance_scale));
      return r;
    },
  };
  const g = model.geometry;
  const noise = initialNoise(seed, g);
  const res = await sample(recording, {
    noise,
    textIds: prep.textIds,
    textCount: prep.textCount,
    batch: prep.batch,
    guidance: prep.config.guidance_scale,
    sigmas: flowMatchSigmas(T, prep.config.shift, m.train_timesteps),
    plan: densePlan(T),
    selection: { mode: 'reference', metric: 'std', highRatio: 0.3, starvationScale: 0.1 },
    shape: { tokens: m.tokens, pixels: g.patch * g.patch, channels: g.channels },
  });
  return { v, x: res.state.x, noise };
}

type Summary = ReturnType<typeof summarize>;
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function summarize(perT: Map<number, StepDiagnostic[]>, curves: Map<number, StepDiagnostic[][]>, ratios: number[], schedules: { steps: number; warmup: number; resets: readonly number[] }[]) {
  const rows = [...perT].map(([T, s]) => ({
    steps: T,
    schedule: schedules.find((x) => x.steps === T)!,
    pairs: s.length,
    ndcg: avg(s.map((x) => x.ndcg)),
    ndcgRandom: avg(s.map((x) => x.ndcgRandom)),
    spearman: avg(s.map((x) => x.spearman)),
    noiseSpearman: avg(s.map((x) => x.noiseSpearman)),
    relativeChange: avg(s.map((x) => x.relativeChange)),
    outside: ratios.map((ratio, j) => ({
      ratio,
      share: avg(s.map((x) => x.outside[j]!.share)),
      oracle: avg(s.map((x) => x.outside[j]!.oracle)),
      random: avg(s.map((x) => x.outside[j]!.random)),
      previousChange: avg(s.map((x) => x.outside[j]!.previousChange).filter(Number.isFinite)),
      backgroundDropped: avg(s.map((x) => x.outside[j]!.backgroundDropped)),
    })),
  }));
  // the Figure 4 analogue: per step of each T, over prompts
  const figure4 = [...curves].map(([T, runs]) => ({
    steps: T,
    perStep: runs[0]!.map((_, i) => ({ step: i + 1, ndcg: avg(runs.map((r) => r[i]!.ndcg)), spearman: avg(runs.map((r) => r[i]!.spearman)), relativeChange: avg(runs.map((r) => r[i]!.relativeChange)) })),
  }));
  return { rows, figure4 };
}

function markdown(s: Summary, ratios: number[]): string {
  const pc = (x: number) => `${(x * 100).toFixed(0)} %`;
  const lines = [
    `| T | selective pairs | NDCG (random ranking) | Spearman ρ adjacent steps | ρ with the noise's metric | ‖Δv‖/‖v‖ | ${ratios.map((r) => `Δv² outside the kept set at ${r * 100} %: RAS / random / previous change / best`).join(' | ')} |`,
    `|---|---|---|---|---|---|${ratios.map(() => '---').join('|')}|`,
  ];
  for (const r of s.rows) {
    lines.push(
      `| ${r.steps} | ${r.pairs} | ${r.ndcg.toFixed(3)} (${r.ndcgRandom.toFixed(3)}) | ${r.spearman.toFixed(2)} | ${r.noiseSpearman.toFixed(2)} | ${r.relativeChange.toFixed(2)} | ` +
        r.outside.map((o) => `${pc(o.share)} / ${pc(o.random)} / ${pc(o.previousChange)} / ${pc(o.oracle)}`).join(' | ') + ' |',
    );
  }
  lines.push('', 'Per step (Figure 4 analogue): NDCG / Spearman ρ / ‖Δv‖/‖v‖ between step i−1 and step i:', '');
  for (const f of s.figure4) lines.push(`- T = ${f.steps}: ` + f.perStep.map((p) => `${p.step}: ${p.ndcg.toFixed(2)}/${p.spearman.toFixed(2)}/${p.relativeChange.toFixed(2)}`).join(', '));
  lines.push('', 'Dropped tokens that are white background: ' + s.rows.map((r) => `T = ${r.steps}: ${r.outside.map((o) => `${o.ratio * 100} % → ${pc(o.backgroundDropped)}`).join(', ')}`).join('; '));
  return lines.join('\n');
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
