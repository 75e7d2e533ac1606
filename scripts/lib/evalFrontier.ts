/**
 * npm run eval:frontier -- [--quick] [--prompts 200] [--model models/emoji-dit-64] [--classifier models/emoji-classifier]
 *     [--prompt-file models/emoji-dit-64/frontier-prompts.json] [--dense 3,4,…] [--ras-steps 5,6,…]
 *     [--ratios 0.75,0.5,0.25,0.125] [--warmup scaled|N] [--preset sd3AuthorsRun] [--threads 1]
 *     [--bootstrap 1000] [--max-minutes M] [--report-only] [--out .data/eval/frontier-<model>]
 *
 * The paper's efficiency frontier (Figure 2(c)(d), Table 2) on a RAS DiT: dense sampling at 3 … 30 steps and
 * RAS at 5 … 30 total steps × 75/50/25/12.5 %, every point made for every prompt on one single-threaded
 * session in a rotated order, its throughput measured from the images' own timed sampling loops. Quality per
 * point: Fréchet distance of the classifier's features to all real images, top-1/top-5 recognition of the
 * prompt's subgroup, and the classifier's probability of that subgroup (the CLIP score's role); intervals are
 * bootstrap over prompts. Results are appended per prompt to <out>/results.jsonl (an interrupted run resumes;
 * --max-minutes stops after the prompt that crosses the limit and reports on the prompts done). Writes
 * <out>/table.md, summary.json, frontier.svg/png; the last line printed is the summary as JSON.
 * --quick: the smoke grid (dense 3, 5, 10; RAS 5, 10 × 50/25 %) on 6 prompts.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { presets, type PresetName } from '../../server/sampler/config';
import { closeModel, loadModel, type Model } from '../../server/sampler/index';
import { DEFAULT_MODEL_DIR } from '../../server/sampler/manifest';
import { providerFlagOption, providerFromFlag } from '../../server/sampler/cliFlags';
import { DEFAULT_CLASSIFIER_DIR, loadClassifier } from '../../server/quality/classifier';
import { PAPER_GRID, QUICK_GRID, frontierGrid, parseList, type FrontierPoint } from '../../server/quality/frontierGrid';
import type { FrontierPrompt } from '../../server/quality/frontierPrompts';
import { runPrompt, type FrontierPromptResult } from '../../server/quality/frontierRun';
import { frontierReport, reportMarkdown, type FrontierReport } from '../../server/quality/frontierReport';
import { frontierSvg, svgToPng } from '../../server/quality/frontierPlot';

export const DEFAULT_PROMPT_FILE = 'models/emoji-dit-64/frontier-prompts.json';

function options(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      classifier: { type: 'string', default: DEFAULT_CLASSIFIER_DIR },
      'prompt-file': { type: 'string', default: DEFAULT_PROMPT_FILE },
      prompts: { type: 'string' },
      dense: { type: 'string' },
      'ras-steps': { type: 'string' },
      ratios: { type: 'string' },
      warmup: { type: 'string', default: 'scaled' },
      preset: { type: 'string', default: 'sd3AuthorsRun' },
      threads: { type: 'string', default: '1' },
      ...providerFlagOption,
      seed: { type: 'string', default: '0' },
      bootstrap: { type: 'string' },
      'max-minutes': { type: 'string' },
      'report-only': { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  const grid = values.quick ? QUICK_GRID : PAPER_GRID;
  const preset = values.preset as PresetName;
  if (!(preset in presets)) throw new Error(`--preset must be one of ${Object.keys(presets).join(', ')}, got ${values.preset}`);
  const warmup = values.warmup === 'scaled' ? ('scaled' as const) : Number(values.warmup);
  const points = frontierGrid({
    dense: values.dense ? parseList(values.dense) : grid.dense,
    rasSteps: values['ras-steps'] ? parseList(values['ras-steps']) : grid.rasSteps,
    ratios: values.ratios ? parseList(values.ratios) : grid.ratios,
    warmup,
    preset,
  });
  const count = Number(values.prompts ?? (values.quick ? 6 : 200));
  if (!Number.isInteger(count) || count < 2) throw new Error(`--prompts must be an integer ≥ 2, got ${values.prompts}`);
  const bootstrap = Number(values.bootstrap ?? (values.quick ? 100 : 1000));
  if (!Number.isInteger(bootstrap) || bootstrap < 10) throw new Error(`--bootstrap must be an integer ≥ 10`);
  const maxMinutes = values['max-minutes'] === undefined ? Infinity : Number(values['max-minutes']);
  const out = values.out ?? path.join('.data/eval', `frontier-${path.basename(path.resolve(values.model!))}${values.quick ? '-quick' : ''}`);
  return { ...values, points, count, bootstrap, maxMinutes, out, preset, warmup, threads: Number(values.threads), seed: Number(values.seed) };
}

export interface FrontierHooks {
  readonly log?: (line: string) => void;
  /** Tests: change the model after loading (e.g. a session with a known extra cost per forward). */
  readonly wrapModel?: (model: Model) => Model;
}

