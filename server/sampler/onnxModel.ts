/**
 * The only module that talks to onnxruntime-node: opens a session for a RAS DiT graph
 * (docs/model-contract.md), chooses the execution provider, checks the graph against the manifest, and runs
 * one forward pass.
 *
 * Provider: `auto` takes CUDA when the installed onnxruntime-node carries its CUDA provider library and an
 * NVIDIA GPU is present, else WebGPU when a GPU adapter (not a software one) is found (webgpuAdapter.ts), else
 * CPU; the choice, its reason and the WebGPU adapter are logged and returned. `webgpu` asked for explicitly also
 * runs on a software adapter (SwiftShader), and is refused with what is missing when there is none. The provider
 * not given: SAMPLER_PROVIDER (server/env.ts), else `auto`.
 * Graph: under WebGPU the manifest's WebGPU variant (`webgpu`: model-webgpu.onnx, the same weights with plain-op
 * attention and sin/cos as polynomials, docs/model-contract.md), whose images equal the CPU graph's; the file that
 * ran is returned with the session and recorded with every image (`graph`).
 * Threads: intra-op threads configurable, default 1: one single-threaded session per core (a worker process
 * each) beats one session spread over the cores. onnxruntime hands each parallelized operator to its pool,
 * which at RAS's sparse sizes costs about as much as the operator, so a two-thread session is only ~1.6× faster
 * than one thread and RAS's speedup over dense drops (docs/sampler.md, Speed). One inter-op thread, sequential
 * execution, thread-pool spinning off (the machine is shared; spinning burns the other cores).
 *
 * K/V caches: each call binds `k_cache_out_l` to the very buffer fed as `k_cache_l` (same for v). The graph's
 * ScatterND then finds its output already holding the input and only writes the active rows: the cache is
 * updated in place, with no copy of the N×D cache into and out of the runtime. The caller hands the cache over
 * to `forward` and gets it back updated.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { samplerProviderSchema } from '../env';
import { SamplerInputError } from './errors';
import { cacheShape, contractIo, type LoadedManifest, type Manifest } from './manifest';
import { probeWebGpu, type WebGpuAdapter } from './webgpuAdapter';
import { DeviceCaches, deviceCachesEnabled, deviceSessionOptions, recordTransfer } from './deviceBuffers';

export type { WebGpuAdapter } from './webgpuAdapter';
export const PROVIDER_REQUESTS = ['auto', 'cpu', 'cuda', 'webgpu'] as const;
export type ProviderRequest = (typeof PROVIDER_REQUESTS)[number];
export type Provider = 'cpu' | 'cuda' | 'webgpu';

export interface SessionOptions {
  /** Default: SAMPLER_PROVIDER, else 'auto'. */
  readonly provider?: ProviderRequest;
  /** Intra-op threads; default 1. */
  readonly threads?: number;
  readonly log?: (line: string) => void;
}

/** Per-layer keys and values, each [B, ...cacheShape(manifest)] float32 (see manifest.ts). */
export interface KvCache {
  readonly batch: number;
  readonly k: Float32Array[];
  readonly v: Float32Array[];
}

export interface ForwardInput {
  readonly batch: 1 | 2;
  /** Active token indices (distinct, in [0, N)); n = active.length ≥ 1. */
  readonly active: Int32Array;
  /** [B, n, P] noisy patches of the active tokens, in the order of `active`. */
  readonly xActive: Float32Array;
  /** σ · train_timesteps, the same for every row. */
  readonly timestep: number;
  /** [B, T] caption ids of collapsed captions, 1 ≤ T ≤ max_tokens (see tokenizer.collapseCaptions). */
  readonly textIds: BigInt64Array;
  /** [B, T] word counts of the collapsed captions. */
  readonly textCount: Float32Array;
}

/** The graph file a session runs: the manifest's `onnx_file`, or its WebGPU variant under the webgpu provider. */
export interface GraphFile {
  readonly file: string;
  readonly sha256: string;
  readonly variant: 'default' | 'webgpu';
}

export interface DitSession {
  readonly provider: Provider;
  /** Which graph runs (recorded with every image). */
  readonly graph: GraphFile;
  /** The WebGPU adapter (provider webgpu), else null. */
  readonly adapter: WebGpuAdapter | null;
  readonly threads: number;
  readonly manifest: Manifest;
  /** A zeroed cache for `batch` rows (a dense call overwrites every row). */
  newCache(batch: number): KvCache;
  /** v_active [B, n, P]; the cache passed in is updated in place and returned. */
  forward(input: ForwardInput, cache: KvCache): Promise<{ vActive: Float32Array; cache: KvCache }>;
  dispose(): Promise<void>;
}

