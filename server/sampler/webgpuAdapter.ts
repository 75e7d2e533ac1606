/**
 * Which WebGPU adapter onnxruntime-node's `webgpu` provider (Dawn over Vulkan on Linux) would find, decided
 * before onnxruntime is touched, so that a missing piece is named instead of Dawn's "No supported adapters".
 *
 * onnxruntime-node exposes neither the adapter Dawn picks nor its limits, so they are read from what Dawn reads:
 * the Vulkan loader (libvulkan.so.1), the Vulkan driver files (ICD manifests: `VK_ICD_FILENAMES` /
 * `VK_DRIVER_FILES`, else the loader's search folders) and, for a hardware driver, its device node. A driver
 * whose library is SwiftShader or lavapipe is a software adapter: usable when asked for (`--provider webgpu`),
 * never picked by `auto`. The limits recorded are the ones the graphs are exported for: WebGPU's defaults
 * (docs/model-contract.md: no node binds more than 8 storage buffers), which every adapter offers.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The WebGPU default limits the contract-4 graphs are exported within (scripts/model/export.py checks them). */
export const WEBGPU_GRAPH_LIMITS = { maxStorageBuffersPerShaderStage: 8 } as const;

export interface WebGpuAdapter {
  /** e.g. "SwiftShader (software Vulkan)", "NVIDIA (Vulkan, driver 580.65.06)". */
  readonly name: string;
  readonly software: boolean;
  /** The Vulkan driver manifest and its library. */
  readonly driverFile: string;
  readonly driverLibrary: string;
  readonly loader: string;
  readonly limits: typeof WEBGPU_GRAPH_LIMITS;
}

export type WebGpuProbe =
  | { readonly ok: true; readonly adapter: WebGpuAdapter; readonly others: readonly WebGpuAdapter[] }
  | { readonly ok: false; readonly reason: string; readonly software?: readonly WebGpuAdapter[] };

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib', '/usr/local/lib'];
const SOFTWARE = /swiftshader|lvp|lavapipe|llvmpipe/i;
const INSTALL_HINT =
  'install a Vulkan driver (an NVIDIA/AMD/Intel GPU driver; or, for a software adapter, Debian\'s chromium package and ' +
  'VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)';

function findLoader(env: Readonly<Record<string, string | undefined>>, libDirs: readonly string[]): string | undefined {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...libDirs];
  return dirs.map((d) => path.join(d, 'libvulkan.so.1')).find((p) => existsSync(p));
}

/** The driver manifests the Vulkan loader would read, in its order; explicit files that are missing are reported. */
function driverFiles(env: Readonly<Record<string, string | undefined>>): { files: string[]; variable?: string; missing: string[] } {
  for (const variable of ['VK_DRIVER_FILES', 'VK_ICD_FILENAMES']) {
    const value = env[variable];
    if (value) {
      const listed = value.split(':').filter(Boolean);
      return { files: listed.filter((f) => existsSync(f)), variable, missing: listed.filter((f) => !existsSync(f)) };
    }
  }
  const dataDirs = [env.XDG_CONFIG_DIRS ?? '/etc/xdg', '/etc', env.XDG_DATA_HOME ?? '', env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share']
    .flatMap((s) => s.split(':'))
    .filter(Boolean);
  const files: string[] = [];
  for (const d of [...new Set(dataDirs)]) {
    const dir = path.join(d, 'vulkan', 'icd.d');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).sort()) if (f.endsWith('.json')) files.push(path.join(dir, f));
  }
  return { files, missing: [] };
}

function describeDriver(file: string, loader: string): WebGpuAdapter | undefined {
  let library: string;
  try {
    library = String((JSON.parse(readFileSync(file, 'utf8')) as { ICD?: { library_path?: unknown } }).ICD?.library_path ?? '');
  } catch {
    return undefined;
  }
  if (!library) return undefined;
  const resolved = library.includes('/') ? path.resolve(path.dirname(file), library) : library;
  const base = path.basename(library).toLowerCase();
  const common = { driverFile: file, driverLibrary: resolved, loader, limits: WEBGPU_GRAPH_LIMITS };
  if (/swiftshader/.test(base)) return { name: 'SwiftShader (software Vulkan)', software: true, ...common };
  if (SOFTWARE.test(base)) return { name: 'lavapipe (software Vulkan; Dawn does not run on it)', software: true, ...common };
  if (/nvidia/.test(base)) {
    if (!['/dev/nvidiactl', '/proc/driver/nvidia/version'].some((p) => existsSync(p))) return undefined;
    let version = '';
    try {
      version = /Kernel Module\s+([\d.]+)/.exec(readFileSync('/proc/driver/nvidia/version', 'utf8'))?.[1] ?? '';
    } catch {
      /* the device node is enough */
    }
    return { name: `NVIDIA (Vulkan${version ? `, driver ${version}` : ''})`, software: false, ...common };
  }
  // Mesa's hardware drivers (radeon, intel, …) need a render node; their manifests are installed without a GPU too.
  const renderNodes = existsSync('/dev/dri') ? readdirSync('/dev/dri').filter((n) => n.startsWith('renderD')) : [];
  if (!renderNodes.length) return undefined;
  return { name: `${base.replace(/^libvulkan_|\.so.*$/g, '')} (Vulkan, /dev/dri/${renderNodes[0]})`, software: false, ...common };
}

/**
 * The adapter `webgpu` would run on. `allowSoftware`: a software adapter counts (an explicit `--provider webgpu`);
 * `auto` passes false. On failure the reason names what is missing: the loader, the driver file, a GPU.
 */
export function probeWebGpu(allowSoftware: boolean, env: Readonly<Record<string, string | undefined>> = process.env, libDirs: readonly string[] = LIB_DIRS): WebGpuProbe {
  const loader = findLoader(env, libDirs);
  if (!loader) {
    return { ok: false, reason: `no Vulkan loader (libvulkan.so.1 not found in LD_LIBRARY_PATH or ${libDirs.join(', ') || 'the system folders'}; Debian: apt-get install libvulkan1)` };
  }
  const { files, variable, missing } = driverFiles(env);
  if (variable && missing.length && !files.length) {
    return { ok: false, reason: `no Vulkan driver file: ${variable} names ${missing.join(', ')}, which does not exist; ${INSTALL_HINT}` };
  }
  if (!files.length) return { ok: false, reason: `no Vulkan driver file (ICD manifest) found (VK_ICD_FILENAMES unset; searched …/vulkan/icd.d); ${INSTALL_HINT}` };
  const adapters = files.map((f) => describeDriver(f, loader)).filter((a): a is WebGpuAdapter => a !== undefined);
  const hardware = adapters.filter((a) => !a.software);
  const software = adapters.filter((a) => a.software && !/lavapipe/.test(a.name));
  if (hardware.length) return { ok: true, adapter: hardware[0]!, others: adapters.slice(1) };
  if (allowSoftware && software.length) return { ok: true, adapter: software[0]!, others: [] };
  const where = variable ? `${variable}=${env[variable]}` : 'the Vulkan driver files found';
  if (software.length) {
    return { ok: false, reason: `only a software WebGPU adapter (${software.map((a) => a.name).join(', ')}) in ${where}; no GPU adapter`, software };
  }
  return { ok: false, reason: `no usable Vulkan driver file for a GPU in ${where} (${files.join(', ')}); ${INSTALL_HINT}` };
}
