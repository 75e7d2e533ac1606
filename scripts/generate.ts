/**
 * npm run generate -- [--model models/emoji-dit-64] --prompt "red heart twemoji" [--prompt …] [--seed 42] [--preset sd3Example]
 *                     [--steps 28] [--guidance 7] [--ratio 0.5] [--error_reset_steps 12,20] [… reference RAS flags]
 *                     [--out .data/generate/<time>] [--threads 2] [--provider auto|cpu|cuda|webgpu] [--ignore-unknown]
 * Writes, per prompt, <n>-dense.png and <n>-ras.png, and result.json: the exact configuration, the model hash,
 * the execution provider, timings per image and per step, tokens per step, and the RAS image's PSNR/SSIM
 * against the dense one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { configFromFlags, configFlagOptions, providerFlagOption, providerFromFlag } from '../server/sampler/cliFlags';
import { closeModel, encodePng, generatePair, loadManifest, openModel, prepareRequest, presets, type GeneratedImage } from '../server/sampler/index';
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';

const USAGE = 'usage: npm run generate -- --model <dir> --prompt <text> [--prompt <text> …] [--seed N] [--preset sd3Example|luminaExample|referenceDefaults] [sampler flags] [--out dir]';

function options() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: DEFAULT_MODEL_DIR },
      prompt: { type: 'string', multiple: true },
      seed: { type: 'string', default: '0' },
      preset: { type: 'string' },
      out: { type: 'string' },
      threads: { type: 'string' },
      ...providerFlagOption,
      'ignore-unknown': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      ...configFlagOptions,
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.prompt?.length) throw new Error(`no --prompt given\n${USAGE}`);
  if (values.preset !== undefined && !(values.preset in presets)) throw new Error(`unknown --preset ${values.preset}; one of ${Object.keys(presets).join(', ')}`);
  providerFromFlag(values.provider);
  return values;
}

const summary = (img: GeneratedImage, file: string) => ({
  file,
  ms: round(img.ms),
  step_ms: img.stepMs.map(round),
  active_tokens: img.schedule.activeTokens,
});
const round = (x: number) => Math.round(x * 1000) / 1000;

async function main(): Promise<void> {
  const o = options();
  const seed = Number(o.seed);
  const config = configFromFlags(o);
  const preset = o.preset as keyof typeof presets | undefined;
  const loaded = loadManifest(o.model!);
  const requests = o.prompt!.map((prompt) => ({ prompt, seed, config, preset, ignoreUnknownWords: o['ignore-unknown'] }));
  const prepared = requests.map((r) => prepareRequest(loaded.manifest, r)); // every request checked before any compute
  const model = await openModel(loaded, {
    provider: providerFromFlag(o.provider),
    threads: o.threads === undefined ? undefined : Number(o.threads),
  });
  try {
    const outDir = o.out ?? path.join('.data', 'generate', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(outDir, { recursive: true });
    const images = [];
    for (const [i, request] of requests.entries()) {
      const pair = await generatePair(model, request);
      const files = { dense: `${i}-dense.png`, ras: `${i}-ras.png` };
      writeFileSync(path.join(outDir, files.dense), await encodePng(pair.dense.rgb, pair.dense.width, pair.dense.height));
      writeFileSync(path.join(outDir, files.ras), await encodePng(pair.ras.rgb, pair.ras.width, pair.ras.height));
      images.push({
        prompt: request.prompt,
        words: pair.ras.words,
        unknown_words: pair.ras.unknownWords,
        truncated_words: pair.ras.truncatedWords,
        seed,
        dense: summary(pair.dense, files.dense),
        ras: summary(pair.ras, files.ras),
        fidelity: { psnr: round(pair.fidelity.psnr), ssim: round(pair.fidelity.ssim) },
      });
      console.log(
        `[${i}] "${request.prompt}" seed ${seed}: dense ${pair.dense.ms.toFixed(0)} ms, RAS ${pair.ras.ms.toFixed(0)} ms, ` +
          `PSNR ${pair.fidelity.psnr.toFixed(2)} dB, SSIM ${pair.fidelity.ssim.toFixed(4)}`,
      );
    }
    const result = {
      model: { dir: model.dir, name: model.manifest.name, version: model.manifest.model_version, sha256: model.modelHash, patch_size: model.manifest.patch_size, tokens: model.manifest.tokens },
      provider: model.provider,
      adapter: model.adapter,
      graph: model.graph,
      threads: model.threads,
      preset: preset ?? null,
      config: prepared[0]!.config,
      images,
    };
    writeFileSync(path.join(outDir, 'result.json'), JSON.stringify(result, null, 1) + '\n');
    console.log(`wrote ${outDir}/result.json`);
  } finally {
    await closeModel(model);
  }
}

main().catch((e: Error) => {
  console.error(`error: ${e.message}`);
  process.exit(1);
});