interface ProviderChoice {
  readonly provider: Provider;
  readonly reason: string;
  readonly adapter: WebGpuAdapter | null;
}

/** Whether CUDA is worth trying here: this onnxruntime-node build knows the CUDA backend and a GPU is present.
 * (Whether its CUDA provider library is installed shows when the session is created; failure falls back to CPU.) */
export function cudaSupport(): { ok: boolean; reason: string } {
  if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) {
    return { ok: false, reason: 'this onnxruntime-node build has no CUDA backend' };
  }
  const gpu = ['/dev/nvidiactl', '/proc/driver/nvidia/version'].some((p) => existsSync(p));
  if (!gpu) return { ok: false, reason: 'no NVIDIA GPU found (/dev/nvidiactl, /proc/driver/nvidia/version)' };
  return { ok: true, reason: 'an NVIDIA GPU is present' };
}

/** Whether this onnxruntime-node build carries the WebGPU provider (1.30 bundles it on Linux x64). */
function webgpuBackend(): boolean {
  return ort.listSupportedBackends().some((b) => b.name === 'webgpu');
}

/** The provider asked for: the option, else SAMPLER_PROVIDER, else auto. */
export function providerRequest(option: ProviderRequest | undefined, env: NodeJS.ProcessEnv = process.env): ProviderRequest {
  if (option !== undefined) {
    if (!(PROVIDER_REQUESTS as readonly string[]).includes(option)) throw new SamplerInputError(`provider must be one of ${PROVIDER_REQUESTS.join(', ')}, got "${option}"`);
    return option;
  }
  const parsed = samplerProviderSchema.safeParse(env.SAMPLER_PROVIDER);
  if (!parsed.success) throw new SamplerInputError(`SAMPLER_PROVIDER must be one of ${PROVIDER_REQUESTS.join(', ')}, got "${env.SAMPLER_PROVIDER}"`);
  return parsed.data ?? 'auto';
}

function chooseProvider(request: ProviderRequest): ProviderChoice {
  if (request === 'cpu') return { provider: 'cpu', reason: 'CPU requested', adapter: null };
  if (request === 'webgpu') {
    if (!webgpuBackend()) throw new SamplerInputError('WebGPU requested but unavailable: this onnxruntime-node build has no WebGPU backend');
    const probe = probeWebGpu(true);
    if (!probe.ok) throw new SamplerInputError(`WebGPU requested but unavailable: ${probe.reason}`);
    return { provider: 'webgpu', reason: `WebGPU requested; adapter ${probe.adapter.name}`, adapter: probe.adapter };
  }
  const cuda = cudaSupport();
  if (request === 'cuda' && !cuda.ok) throw new SamplerInputError(`CUDA requested but unavailable: ${cuda.reason}`);
  if (cuda.ok) return { provider: 'cuda', reason: cuda.reason, adapter: null };
  const gpu = webgpuBackend() ? probeWebGpu(false) : ({ ok: false, reason: 'this onnxruntime-node build has no WebGPU backend' } as const);
  if (gpu.ok) return { provider: 'webgpu', reason: `${cuda.reason}; WebGPU adapter ${gpu.adapter.name} found`, adapter: gpu.adapter };
  return { provider: 'cpu', reason: `falling back to CPU: no CUDA (${cuda.reason}), no WebGPU GPU adapter (${gpu.reason})`, adapter: null };
}

function describeAdapter(a: WebGpuAdapter | null): string {
  if (!a) return '';
  return `; adapter ${a.name} (driver ${a.driverFile}, loader ${a.loader}; graph limits: ${Object.entries(a.limits).map(([k, v]) => `${k} ${v}`).join(', ')})`;
}

