import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFIER_DIR, loadClassifier, type Classifier } from '@/server/quality/classifier';
import { topK } from '@/server/quality/recognition';
import { closeModel, generate, loadModel } from '@/server/sampler/index';
import { DEFAULT_MODEL_DIR } from '@/server/sampler/manifest';

let classifier: Classifier;
const scratch = mkdtempSync(path.join(tmpdir(), 'classifier-test-'));
beforeAll(async () => {
  classifier = await loadClassifier(DEFAULT_CLASSIFIER_DIR, 1);
});
afterAll(async () => {
  await classifier.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the emoji classifier on images of the default model', () => {
  it('names the subgroup of a dense "red heart" among its top 5, and gives features of its reference size', async () => {
    const model = await loadModel(DEFAULT_MODEL_DIR, { threads: 2, log: () => {} });
    try {
      const image = await generate(model, { prompt: 'red heart twemoji', seed: 1, preset: 'sd3Example' }, 'dense');
      const { logits, features } = await classifier.classify(image.rgb, 1);
      expect(logits.length).toBe(classifier.labels.length);
      expect(features.length).toBe(classifier.featureSize);
      expect(classifier.reference.mean.length).toBe(classifier.featureSize);
      const top = topK(logits, 5).map((i) => classifier.labels[i]);
      expect(top).toContain('heart');
      // a flat grey image is not a heart with the same confidence
      const grey = await classifier.classify(new Uint8Array(image.rgb.length).fill(128), 1);
      expect(grey.logits[classifier.labels.indexOf('heart')]!).toBeLessThan(logits[classifier.labels.indexOf('heart')]!);
    } finally {
      await closeModel(model);
    }
  });

  it('refuses a graph that does not match its manifest, and a wrong batch size', async () => {
    const dir = path.join(scratch, 'edited');
    cpSync(DEFAULT_CLASSIFIER_DIR, dir, { recursive: true });
    const m = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ ...m, onnx_sha256: 'f'.repeat(64) }));
    await expect(loadClassifier(dir)).rejects.toThrow(/does not match its manifest: sha256/);
    await expect(classifier.classify(new Uint8Array(10), 1)).rejects.toThrow(/10 bytes for 1 images of 64×64×3/);
  });
});
