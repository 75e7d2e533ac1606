import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { closeModel, generate, loadModel, SamplerConfigError, SamplerInputError, type Model } from '@/server/sampler/index';

let model: Model;
const scratch = mkdtempSync(path.join(tmpdir(), 'sampler-test-'));
beforeAll(async () => {
  model = await loadModel('models/fixture', { threads: 1, log: () => {} });
});
afterAll(async () => {
  await closeModel(model);
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the fixture with an edited manifest (sha256 kept valid unless the edit changes it). */
function editedFixture(name: string, edit: (m: Record<string, any>) => void): string {
  const dir = path.join(scratch, name);
  cpSync('models/fixture', dir, { recursive: true });
  const m = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
  edit(m);
  writeFileSync(path.join(dir, 'model.json'), JSON.stringify(m));
  return dir;
}

describe('bad models are refused with a clear message', () => {
  it('missing directory or manifest', async () => {
    await expect(loadModel(path.join(scratch, 'nope'))).rejects.toThrow(/model directory not found/);
    const empty = path.join(scratch, 'empty');
    cpSync('models/fixture/model.onnx', path.join(empty, 'model.onnx'));
    await expect(loadModel(empty)).rejects.toThrow(/model manifest not found/);
  });

  it('graph file changed after the manifest was written', async () => {
    const dir = editedFixture('sha', (m) => (m.onnx_sha256 = '0'.repeat(64)));
    await expect(loadModel(dir)).rejects.toThrow(/does not match its manifest: sha256/);
  });

  it('corrupt graph file, even with a manifest hash rewritten to match it', async () => {
    const dir = editedFixture('corrupt', () => {});
    const graph = readFileSync(path.join(dir, 'model.onnx'));
    const corrupt = Buffer.concat([graph.subarray(0, 1000), Buffer.from('not protobuf'.repeat(50)), graph.subarray(2000, 60_000)]);
    writeFileSync(path.join(dir, 'model.onnx'), corrupt);
    const m = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8'));
    writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ ...m, onnx_sha256: createHash('sha256').update(corrupt).digest('hex') }));
    const err = await loadModel(dir, { log: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(SamplerInputError);
    expect(err.message).toMatch(/model graph .*model\.onnx is not a valid ONNX model \(onnxruntime: /);
  });

  it('manifest that disagrees with the graph', async () => {
    const dir = editedFixture('layers', (m) => {
      m.hidden_size = 64;
      m.head_dim = 32;
    });
    const err = await loadModel(dir, { log: () => {} }).catch((e) => e);
    expect(err).toBeInstanceOf(SamplerInputError);
    expect(err.message).toMatch(/graph and manifest "fixture-dit-16" disagree/);
    expect(err.message).toMatch(/k_cache_0 is float32 \[B, 2, 72, 16\], the manifest implies float32 \[\*, 2, 72, 32\]/);
    expect(err.message).toMatch(/graph inputs:[\s\S]*x_active: float32 \[B, n, 12\]/);
  });

  it('a model of a retired contract (1–3): re-export it', async () => {
    for (const version of [1, 2, 3]) {
      const dir = editedFixture(`contract-${version}`, (m) => (m.contract_version = version));
      const err = await loadModel(dir, { log: () => {} }).catch((e) => e);
      expect(err).toBeInstanceOf(SamplerInputError);
      expect(err.message).toMatch(new RegExp(`is model contract ${version}, which this sampler no longer runs \\(it runs contract 4 only\\): re-export it with scripts/model/export\\.py$`));
    }
    const future = await loadModel(editedFixture('contract-5', (m) => (m.contract_version = 5)), { log: () => {} }).catch((e) => e);
    expect(future.message).toMatch(/has contract_version 5; this sampler runs contract 4 \(re-export it with scripts\/model\/export\.py\)/);
  });

  it('manifest that breaks the contract', async () => {
    const dir = editedFixture('contract', (m) => (m.tokens = 60));
    await expect(loadModel(dir)).rejects.toThrow(/tokens 60 ≠ grid 8×8/);
  });
});

describe('bad requests are refused before any compute', () => {
  const cases: [string, Parameters<typeof generate>[1], RegExp][] = [
    ['ratio 0', { prompt: 'red heart', seed: 1, config: { sample_ratio: 0 } }, /sample_ratio must be in \(0, 1\]/],
    ['ratio above 1', { prompt: 'red heart', seed: 1, config: { sample_ratio: 1.5 } }, /sample_ratio must be in \(0, 1\]/],
    ['steps < 1', { prompt: 'red heart', seed: 1, config: { num_inference_steps: 0 } }, /num_inference_steps must be at least 1/],
    ['reset step ≥ steps', { prompt: 'red heart', seed: 1, config: { num_inference_steps: 20, error_reset_steps: [12, 20] } }, /error reset step 20/],
    ['start > end', { prompt: 'red heart', seed: 1, config: { scheduler_start_step: 9, scheduler_end_step: 5 } }, /scheduler_start_step \(9\) is after scheduler_end_step \(5\)/],
    ['empty prompt', { prompt: '  ,. ', seed: 1 }, /the prompt is empty/],
    ['only unknown words', { prompt: 'zebra piano', seed: 1 }, /no word the model knows \(unknown: zebra, piano\)/],
    ['some unknown words', { prompt: 'red zebra heart', seed: 1 }, /does not know: zebra/],
    ['bad seed', { prompt: 'red heart', seed: -4 }, /seed must be an integer/],
  ];
  for (const [name, request, message] of cases) {
    it(name, async () => {
      const forward = vi.spyOn(model.session, 'forward');
      await expect(generate(model, request)).rejects.toThrow(message);
      await expect(generate(model, request)).rejects.toSatisfy((e) => e instanceof SamplerInputError || e instanceof SamplerConfigError);
      expect(forward).not.toHaveBeenCalled();
      forward.mockRestore();
    });
  }

  it('unknown words may be ignored on request, and are reported', async () => {
    const image = await generate(model, { prompt: 'red zebra heart', seed: 1, ignoreUnknownWords: true, config: { num_inference_steps: 2, error_reset_steps: [], scheduler_start_step: 0 } });
    expect(image.unknownWords).toEqual(['zebra']);
    expect(image.words).toEqual(['red', 'heart']);
    expect(image.truncatedWords).toEqual([]);
  });
});