function sessionOptions(provider: Provider, threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: provider === 'cuda' ? ['cuda', 'cpu'] : provider === 'webgpu' ? ['webgpu', 'cpu'] : ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

export async function openDitSession(model: LoadedManifest, options: SessionOptions = {}): Promise<DitSession> {
  const log = options.log ?? ((line: string) => console.info(`[sampler] ${line}`));
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new SamplerInputError(`threads must be a positive integer, got ${threads}`);
  const request = providerRequest(options.provider);
  let choice = chooseProvider(request);
  let graph = graphFor(model, choice.provider, log);
  let session: ort.InferenceSession;
  try {
    session = await createSession(graph.path, { ...sessionOptions(choice.provider, threads), ...deviceSessionOptions(choice.provider, model.manifest.layers) });
  } catch (e) {
    if (e instanceof SamplerInputError) throw e;
    const first = (e as Error).message.split('\n').find((l) => /adapter|fail|error/i.test(l)) ?? (e as Error).message.split('\n')[0];
    if (request === 'webgpu') throw new SamplerInputError(`WebGPU requested but its session failed on adapter ${choice.adapter?.name}: ${first}`);
    if (choice.provider === 'cpu' || request === 'cuda') throw e;
    choice = { provider: 'cpu', reason: `falling back to CPU: the ${choice.provider} session failed (${first})`, adapter: null };
    graph = graphFor(model, 'cpu', log);
    session = await createSession(graph.path, sessionOptions('cpu', threads));
  }
  log(`execution provider ${choice.provider} (${choice.reason})${describeAdapter(choice.adapter)}; ${threads} intra-op thread(s); graph ${graph.info.file} (${graph.info.variant})`);
  try {
    checkGraph(session, model.manifest);
  } catch (e) {
    await session.release();
    throw e;
  }
  return new OrtDit(session, model.manifest, choice.provider, choice.adapter, threads, graph.info);
}

/**
 * The graph for a provider: WebGPU runs the manifest's WebGPU variant (plain-op attention, sin/cos as polynomials:
 * docs/model-contract.md), whose images equal the CPU graph's within float noise; every other provider the main graph.
 */
function graphFor(model: LoadedManifest, provider: Provider, log: (line: string) => void): { path: string; info: GraphFile } {
  if (provider === 'webgpu' && model.webgpu) {
    return { path: model.webgpu.onnxPath, info: { file: path.basename(model.webgpu.onnxPath), sha256: model.webgpu.hash, variant: 'webgpu' } };
  }
  if (provider === 'webgpu') log(`model ${model.manifest.name} has no WebGPU graph variant (manifest "webgpu"): running ${model.manifest.onnx_file}, whose WebGPU images differ from the CPU's; re-export it with scripts/model/export.py --upgrade`);
  return { path: model.onnxPath, info: { file: path.basename(model.onnxPath), sha256: model.modelHash, variant: 'default' } };
}

/** A graph onnxruntime cannot parse (a corrupt or truncated file whose manifest hash was rewritten to match) is bad input. */
async function createSession(onnxPath: string, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(onnxPath, options);
  } catch (e) {
    const message = (e as Error).message;
    if (/protobuf|parse|invalid model|load model/i.test(message)) {
      throw new SamplerInputError(`model graph ${onnxPath} is not a valid ONNX model (onnxruntime: ${message.split('\n')[0]})`);
    }
    throw e;
  }
}

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): string {
  return meta.map((m) => (m.isTensor ? `${m.name}: ${m.type} [${m.shape.join(', ')}]` : `${m.name}: (not a tensor)`)).join('\n    ');
}

/** The graph's inputs/outputs against the contract for this manifest; any difference is a clear error. */
export function checkGraph(session: ort.InferenceSession, m: Manifest): void {
  const io = contractIo(m.layers);
  const P = m.patch_size ** 2 * m.image.channels;
  const want: Record<string, [string, (number | null)[]]> = {
    x_active: ['float32', [null, null, P]],
    active_idx: ['int64', [null]],
    timestep: ['float32', [null]],
    text_ids: ['int64', [null, null]],
    text_count: ['float32', [null, null]],
    v_active: ['float32', [null, null, P]],
  };
  for (const name of [...io.inputs, ...io.outputs]) if (name.includes('cache')) want[name] = ['float32', [null, ...cacheShape(m)]];
  const problems: string[] = [];
  const names = (list: readonly string[], expected: string[], what: string) => {
    const missing = expected.filter((n) => !list.includes(n));
    const extra = list.filter((n) => !expected.includes(n));
    if (missing.length) problems.push(`${what} missing from the graph: ${missing.join(', ')}`);
    if (extra.length) problems.push(`${what} the contract does not know: ${extra.join(', ')}`);
  };
  names(session.inputNames, io.inputs, 'inputs');
  names(session.outputNames, io.outputs, 'outputs');
  for (const meta of [...session.inputMetadata, ...session.outputMetadata]) {
    const w = want[meta.name];
    if (!w || !meta.isTensor) continue;
    const [type, shape] = w;
    const fixedOk = shape.length === meta.shape.length && shape.every((d, i) => d === null || meta.shape[i] === d);
    if (meta.type !== type || !fixedOk) {
      problems.push(`${meta.name} is ${meta.type} [${meta.shape.join(', ')}], the manifest implies ${type} [${shape.map((d) => d ?? '*').join(', ')}]`);
    }
  }
  if (problems.length) {
    throw new SamplerInputError(
      `graph and manifest "${m.name}" disagree:\n  - ${problems.join('\n  - ')}\n  graph inputs:\n    ${describe(session.inputMetadata)}\n  graph outputs:\n    ${describe(session.outputMetadata)}`,
    );
  }
}

