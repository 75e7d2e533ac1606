import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeModel, generate, generatePair, loadModel, type Model } from '@/server/sampler/index';

let model: Model;
beforeAll(async () => {
  model = await loadModel('models/fixture', { threads: 2, log: () => {} });
});
afterAll(() => closeModel(model));

describe('generate on the fixture model', () => {
  it('ratio 100 % gives the dense image bit for bit', async () => {
    const request = { prompt: 'red heart', seed: 3, preset: 'sd3Example' as const, config: { sample_ratio: 1 } };
    const dense = await generate(model, request, 'dense');
    const ras = await generate(model, request, 'ras');
    expect(ras.schedule.activeTokens.every((n) => n === model.manifest.tokens)).toBe(true);
    expect(Buffer.from(ras.rgb).equals(Buffer.from(dense.rgb))).toBe(true);
  });

  it('same seed → the same image on every run; another seed → another image', async () => {
    const a = await generate(model, { prompt: 'smiling cat face', seed: 7 });
    const b = await generate(model, { prompt: 'smiling cat face', seed: 7 });
    const c = await generate(model, { prompt: 'smiling cat face', seed: 8 });
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    expect(Buffer.from(a.rgb).equals(Buffer.from(c.rgb))).toBe(false);
  });

  it('a RAS pair processes fewer tokens, differs from dense a little, and records how to make it again', async () => {
    const pair = await generatePair(model, { prompt: 'red heart', seed: 42, preset: 'sd3Example' });
    const N = model.manifest.tokens;
    expect(pair.dense.schedule.activeTokens).toEqual(new Array(28).fill(N));
    const selective = pair.ras.schedule.activeTokens.filter((n) => n < N);
    expect(selective.length).toBe(22);
    expect(pair.fidelity.psnr).toBeGreaterThan(15);
    expect(pair.fidelity.psnr).toBeLessThan(Infinity);
    expect(pair.ras).toMatchObject({ seed: 42, provider: 'cpu', modelHash: model.manifest.onnx_sha256, mode: 'ras' });
    expect(pair.ras.config.high_ratio).toBe(0.3);
    expect(pair.ras.stepMs.length).toBe(28);
  });
});

describe('threads', () => {
  it('a session runs one intra-op thread unless told otherwise, and says so on every image', async () => {
    const single = await loadModel('models/fixture', { log: () => {} });
    try {
      expect(single.threads).toBe(1);
      const image = await generate(single, { prompt: 'red heart', seed: 1, preset: 'sd3Example' }, 'dense');
      expect(image.threads).toBe(1);
      expect(model.threads).toBe(2);
      // the thread count changes speed, never the image
      const two = await generate(model, { prompt: 'red heart', seed: 1, preset: 'sd3Example' }, 'dense');
      expect(Buffer.from(two.rgb).equals(Buffer.from(image.rgb))).toBe(true);
    } finally {
      await closeModel(single);
    }
  });
});

describe('the contract-4 fixture against the retired contract-3 export of the same weights', () => {
  /** Images the sampler made from tests/model/fixtures/fixture-v3 (contract 3) before contracts 1–3 were retired. */
  const golden = JSON.parse(readFileSync('tests/model/fixtures/contract3-images.json', 'utf8')) as {
    images: { prompt: string; seed: number; preset: 'sd3Example'; mode: 'dense' | 'ras'; activeTokens: number[]; rgb: string }[];
  };

  it('gives the same dense and RAS images up to float rounding (within 2 of 255 levels), with the same RAS schedule', async () => {
    expect(model.manifest.contract_version).toBe(4);
    expect(golden.images).toHaveLength(4);
    for (const g of golden.images) {
      const image = await generate(model, { prompt: g.prompt, seed: g.seed, preset: g.preset }, g.mode);
      const want = Buffer.from(g.rgb, 'base64');
      expect(image.rgb.length).toBe(want.length);
      expect(image.rgb.reduce((m, x, i) => Math.max(m, Math.abs(x - want[i]!)), 0)).toBeLessThanOrEqual(2);
      expect(image.schedule.activeTokens).toEqual(g.activeTokens);
    }
  });
});
