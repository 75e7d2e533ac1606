/**
 * npm run eval:model -- [--model models/emoji-dit-64] [--classifier models/emoji-classifier]
 *     [--data .devcarry/emoji64] [--split train|heldout] [--prompts 300] [--ratios 0.75,0.5,0.25,0.125]
 *     [--calibrate 4] [--dense-only] [--threads 2] [--out .data/eval/<model>-<split>]
 *
 * Quality and speed of a RAS DiT on the emoji data set, the analogue of the paper's Table 2. For a seeded,
 * subgroup-stratified sample of captions it generates, per caption and seed: dense at the model's step count
 * (SD3 example schedule, the model's guidance), RAS at each ratio, and dense with fewer steps matched to each
 * RAS setting's measured wall time (from a calibration on the first prompts). The emoji classifier scores every
 * image: top-1/top-5 recognition of the caption's subgroup and a Fréchet distance of its features to the real
 * images'; RAS and fewer-step images are compared to the dense image (PSNR/SSIM). The real images of the same
 * captions are scored the same way for reference. Results are appended per prompt to <out>/results.jsonl, so
 * an interrupted run resumes; the table goes to <out>/table.md and summary.json, its figures to the last line.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, rotation } from '../server/sampler/benchStats';
import { fidelity } from '../server/sampler/fidelity';
import { closeModel, generate, loadModel, type GeneratedImage, type Model, type SamplerConfigInput } from '../server/sampler/index';
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';
import { providerFlagOption, providerFromFlag } from '../server/sampler/cliFlags';
import { DEFAULT_CLASSIFIER_DIR, loadClassifier, type Classifier } from '../server/quality/classifier';
import { loadEmojiDataset } from '../server/quality/dataset';
import { pickEvalSet, type EvalItem } from '../server/quality/evalSet';
import { evalTable, tableLine, tableMarkdown, type PromptResult, type RealRow, type SettingSpec } from '../server/quality/evalTable';
import { fitGaussian, frechetDistance } from '../server/quality/frechet';
import { inTopK, topKAccuracy } from '../server/quality/recognition';

function options() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      classifier: { type: 'string', default: DEFAULT_CLASSIFIER_DIR },
      data: { type: 'string', default: '.devcarry/emoji64' },
      split: { type: 'string', default: 'train' },
      prompts: { type: 'string', default: '300' },
      ratios: { type: 'string', default: '0.75,0.5,0.25,0.125' },
      calibrate: { type: 'string', default: '4' },
      'dense-only': { type: 'boolean', default: false },
      threads: { type: 'string' },
      ...providerFlagOption,
      seed: { type: 'string', default: '0' },
      out: { type: 'string' },
    },
  });
  const split = values.split === 'train' ? 0 : values.split === 'heldout' ? 1 : NaN;
  if (Number.isNaN(split)) throw new Error(`--split must be train or heldout, got ${values.split}`);
  const count = Number(values.prompts);
  if (!Number.isInteger(count) || count < 2) throw new Error(`--prompts must be an integer ≥ 2, got ${values.prompts}`);
  const ratios = values.ratios!.split(',').map(Number);
  if (ratios.some((r) => !(r > 0 && r <= 1))) throw new Error(`--ratios must be numbers in (0, 1], got ${values.ratios}`);
  const calibrate = Number(values.calibrate);
  if (!Number.isInteger(calibrate) || calibrate < 1) throw new Error(`--calibrate must be a positive integer`);
  const out = values.out ?? path.join('.data/eval', `${path.basename(path.resolve(values.model!))}-${values.split}`);
  return { ...values, splitIndex: split, count, ratios, calibrate, out, seed: Number(values.seed) };
}

type Options = ReturnType<typeof options>;
const percent = (r: number) => `${Math.round(r * 1000) / 10} %`;

async function main(): Promise<void> {
  const o = options();
  mkdirSync(o.out, { recursive: true });
  const data = loadEmojiDataset(o.data!);
  const classifier = await loadClassifier(o.classifier, 1);
  if (classifier.labels.join() !== data.labelNames.join()) throw new Error('the classifier and the data set name different subgroups');
  const items = pickEvalSet({ captions: data.captions, labels: data.label, split: data.split }, { split: o.splitIndex, count: o.count, seed: o.seed });
  console.log(`${items.length} captions from the ${o.split} split over ${new Set(items.map((i) => i.label)).size} subgroups; results in ${o.out}`);

  const real = await scoreReal(classifier, data, items);
  console.log(`real images: top-1 ${percent(real.top1)}, top-5 ${percent(real.top5)}, Fréchet distance to all real images ${real.frechet.toFixed(2)}`);

  const model = await loadModel(o.model!, { threads: o.threads === undefined ? undefined : Number(o.threads), provider: providerFromFlag(o.provider) });
  const m = model.manifest;
  const base: SamplerConfigInput = { guidance_scale: m.defaults.guidance };
  const denseSteps = m.defaults.steps;
  const settings = await settingsFor(o, model, items, base, denseSteps);
  writeFileSync(path.join(o.out, 'settings.json'), JSON.stringify({ model: m.name, modelHash: model.modelHash, settings }, null, 1));

  const resultsFile = path.join(o.out, 'results.jsonl');
  const done = new Map<number, PromptResult>();
  if (existsSync(resultsFile)) {
    for (const line of readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(line) as PromptResult;
      if (settings.every((s) => r.results.some((x) => x.setting === s.name))) done.set(r.index, r);
    }
    if (done.size) console.log(`resuming: ${done.size} prompts already done`);
  }
  const started = performance.now();
  let made = 0;
  for (const [i, item] of items.entries()) {
    if (done.has(item.index)) continue;
    const result = await evaluatePrompt(model, classifier, item, settings, base, o.seed * 100_000 + item.index, o.splitIndex === 1, i);
    appendFileSync(resultsFile, JSON.stringify(result) + '\n');
    done.set(item.index, result);
    made++;
    const perPrompt = (performance.now() - started) / made;
    const left = items.length - done.size;
    console.log(`[${done.size}/${items.length}] ${item.caption}: ${result.results.map((r) => `${r.setting} ${r.top5 ? '✓' : '·'}`).join(' ')}  (${(perPrompt / 1000).toFixed(1)} s/prompt, ~${Math.round((left * perPrompt) / 60000)} min left)`);
  }
  await closeModel(model);
  await classifier.dispose();

  const prompts = items.map((it) => done.get(it.index)!);
  const rows = evalTable(settings, prompts, classifier.reference);
  const table = tableMarkdown(rows, real);
  const header = `Model ${m.name} (${model.modelHash.slice(0, 12)}), ${items.length} captions (${o.split} split, stratified by subgroup), one seed each; ` +
    `SD3 example schedule, guidance ${m.defaults.guidance}, ${model.provider} with ${model.threads} thread(s). Speedup: median over prompts of dense time / setting time.`;
  writeFileSync(path.join(o.out, 'table.md'), `${header}\n\n${table}\n`);
  writeFileSync(path.join(o.out, 'summary.json'), JSON.stringify({ model: m.name, modelHash: model.modelHash, split: o.split, prompts: items.length, real, rows }, null, 1));
  console.log(`\n${header}\n\n${table}\n`);
  const dense = rows[0]!;
  console.log(`recognition (top-5): dense ${percent(dense.top5)} vs real ${percent(real.top5)} → ratio ${(dense.top5 / real.top5).toFixed(3)} (bar: ≥ 0.667)`);
  console.log(tableLine(rows, real));
}

async function scoreReal(classifier: Classifier, data: ReturnType<typeof loadEmojiDataset>, items: readonly EvalItem[]): Promise<RealRow> {
  const px = data.size * data.size * 3;
  const rgb = new Uint8Array(items.length * px);
  items.forEach((it, j) => rgb.set(data.images.subarray(it.index * px, (it.index + 1) * px), j * px));
  const { logits, features } = await classifier.classify(rgb, items.length);
  const K = classifier.labels.length;
  const F = classifier.featureSize;
  const labels = items.map((it) => it.label);
  const feats = items.map((_, j) => features.subarray(j * F, (j + 1) * F));
  return {
    prompts: items.length,
    top1: topKAccuracy(logits, K, labels, 1),
    top5: topKAccuracy(logits, K, labels, 5),
    frechet: frechetDistance(fitGaussian(feats), classifier.reference),
  };
}

/** Dense at the model's steps, RAS per ratio, and dense with fewer steps matched to each RAS setting's measured time. */
async function settingsFor(o: Options, model: Model, items: readonly EvalItem[], base: SamplerConfigInput, denseSteps: number): Promise<SettingSpec[]> {
  const dense: SettingSpec = { name: `dense ${denseSteps} steps`, mode: 'dense', steps: denseSteps };
  if (o['dense-only']) return [dense];
  const ras: SettingSpec[] = o.ratios.map((r) => ({ name: `RAS ${percent(r)}`, mode: 'ras', steps: denseSteps, ratio: r }));
  const calibrationFile = path.join(o.out, 'calibration.json');
  let times: Record<string, number[]>;
  if (existsSync(calibrationFile)) {
    times = JSON.parse(readFileSync(calibrationFile, 'utf8')).times;
    console.log(`calibration read from ${calibrationFile}`);
  } else {
    times = {};
    const variants = [dense, ...ras];
    for (let round = 0; round < o.calibrate; round++) {
      const item = items[round % items.length]!;
      for (const v of rotation(variants, round)) {
        const image = await generate(model, request(item, v, base, 0, o.splitIndex === 1), v.mode);
        (times[v.name] ??= []).push(image.ms);
      }
    }
  }
  const denseMs = median(times[dense.name]!);
  const matched: SettingSpec[] = [];
  for (const r of ras) {
    const steps = Math.max(1, Math.round((denseSteps * median(times[r.name]!)) / denseMs));
    if (!matched.some((x) => x.steps === steps)) matched.push({ name: `dense ${steps} steps`, mode: 'dense', steps });
  }
  writeFileSync(calibrationFile, JSON.stringify({ times, denseMs, matched }, null, 1));
  console.log(`calibration (${o.calibrate} rounds): dense ${denseMs.toFixed(0)} ms; ${ras.map((r) => `${r.name} ${median(times[r.name]!).toFixed(0)} ms`).join(', ')} → ${matched.map((x) => x.name).join(', ')}`);
  return [dense, ...ras, ...matched.filter((x) => x.steps !== denseSteps)];
}