class OrtDit implements DitSession {
  private readonly N: number;
  /** Floats per batch row of one cache, and the cache's dims after the batch. */
  private readonly rowSize: number;
  private readonly cacheDims: number[];
  private readonly P: number;
  private readonly T: number;
  /** webgpu: the caches stay on the device between calls (deviceBuffers.ts); else null. */
  private readonly device: DeviceCaches | null;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly manifest: Manifest,
    readonly provider: Provider,
    readonly adapter: WebGpuAdapter | null,
    readonly threads: number,
    readonly graph: GraphFile,
  ) {
    this.N = manifest.tokens;
    this.cacheDims = cacheShape(manifest);
    this.rowSize = this.cacheDims.reduce((a, b) => a * b, 1);
    this.P = manifest.patch_size ** 2 * manifest.image.channels;
    this.T = manifest.text.max_tokens;
    this.device = deviceCachesEnabled(provider) ? new DeviceCaches(manifest.layers, manifest.tokens) : null;
  }

  newCache(batch: number): KvCache {
    const make = () => Array.from({ length: this.manifest.layers }, () => new Float32Array(batch * this.rowSize));
    return { batch, k: make(), v: make() };
  }

  async forward(input: ForwardInput, cache: KvCache): Promise<{ vActive: Float32Array; cache: KvCache }> {
    const { batch: B, active } = input;
    const n = active.length;
    const { N, P } = this;
    const T = input.textIds.length / B;
    const dims = [B, ...this.cacheDims];
    if (n < 1 || n > N) throw new RangeError(`forward: ${n} active tokens, expected 1 … ${N}`);
    if (input.xActive.length !== B * n * P) throw new RangeError(`forward: x_active has ${input.xActive.length} values, expected ${B}×${n}×${P}`);
    if (!Number.isInteger(T) || T < 1 || input.textCount?.length !== B * T) {
      throw new RangeError(`forward: the graph needs text_ids and text_count of ${B}×T values (got ${input.textIds.length} and ${input.textCount?.length})`);
    }
    if (T > this.T) throw new RangeError(`forward: ${T} caption words, the cache has ${this.T} caption slots`);
    if (cache.batch !== B) throw new RangeError(`forward: cache has ${cache.batch} rows, input ${B}`);
    const feeds: Record<string, ort.Tensor> = {
      x_active: new ort.Tensor('float32', input.xActive, [B, n, P]),
      active_idx: new ort.Tensor('int64', BigInt64Array.from(active, (t) => BigInt(t)), [n]),
      timestep: new ort.Tensor('float32', new Float32Array(B).fill(input.timestep), [B]),
      text_ids: new ort.Tensor('int64', input.textIds, [B, T]),
      text_count: new ort.Tensor('float32', input.textCount, [B, T]),
    };
    if (this.device) return this.device.forward(this.session, feeds, cache, dims);
    const vActive = new Float32Array(B * n * P);
    const fetches: Record<string, ort.Tensor> = { v_active: new ort.Tensor('float32', vActive, [B, n, P]) };
    for (let l = 0; l < cache.k.length; l++) {
      const k = new ort.Tensor('float32', cache.k[l]!, dims);
      const v = new ort.Tensor('float32', cache.v[l]!, dims);
      feeds[`k_cache_${l}`] = k;
      feeds[`v_cache_${l}`] = v;
      fetches[`k_cache_out_${l}`] = k;
      fetches[`v_cache_out_${l}`] = v;
    }
    await this.session.run(feeds, fetches);
    recordTransfer(this.provider, n, feeds, fetches, false);
    return { vActive, cache };
  }

  async dispose(): Promise<void> {
    this.device?.releaseAll();
    await this.session.release();
  }
}
