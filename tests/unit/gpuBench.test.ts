import { describe, expect, it } from 'vitest';
import { chooseIcd, icdJson, parseBenchLine, splitArgs, SWIFTSHADER_ICD, systemLoader, type Fs } from '@/scripts/gpu-bench/target';

/** A file system of the given files (path → content); folders are implied by the paths. */
function fakeFs(files: Record<string, string>): Fs {
  return {
    exists: (p) => p in files,
    list: (d) => Object.keys(files).filter((f) => f.startsWith(`${d}/`) && !f.slice(d.length + 1).includes('/')).map((f) => f.slice(d.length + 1)),
    read: (p) => {
      if (!(p in files)) throw new Error(`ENOENT ${p}`);
      return files[p]!;
    },
  };
}
const icd = (lib: string) => JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: lib, api_version: '1.3.0' } });
const opts = { dryRun: false, generatedFile: '/tmp/gen.json' };

describe('GPU benchmark: finding the Vulkan driver on the target', () => {
  it('keeps an explicit VK_ICD_FILENAMES, and names it when it does not exist', () => {
    const fs = fakeFs({ '/x/nv.json': icd('libGLX_nvidia.so.0') });
    expect(chooseIcd({ VK_ICD_FILENAMES: '/x/nv.json' }, fs, opts)).toMatchObject({ ok: true, file: '/x/nv.json' });
    const missing = chooseIcd({ VK_ICD_FILENAMES: '/nope.json' }, fs, opts);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.error).toContain('/nope.json');
  });

  it('takes the NVIDIA ICD file and skips the other drivers in the same folder', () => {
    const fs = fakeFs({
      '/usr/share/vulkan/icd.d/intel_icd.x86_64.json': icd('/usr/lib/x86_64-linux-gnu/libvulkan_intel.so'),
      '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json': icd('/usr/lib/x86_64-linux-gnu/libvulkan_lvp.so'),
      '/etc/vulkan/icd.d/nvidia_icd.json': icd('libGLX_nvidia.so.0'),
    });
    expect(chooseIcd({}, fs, opts)).toMatchObject({ ok: true, file: '/etc/vulkan/icd.d/nvidia_icd.json' });
  });

  it('generates an ICD file when the driver library is installed without one, and fails clearly when neither is there', () => {
    const lib = '/usr/local/nvidia/lib64/libGLX_nvidia.so.0';
    const gen = chooseIcd({}, fakeFs({ [lib]: '', '/usr/share/vulkan/icd.d/intel.json': icd('libvulkan_intel.so') }), opts);
    expect(gen).toMatchObject({ ok: true, file: '/tmp/gen.json', generate: { library: lib } });
    expect(JSON.parse(icdJson(lib)).ICD.library_path).toBe(lib);
    const none = chooseIcd({}, fakeFs({ '/usr/share/vulkan/icd.d/intel.json': icd('libvulkan_intel.so') }), opts);
    expect(none.ok).toBe(false);
    expect(!none.ok && none.error).toMatch(/no NVIDIA Vulkan driver.*libGLX_nvidia\.so\.0.*graphics/s);
  });

  it('dry run: SwiftShader, or an error naming chromium', () => {
    expect(chooseIcd({}, fakeFs({ [SWIFTSHADER_ICD]: icd('libvk_swiftshader.so') }), { ...opts, dryRun: true })).toMatchObject({ ok: true, file: SWIFTSHADER_ICD });
    const none = chooseIcd({}, fakeFs({}), { ...opts, dryRun: true });
    expect(!none.ok && none.error).toContain('chromium');
  });

  it('uses the system loader when there is one, else the bundled one (null)', () => {
    expect(systemLoader(fakeFs({ '/usr/lib64/libvulkan.so.1': '' }))).toBe('/usr/lib64/libvulkan.so.1');
    expect(systemLoader(fakeFs({}))).toBeNull();
  });
});

describe('GPU benchmark: arguments and results', () => {
  it('splits its own flags from those passed to bench-sampler', () => {
    expect(splitArgs(['--dry-run', '--repeats', '9', '--ratios=0.5', '--steps', '8', '--threads=2'], {})).toEqual({
      dryRun: true, repeats: '9', ratios: '0.5', checkModel: undefined, rest: ['--steps', '8', '--threads=2'],
    });
    expect(splitArgs([], { DRY_RUN: '1' })).toMatchObject({ dryRun: true, ratios: '0.5,0.25', rest: [] });
  });

  it('reads bench-sampler\'s machine-readable line, and refuses output without one', () => {
    const out = 'table\nspeedup@0.5=1.57 ideal@0.5=1.45 frac@0.5=1.08 dense_ms=5609.1 threads=1 workers=1\n';
    expect(parseBenchLine(out)).toMatchObject({ 'speedup@0.5': 1.57, 'ideal@0.5': 1.45, dense_ms: 5609.1 });
    expect(() => parseBenchLine('error: no adapter\n')).toThrow(/no result line/);
  });
});
