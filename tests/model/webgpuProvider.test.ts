/**
 * The `webgpu` provider's choice and refusals (server/sampler/onnxModel.ts, webgpuAdapter.ts): `auto` never takes a
 * software adapter and falls back to CPU with a line saying why; `--provider webgpu` without an adapter is refused
 * with what is missing; with SwiftShader's driver file (Debian's chromium, which `npm test` installs) an explicit
 * `webgpu` opens a session on it and records the adapter with every image.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeModel, generate, loadManifest, loadModel } from '@/server/sampler/index';
import { probeWebGpu } from '@/server/sampler/webgpuAdapter';

const KNOWN_SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** SwiftShader's Vulkan driver file from Debian's chromium package; a missing one fails (never skips) the test. */
function swiftShaderIcd(): string {
  let found = KNOWN_SWIFTSHADER;
  try {
    found = execFileSync('dpkg', ['-S', 'vk_swiftshader_icd.json'], { encoding: 'utf8' }).split(':')[1]?.trim() || KNOWN_SWIFTSHADER;
  } catch {
    /* dpkg absent or the file not from a package: try the known path */
  }
  if (!existsSync(found)) {
    throw new Error(
      `SwiftShader's Vulkan driver file (vk_swiftshader_icd.json) is missing: install Debian's chromium package (apt-get install chromium; npm test does this) for the WebGPU tests`,
    );
  }
  return found;
}

const saved = { ...process.env };
afterEach(() => {
  for (const k of ['VK_ICD_FILENAMES', 'VK_DRIVER_FILES', 'SAMPLER_PROVIDER', 'LD_LIBRARY_PATH']) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('webgpu adapter probe', () => {
  it('names the missing driver file, and a missing Vulkan loader', () => {
    const missingDriver = probeWebGpu(true, { VK_ICD_FILENAMES: '/nonexistent/icd.json' });
    expect(missingDriver.ok).toBe(false);
    if (!missingDriver.ok) expect(missingDriver.reason).toMatch(/no Vulkan driver file: VK_ICD_FILENAMES names \/nonexistent\/icd\.json/);
    expect(missingDriver.ok || missingDriver.reason).toMatch(/chromium/);
  });

  it('treats SwiftShader as a software adapter: usable when asked for, never for auto', () => {
    const icd = swiftShaderIcd();
    const explicit = probeWebGpu(true, { VK_ICD_FILENAMES: icd });
    expect(explicit).toMatchObject({ ok: true, adapter: { name: 'SwiftShader (software Vulkan)', software: true, driverFile: icd, limits: { maxStorageBuffersPerShaderStage: 8 } } });
    const auto = probeWebGpu(false, { VK_ICD_FILENAMES: icd });
    expect(auto.ok).toBe(false);
    if (!auto.ok) expect(auto.reason).toMatch(/only a software WebGPU adapter \(SwiftShader/);
  });
});

describe('provider choice', () => {
  it('auto without a GPU adapter falls back to CPU and logs why', async () => {
    process.env.VK_ICD_FILENAMES = swiftShaderIcd(); // a software adapter only: auto must not take it
    const lines: string[] = [];
    const model = await loadModel('models/fixture', { provider: 'auto', log: (l) => lines.push(l) });
    try {
      expect(model.provider).toBe('cpu');
      expect(model.adapter).toBeNull();
      expect(lines.join('\n')).toMatch(/execution provider cpu \(falling back to CPU: no CUDA \(.*\), no WebGPU GPU adapter \(only a software WebGPU adapter/);
    } finally {
      await closeModel(model);
    }
  });

  it('--provider webgpu without an adapter is refused, naming the missing driver file', async () => {
    process.env.VK_ICD_FILENAMES = '/nonexistent/icd.json';
    await expect(loadModel('models/fixture', { provider: 'webgpu', log: () => {} })).rejects.toThrow(
      /WebGPU requested but unavailable: no Vulkan driver file: VK_ICD_FILENAMES names \/nonexistent\/icd\.json/,
    );
  });

  it('--provider webgpu without the Vulkan loader is refused, naming the loader', () => {
    const probe = probeWebGpu(true, { VK_ICD_FILENAMES: KNOWN_SWIFTSHADER, LD_LIBRARY_PATH: '' }, []);
    expect(probe.ok).toBe(false);
    if (!probe.ok) expect(probe.reason).toMatch(/no Vulkan loader \(libvulkan\.so\.1 not found/);
  });

  it('SAMPLER_PROVIDER sets the provider when none is given, and a bad value is refused', async () => {
    process.env.SAMPLER_PROVIDER = 'cpu';
    const lines: string[] = [];
    const model = await loadModel('models/fixture', { log: (l) => lines.push(l) });
    await closeModel(model);
    expect(lines.join('\n')).toMatch(/execution provider cpu \(CPU requested\)/);
    process.env.SAMPLER_PROVIDER = 'gpu';
    await expect(loadModel('models/fixture', { log: () => {} })).rejects.toThrow(/SAMPLER_PROVIDER must be one of auto, cpu, cuda, webgpu, got "gpu"/);
  });

  it('npm run generate -- --provider webgpu without a driver file exits with the message', () => {
    const res = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/generate.ts', '--model', 'models/fixture', '--prompt', 'red heart', '--provider', 'webgpu'], {
      encoding: 'utf8',
      env: { ...process.env, VK_ICD_FILENAMES: '/nonexistent/icd.json' },
      timeout: 60_000,
    });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toMatch(/WebGPU requested but unavailable: no Vulkan driver file/);
  });

  it('--provider webgpu on SwiftShader opens a session and records the adapter with the image', async () => {
    process.env.VK_ICD_FILENAMES = swiftShaderIcd();
    const lines: string[] = [];
    const model = await loadModel('models/fixture', { provider: 'webgpu', log: (l) => lines.push(l) });
    try {
      expect(model.provider).toBe('webgpu');
      expect(lines.join('\n')).toMatch(/execution provider webgpu \(WebGPU requested; adapter SwiftShader \(software Vulkan\)\).*maxStorageBuffersPerShaderStage 8/);
      const image = await generate(model, { prompt: 'red heart', seed: 1, config: { num_inference_steps: 2, error_reset_steps: [], scheduler_start_step: 0 } }, 'dense');
      expect(image.provider).toBe('webgpu');
      expect(image.adapter).toMatchObject({ name: 'SwiftShader (software Vulkan)', software: true });
      expect(image.graph).toMatchObject({ file: 'model-webgpu.onnx', variant: 'webgpu' });
      expect(lines.join('\n')).toMatch(/graph model-webgpu\.onnx \(webgpu\)/);
      expect(image.rgb.length).toBe(16 * 16 * 3);
    } finally {
      await closeModel(model);
    }
  });
});

describe('the WebGPU graph variant in the manifest', () => {
  it('is verified like the main graph: a changed or missing model-webgpu.onnx is refused', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fixture-variant-'));
    try {
      cpSync('models/fixture', dir, { recursive: true });
      expect(loadManifest(dir).webgpu).toMatchObject({ onnxPath: path.join(dir, 'model-webgpu.onnx') });
      writeFileSync(path.join(dir, 'model-webgpu.onnx'), 'not the variant');
      expect(() => loadManifest(dir)).toThrow(/model graph .*model-webgpu\.onnx does not match its manifest: sha256 [0-9a-f]{64}, manifest says/);
      rmSync(path.join(dir, 'model-webgpu.onnx'));
      expect(() => loadManifest(dir)).toThrow(/model graph not found: .*model-webgpu\.onnx \(named by .*model\.json\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
