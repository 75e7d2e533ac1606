/**
 * What the GPU benchmark's driver (main.ts) decides on the machine it is copied to: its arguments, where it
 * finds Vulkan (the NVIDIA driver's ICD file, the driver file Dawn's loader reads; the Vulkan loader
 * libvulkan.so.1, the bundled Debian 12 one only when the machine has none), and bench-sampler's result line.
 * Pure functions over an injected file system, so tests can run them.
 */
import path from 'node:path';

export interface Fs {
  exists(p: string): boolean;
  /** File names in a folder ([] when it does not exist). */
  list(dir: string): string[];
  read(p: string): string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Where Vulkan loaders look for driver files (the loader's defaults on Linux), then NVIDIA's container paths. */
export const ICD_DIRS = ['/etc/vulkan/icd.d', '/usr/local/etc/vulkan/icd.d', '/usr/share/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];
/** Where the NVIDIA driver's GLX library (which is also its Vulkan ICD) is installed on common distributions and in containers. */
export const NVIDIA_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/nvidia/lib64', '/usr/local/nvidia/lib', '/lib/x86_64-linux-gnu'];
export const SYSTEM_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib64', '/lib64', '/usr/lib', '/lib', '/usr/local/lib'];
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const NVIDIA_LIB = 'libGLX_nvidia.so.0';

export type IcdChoice =
  | { readonly ok: true; readonly file: string; readonly how: string; readonly generate?: { readonly library: string } }
  | { readonly ok: false; readonly error: string };

function icdLibrary(fs: Fs, file: string): string {
  try {
    return String((JSON.parse(fs.read(file)) as { ICD?: { library_path?: unknown } }).ICD?.library_path ?? '');
  } catch {
    return '';
  }
}

/**
 * The driver file to put in VK_ICD_FILENAMES. An explicit VK_ICD_FILENAMES / VK_DRIVER_FILES is kept (it must
 * exist). Dry run: SwiftShader (Debian's chromium). Otherwise an ICD file whose library is NVIDIA's, else, when
 * the driver's library is installed without its ICD file (as in some containers), one to be generated
 * (`generate`, written by the caller to `file`); else an error naming what was searched.
 */
export function chooseIcd(env: Env, fs: Fs, opts: { dryRun: boolean; generatedFile: string }): IcdChoice {
  for (const v of ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES']) {
    const value = env[v];
    if (!value) continue;
    const files = value.split(':').filter(Boolean);
    const missing = files.filter((f) => !fs.exists(f));
    if (missing.length === files.length) return { ok: false, error: `${v} names ${missing.join(', ')}, which does not exist` };
    return { ok: true, file: files.filter((f) => fs.exists(f)).join(':'), how: `${v} as given` };
  }
  if (opts.dryRun) {
    if (fs.exists(SWIFTSHADER_ICD)) return { ok: true, file: SWIFTSHADER_ICD, how: 'dry run: SwiftShader (software Vulkan)' };
    return { ok: false, error: `dry run needs SwiftShader's driver file ${SWIFTSHADER_ICD} (Debian: apt-get install chromium) or VK_ICD_FILENAMES` };
  }
  const searched = [...new Set([...(env.XDG_CONFIG_DIRS ?? '').split(':'), ...(env.XDG_DATA_DIRS ?? '').split(':')].filter(Boolean).map((d) => path.join(d, 'vulkan', 'icd.d')).concat(ICD_DIRS.map((d) => path.normalize(d))))];
  for (const dir of searched) {
    for (const name of fs.list(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(dir, name);
      if (/nvidia/i.test(icdLibrary(fs, file)) || /nvidia/i.test(name)) return { ok: true, file, how: 'the NVIDIA driver\'s ICD file' };
    }
  }
  const libDirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...NVIDIA_LIB_DIRS];
  const lib = libDirs.map((d) => path.join(d, NVIDIA_LIB)).find((p) => fs.exists(p));
  if (lib) return { ok: true, file: opts.generatedFile, how: `generated for ${lib} (the driver is installed without its ICD file)`, generate: { library: lib } };
  return {
    ok: false,
    error:
      `no NVIDIA Vulkan driver found: no ICD file naming an NVIDIA library in ${searched.join(', ')}, and no ${NVIDIA_LIB} in ${libDirs.join(', ')}. ` +
      'Install the driver\'s Vulkan/GL part (e.g. libnvidia-gl-<version>; in a container, NVIDIA_DRIVER_CAPABILITIES must include graphics), ' +
      'or set VK_ICD_FILENAMES to the driver file.',
  };
}

/** The ICD file written when the driver has none (the format NVIDIA's own nvidia_icd.json uses). */
export function icdJson(library: string): string {
  return `${JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: library, api_version: '1.3.0' } }, null, 2)}\n`;
}

/** The system's Vulkan loader, else null (then the bundle's lib/ goes on LD_LIBRARY_PATH). */
export function systemLoader(fs: Fs, dirs: readonly string[] = SYSTEM_LIB_DIRS): string | null {
  return dirs.map((d) => path.join(d, 'libvulkan.so.1')).find((p) => fs.exists(p)) ?? null;
}

/** The machine-readable last line of bench-sampler (key=value pairs) as numbers. */
export function parseBenchLine(output: string): Record<string, number> {
  const line = output.trim().split('\n').reverse().find((l) => /\bdense_ms=/.test(l));
  if (!line) throw new Error('bench-sampler printed no result line (dense_ms=…)');
  return Object.fromEntries(line.trim().split(/\s+/).map((kv) => kv.split('=')).filter((p) => p.length === 2).map(([k, v]) => [k!, Number(v)]));
}

/** --dry-run (or DRY_RUN=1), --repeats N, --ratios a,b, --check-model DIR (internal); the rest goes to bench-sampler. */
export function splitArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env) {
  const out = { dryRun: env.DRY_RUN === '1', repeats: undefined as string | undefined, ratios: '0.5,0.25', checkModel: undefined as string | undefined, rest: [] as string[] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--dry-run') out.dryRun = true;
    else if (flag === '--repeats') out.repeats = value();
    else if (flag === '--ratios') out.ratios = value();
    else if (flag === '--check-model') out.checkModel = value();
    else out.rest.push(a);
  }
  return out;
}
