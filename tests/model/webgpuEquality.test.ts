/**
 * WebGPU images equal the CPU's (issue 15): through SwiftShader (Debian's chromium; `npm test` installs it), the
 * `webgpu` provider runs the model's WebGPU graph variant (model-webgpu.onnx: plain-op attention, sin/cos as
 * polynomials; docs/model-contract.md) and its dense and RAS images are compared with the CPU provider's images of
 * the same request: PSNR ≥ 40 dB dense, ≥ 30 dB RAS 50 % (float noise may flip a token's selection). The fixture
 * model gets 8 steps; the default model (~40 s per B = 2 dense forward on SwiftShader) 1 dense step and 2 RAS
 * steps; dense images must also be within 2 of 255 levels (issue 15, item 2). A control runs the fixture's main
 * graph (fused MultiHeadAttention, WGSL sin/cos) on WebGPU: more than 2 levels and below 40 dB off (measured
 * 35.5–42.4 dB, 10–24 levels over 6 requests), so the assertions tell the two graphs apart.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { psnr } from '@/server/sampler/fidelity';
import { closeModel, generate, loadModel, type GenerateRequest, type Model, type SamplingMode } from '@/server/sampler/index';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const saved = process.env.VK_ICD_FILENAMES;

beforeAll(() => {
  if (!existsSync(SWIFTSHADER_ICD)) {
    throw new Error(
      `SwiftShader's Vulkan driver file (vk_swiftshader_icd.json) is missing: install Debian's chromium package (apt-get install chromium; npm test does this) for the WebGPU tests`,
    );
  }
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
});
afterAll(() => {
  if (saved === undefined) delete process.env.VK_ICD_FILENAMES;
  else process.env.VK_ICD_FILENAMES = saved;
});

/** PSNR (dB) and largest difference (of 255 levels) of the webgpu image against the cpu image of each request and mode. */
async function compare(dir: string, runs: readonly [GenerateRequest, SamplingMode][]): Promise<{ psnr: number[]; levels: number[]; gpu: Model['graph'] }> {
  const cpu = await loadModel(dir, { provider: 'cpu', log: () => {} });
  const gpu = await loadModel(dir, { provider: 'webgpu', log: () => {} });
  try {
    const out: number[] = [];
    const levels: number[] = [];
    for (const [request, mode] of runs) {
      const [a, b] = [await generate(cpu, request, mode), await generate(gpu, request, mode)];
      expect(b).toMatchObject({ provider: 'webgpu', graph: gpu.graph, mode });
      expect(a.schedule).toEqual(b.schedule);
      out.push(psnr(b.rgb, a.rgb));
      levels.push(b.rgb.reduce((m, x, i) => Math.max(m, Math.abs(x - a.rgb[i]!)), 0));
    }
    return { psnr: out, levels, gpu: gpu.graph };
  } finally {
    await Promise.all([closeModel(cpu), closeModel(gpu)]);
  }
}

const fixtureSteps = { num_inference_steps: 8, guidance_scale: 4, scheduler_start_step: 2, error_reset_steps: [5], sample_ratio: 0.5 };
const fixtureRuns: [GenerateRequest, SamplingMode][] = [
  [{ prompt: 'red heart', seed: 1, config: fixtureSteps }, 'dense'],
  [{ prompt: 'smiling cat face', seed: 7, config: fixtureSteps }, 'dense'],
  [{ prompt: 'red heart', seed: 1, config: fixtureSteps }, 'ras'],
  [{ prompt: 'smiling cat face', seed: 7, config: fixtureSteps }, 'ras'],
];

describe('WebGPU images equal the CPU images (SwiftShader)', () => {
  it('fixture model, 8 steps: dense ≥ 40 dB, RAS 50 % ≥ 30 dB, from the WebGPU graph variant', async () => {
    const { psnr: db, levels, gpu } = await compare('models/fixture', fixtureRuns);
    const manifest = JSON.parse(readFileSync('models/fixture/model.json', 'utf8'));
    expect(gpu).toEqual({ file: 'model-webgpu.onnx', sha256: manifest.webgpu.onnx_sha256, variant: 'webgpu' });
    console.info(`fixture WebGPU vs CPU PSNR: dense ${db.slice(0, 2).map((x) => x.toFixed(1)).join(', ')} dB; RAS 50 % ${db.slice(2).map((x) => x.toFixed(1)).join(', ')} dB; largest difference ${levels.join(', ')} of 255 levels`);
    for (const x of db.slice(0, 2)) expect(x).toBeGreaterThanOrEqual(40);
    for (const x of levels.slice(0, 2)) expect(x).toBeLessThanOrEqual(2); // issue 15: dense images within 2 of 255 levels
    for (const x of db.slice(2)) expect(x).toBeGreaterThanOrEqual(30);
  });

  it('control: the main graph on WebGPU (no variant in the manifest) is > 2 levels and < 40 dB off', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fixture-no-variant-'));
    try {
      cpSync('models/fixture/model.onnx', path.join(dir, 'model.onnx'));
      const manifest = JSON.parse(readFileSync('models/fixture/model.json', 'utf8'));
      delete manifest.webgpu;
      writeFileSync(path.join(dir, 'model.json'), JSON.stringify(manifest));
      const { psnr: db, levels, gpu } = await compare(dir, fixtureRuns.slice(1, 2)); // measured 35.5 dB, 24 levels
      expect(gpu.variant).toBe('default');
      expect(levels[0]).toBeGreaterThan(2);
      expect(db[0]).toBeLessThan(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // ~1.75 dense B = 2 forwards on SwiftShader (~40 s each here, more on a loaded machine): the dense step with
  // guidance (B = 2), the RAS image without (B = 1; the fixture covers RAS with guidance).
  it('default model: 1 dense step ≥ 40 dB, 2 steps RAS 50 % ≥ 30 dB', async () => {
    const request = { prompt: 'red heart twemoji', seed: 3 };
    const { psnr: db, levels, gpu } = await compare('models/emoji-dit-64', [
      [{ ...request, config: { num_inference_steps: 1, guidance_scale: 4, scheduler_start_step: 0, error_reset_steps: [] } }, 'dense'],
      [{ ...request, config: { num_inference_steps: 2, guidance_scale: 1, scheduler_start_step: 1, error_reset_steps: [], sample_ratio: 0.5 } }, 'ras'],
    ]);
    expect(gpu.variant).toBe('webgpu');
    console.info(`default model WebGPU vs CPU PSNR: dense ${db[0]!.toFixed(1)} dB, RAS 50 % ${db[1]!.toFixed(1)} dB; largest difference ${levels.join(', ')} of 255 levels`);
    expect(db[0]).toBeGreaterThanOrEqual(40);
    expect(levels[0]).toBeLessThanOrEqual(2);
    expect(db[1]).toBeGreaterThanOrEqual(30);
  }, 420_000);
});