/** A fewer-step dense run keeps only the step count (no warm-up or reset steps: it has no selective steps). */
function request(item: EvalItem, spec: SettingSpec, base: SamplerConfigInput, seed: number, ignoreUnknownWords: boolean) {
  const config: SamplerConfigInput =
    spec.mode === 'ras'
      ? { ...base, sample_ratio: spec.ratio }
      : { ...base, num_inference_steps: spec.steps, error_reset_steps: [], scheduler_start_step: 0 };
  return { prompt: item.caption, seed, preset: 'sd3Example' as const, config, ignoreUnknownWords };
}

async function evaluatePrompt(
  model: Model,
  classifier: Classifier,
  item: EvalItem,
  settings: readonly SettingSpec[],
  base: SamplerConfigInput,
  seed: number,
  ignoreUnknownWords: boolean,
  round: number,
): Promise<PromptResult> {
  const images = new Map<string, GeneratedImage>();
  for (const spec of rotation(settings, round)) images.set(spec.name, await generate(model, request(item, spec, base, seed, ignoreUnknownWords), spec.mode));
  const ordered = settings.map((s) => images.get(s.name)!);
  const px = ordered[0]!.rgb.length;
  const rgb = new Uint8Array(ordered.length * px);
  ordered.forEach((img, j) => rgb.set(img.rgb, j * px));
  const { logits, features } = await classifier.classify(rgb, ordered.length);
  const K = classifier.labels.length;
  const F = classifier.featureSize;
  const dense = ordered[0]!;
  return {
    index: item.index,
    caption: item.caption,
    label: item.label,
    seed,
    results: settings.map((spec, j) => {
      const img = ordered[j]!;
      const scores = logits.subarray(j * K, (j + 1) * K);
      const fid = j === 0 ? undefined : fidelity(img.rgb, dense.rgb, img.height, img.width, 3);
      return {
        setting: spec.name,
        ms: Math.round(img.ms * 10) / 10,
        top1: inTopK(scores, item.label, 1),
        top5: inTopK(scores, item.label, 5),
        features: Array.from(features.subarray(j * F, (j + 1) * F), (x) => Math.round(x * 1e5) / 1e5),
        ...(fid && { psnr: Math.round(fid.psnr * 1000) / 1000, ssim: Math.round(fid.ssim * 10000) / 10000 }),
      };
    }),
  };
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
