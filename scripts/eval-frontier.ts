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
import { FrontierGridError } from '../server/quality/frontierGrid';
import { runFrontier } from './lib/evalFrontier';

runFrontier(process.argv.slice(2)).catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(e instanceof FrontierGridError ? 2 : 1);
});