export async function runFrontier(argv: string[], hooks: FrontierHooks = {}): Promise<FrontierOutcome> {
  const log = hooks.log ?? console.log;
  const o = options(argv);
  mkdirSync(o.out, { recursive: true });
  const promptFile = JSON.parse(readFileSync(o['prompt-file']!, 'utf8')) as { labels: string[]; prompts: FrontierPrompt[] };
  const items = promptFile.prompts.slice(0, o.count);
  if (items.length < o.count) log(`only ${items.length} prompts in ${o['prompt-file']}`);
  const classifier = await loadClassifier(o.classifier, 1);
  if (classifier.labels.join() !== promptFile.labels.join()) throw new Error(`${o['prompt-file']} and the classifier name different subgroups`);
  const loaded = await loadModel(o.model!, { threads: o.threads, provider: providerFromFlag(o.provider), log: () => {} });
  const model = hooks.wrapModel ? hooks.wrapModel(loaded) : loaded;
  const m = model.manifest;
  const reference = o.points.find((p) => p.method === 'dense' && p.steps === m.defaults.steps)?.name;
  const ctx = { model, classifier, points: o.points, base: { guidance_scale: m.defaults.guidance }, preset: o.preset, reference, ignoreUnknownWords: true };
  const resultsFile = path.join(o.out, 'results.jsonl');
  const done = readDone(resultsFile, o.points);
  const started = performance.now();
  try {
    if (!o['report-only']) {
      log(`${o.points.length} points (${o.points.filter((p) => p.method === 'ras').length} RAS), ${items.length} prompts, ${o.preset}, warm-up ${o.warmup}; ${done.size} prompts already done; results in ${o.out}`);
      if (done.size < items.length) await runPrompt(ctx, items[0]!, 0, 0); // warm the session up; not recorded
      let made = 0;
      for (const [i, item] of items.entries()) {
        if (done.has(item.index)) continue;
        if ((performance.now() - started) / 60_000 > o.maxMinutes) {
          log(`--max-minutes ${o.maxMinutes} reached: stopping with ${done.size} of ${items.length} prompts`);
          break;
        }
        const result = await runPrompt(ctx, item, o.seed * 100_000 + item.index, i);
        appendFileSync(resultsFile, JSON.stringify({ ...result, model: `${m.model_version} ${model.modelHash.slice(0, 12)}` }) + '\n');
        done.set(item.index, result);
        made++;
        const perPrompt = (performance.now() - started) / made;
        log(`[${done.size}/${items.length}] ${item.caption}: ${(perPrompt / 1000).toFixed(1)} s/prompt, ~${Math.round(((items.length - done.size) * perPrompt) / 60000)} min left`);
      }
    }
  } finally {
    await closeModel(loaded);
  }
  const results = items.map((it) => done.get(it.index)).filter((r): r is FrontierPromptResult => r !== undefined);
  const report = frontierReport(o.points, results, classifier.reference, { replicates: o.bootstrap, seed: o.seed });
  await classifier.dispose();
  const wallMinutes = (performance.now() - started) / 60_000;
  const header =
    `Model ${m.name} ${m.model_version} (${model.modelHash.slice(0, 12)}), ${results.length} prompts ("<emoji name> twemoji|noto"), one seed each; ` +
    `preset ${o.preset}, guidance ${m.defaults.guidance}, warm-up ${o.warmup === 'scaled' ? "and resets scaled as the generation form does" : o.warmup}; ` +
    `${model.provider} with ${model.threads} thread(s), all points of a prompt made in one rotated sequence; throughput = 1 / median over prompts of the sampling loop's measured time; ${o.bootstrap} bootstrap replicates over prompts (Fréchet distance: ${Math.min(o.bootstrap, 200)}, the spread around the median placed at the estimate).`;
  writeFileSync(path.join(o.out, 'table.md'), `${header}\n\n${reportMarkdown(report)}\n`);
  const svg = frontierSvg(report, { title: `${m.name}: quality vs measured throughput (${results.length} prompts)` });
  writeFileSync(path.join(o.out, 'frontier.svg'), svg);
  await svgToPng(svg, path.join(o.out, 'frontier.png'));
  const summary = { model: m.name, modelVersion: m.model_version, modelHash: model.modelHash, preset: o.preset, prompts: results.length, wallMinutes, report };
  writeFileSync(path.join(o.out, 'summary.json'), JSON.stringify(summary, null, 1));
  log(`\n${header}\n\n${reportMarkdown(report)}\n`);
  log(JSON.stringify({ prompts: results.length, points: report.rows.length, wallMinutes: Math.round(wallMinutes * 10) / 10, out: o.out, finding: report.finding.sentence }));
  return { report, summary, out: o.out };
}

export interface FrontierOutcome {
  readonly report: FrontierReport;
  readonly summary: { prompts: number; wallMinutes: number; preset: string; modelHash: string };
  readonly out: string;
}

function readDone(file: string, points: readonly FrontierPoint[]): Map<number, FrontierPromptResult> {
  const done = new Map<number, FrontierPromptResult>();
  if (!existsSync(file)) return done;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(line) as FrontierPromptResult;
    if (points.every((p) => r.results.some((x) => x.point === p.name))) done.set(r.index, { ...r, results: points.map((p) => r.results.find((x) => x.point === p.name)!) });
  }
  return done;
}
