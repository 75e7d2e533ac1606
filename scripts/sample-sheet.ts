// The README's sample sheet: dense and RAS images of the default model side by side, with their figures.
// npm run sample-sheet -- [--model models/emoji-dit-64] [--seed 1] [--ratios 0.5,0.25] [--out docs/samples]
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEMO_PROMPTS } from '../server/generation/demo';
import { closeModel, generate, loadModel } from '../server/sampler';
import { fidelity } from '../server/sampler/fidelity';
import { DEFAULT_MODEL_DIR } from '../server/sampler/manifest';

const SCALE = 2;

async function main() {
  const { values } = parseArgs({
    options: { model: { type: 'string', default: DEFAULT_MODEL_DIR }, seed: { type: 'string', default: '1' }, ratios: { type: 'string', default: '0.5,0.25' }, out: { type: 'string', default: 'docs/samples' } },
  });
  const ratios = values.ratios!.split(',').map(Number);
  const model = await loadModel(values.model!);
  const size = model.geometry.width * SCALE;
  const tiles: { input: Buffer; left: number; top: number }[] = [];
  const lines = ['| # | prompt | dense ms | ' + ratios.map((r) => `RAS ${r * 100} %: ms · speedup · PSNR · SSIM`).join(' | ') + ' |', `|---|---|---|${ratios.map(() => '---').join('|')}|`];
  for (const [row, prompt] of DEMO_PROMPTS.entries()) {
    const request = { prompt, seed: Number(values.seed), preset: 'sd3Example' as const, config: { guidance_scale: model.manifest.defaults.guidance } };
    const dense = await generate(model, request, 'dense');
    const images = [dense.rgb];
    const cells: string[] = [];
    for (const ratio of ratios) {
      const ras = await generate(model, { ...request, config: { ...request.config, sample_ratio: ratio } }, 'ras');
      const f = fidelity(ras.rgb, dense.rgb, ras.height, ras.width, 3);
      images.push(ras.rgb);
      cells.push(`${ras.ms.toFixed(0)} · ${(dense.ms / ras.ms).toFixed(2)}× · ${f.psnr.toFixed(1)} dB · ${f.ssim.toFixed(3)}`);
    }
    for (const [col, rgb] of images.entries()) {
      const input = await sharp(rgb, { raw: { width: dense.width, height: dense.height, channels: 3 } }).resize(size, size, { kernel: 'nearest' }).png().toBuffer();
      tiles.push({ input, left: col * (size + 8), top: row * (size + 8) });
    }
    lines.push(`| ${row + 1} | ${prompt} | ${dense.ms.toFixed(0)} | ${cells.join(' | ')} |`);
    console.log(lines.at(-1));
  }
  await closeModel(model);
  fs.mkdirSync(values.out!, { recursive: true });
  const width = (ratios.length + 1) * (size + 8) - 8;
  const height = DEMO_PROMPTS.length * (size + 8) - 8;
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } }).composite(tiles).png().toFile(path.join(values.out!, 'sheet.png'));
  const doc = [
    '# Sample sheet: the default model, dense and RAS',
    '',
    `Model \`${values.model}\` (${model.manifest.name}, hash ${model.modelHash.slice(0, 12)}…), seed ${values.seed}, SD3 example schedule (28 steps, warm-up 4, resets 12 and 20), guidance ${model.manifest.defaults.guidance}, CPU.`,
    `Columns: dense, then RAS at ${ratios.map((r) => `${r * 100} %`).join(', ')}. Rows: the demo study's 14 prompts, in the order of the table.`,
    `Made by \`npm run sample-sheet\`; times are of one run on a shared 2-core machine.`,
    '',
    '![sample sheet](sheet.png)',
    '',
    ...lines,
    '',
    'Images imitate Twemoji (CC-BY 4.0) and Noto Emoji (Apache-2.0); see THIRD_PARTY.md.',
  ].join('\n');
  fs.writeFileSync(path.join(values.out!, 'README.md'), `${doc}\n`);
  console.log(`wrote ${values.out}/sheet.png and README.md`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
