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

describe('the four contracts on the same weights', () => {
  let v1: Model;
  let v2: Model;
  let v3: Model;
  beforeAll(async () => {
    v1 = await loadModel('tests/model/fixtures/fixture-v1', { threads: 2, log: () => {} });
    v2 = await loadModel('tests/model/fixtures/fixture-v2', { threads: 2, log: () => {} });
    v3 = await loadModel('tests/model/fixtures/fixture-v3', { threads: 2, log: () => {} });
  });
  afterAll(async () => {
    await closeModel(v1);
    await closeModel(v2);
    await closeModel(v3);
  });
  /** Dense and RAS images of `prompt` from two exports of the same weights: within 2 of 255 levels, same RAS schedule. */
  const expectSameUpToRounding = async (from: Model, to: Model, prompt: string, seed: number) => {
    for (const mode of ['dense', 'ras'] as const) {
      const request = { prompt, seed, preset: 'sd3Example' as const };
      const a = await generate(from, request, mode);
      const b = await generate(to, request, mode);
      expect(a.rgb.reduce((m, x, i) => Math.max(m, Math.abs(x - b.rgb[i]!)), 0)).toBeLessThanOrEqual(2);
      expect(a.schedule.activeTokens).toEqual(b.schedule.activeTokens);
    }
  };

  it('contract 2 (caches [B, H, T+N, hd]) gives the contract-1 images byte for byte, dense and RAS', async () => {
    for (const mode of ['dense', 'ras'] as const) {
      const request = { prompt: 'smiling face with heart eyes', seed: 11, preset: 'sd3Example' as const };
      const a = await generate(v1, request, mode);
      const b = await generate(v2, request, mode);
      expect(Buffer.from(b.rgb).equals(Buffer.from(a.rgb))).toBe(true);
    }
  });

  it('contract 3 (collapsed captions) gives the contract-1 images up to float rounding', async () => {
    await expectSameUpToRounding(v1, v3, 'red heart red', 12);
  });

  it('contract 4 (heads-major caches, one attention kernel) gives the contract-3 images up to float rounding', async () => {
    expect(model.manifest.contract_version).toBe(4);
    await expectSameUpToRounding(v3, model, 'smiling cat with heart eyes', 13);
  });
});
