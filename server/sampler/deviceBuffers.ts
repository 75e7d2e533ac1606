/**
 * K/V caches that stay on the device between forward calls (webgpu provider), and the count of bytes each
 * forward call moves between host and device.
 *
 * What onnxruntime-node 1.30 allows (js/node/src/inference_session_wrap.cc, tensor_helper.cc,
 * session_options_helper.cc of that release; checked on SwiftShader, docs/gpu-benchmark.md):
 * - `preferredOutputLocation: 'gpu-buffer'` (for all outputs, or per output name) makes the session run through an
 *   IO binding whose outputs are allocated on the WebGPU device ("WebGPU_Buf"); they come back as
 *   `Tensor.fromGpuBuffer` tensors (location 'gpu-buffer') holding the OrtValue.
 * - Such a tensor can be fed as the input of a later run of the same session: the binding wraps the same device
 *   buffer, no copy. This is what keeps the caches on the device.
 * - It cannot be read back: its `download` is "not implemented" (and throws a C string, which aborts the
 *   process), so `getData()` must never be called on it. Outputs the host needs (v_active) stay 'cpu'.
 * - In the IO-binding path preallocated outputs are ignored ("TODO: support preallocated output tensor"): the
 *   runtime allocates every output anew each run, so ScatterND copies each cache into a fresh device buffer
 *   (device memory bandwidth, no host traffic) and v_active comes back in a new host array.
 * - A device tensor is freed by `dispose()` only (no finalizer on the binding's External): every one must be
 *   disposed, which `DeviceCaches` does for the caches it replaces, on `releaseAll`, and when a KvCache is
 *   garbage-collected.
 *
 * So on webgpu a step uploads the active tokens' patches, their indices, the timestep and the caption, and
 * downloads the active tokens' velocities; the zeroed caches are uploaded once per session (see DeviceCaches).
 * SAMPLER_DEVICE_CACHES=0 turns this off (caches copied to and from the host every call, as on CUDA).
 */
import * as ort from 'onnxruntime-node';
import type { KvCache } from './onnxModel';

/** Bytes one forward call moved: host → device (`up`) and device → host (`down`). */
export interface Transfer {
  readonly provider: string;
  /** Active tokens of the call. */
  readonly tokens: number;
  readonly up: number;
  readonly down: number;
  /** Whether the caches stayed on the device. */
  readonly deviceCaches: boolean;
}

type Listener = (t: Transfer) => void;
const listeners = new Set<Listener>();

/** Calls `listener` after every forward call of every session in this process; returns the unsubscribe. */
export function onTransfer(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Bytes of the tensors that live in host memory (what a device provider copies in or out). */
export function hostBytes(tensors: Iterable<ort.Tensor | null | undefined>): number {
  let bytes = 0;
  for (const t of tensors) if (t && t.location === 'cpu') bytes += (t.data as ArrayBufferView).byteLength;
  return bytes;
}

/** Records one call: on the CPU provider nothing crosses (0 bytes); otherwise the host-resident feeds and outputs. */
export function recordTransfer(provider: string, tokens: number, feeds: Record<string, ort.Tensor>, outputs: Record<string, ort.Tensor>, deviceCaches: boolean): void {
  if (!listeners.size) return;
  const onHost = provider === 'cpu';
  const t: Transfer = {
    provider,
    tokens,
    up: onHost ? 0 : hostBytes(Object.values(feeds)),
    down: onHost ? 0 : hostBytes(Object.values(outputs)),
    deviceCaches,
  };
  for (const l of listeners) l(t);
}

/** Whether a session of `provider` keeps its caches on the device: webgpu, unless SAMPLER_DEVICE_CACHES=0. */
export function deviceCachesEnabled(provider: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return provider === 'webgpu' && env.SAMPLER_DEVICE_CACHES !== '0';
}

const cacheNames = (layers: number, out: boolean) =>
  ['k', 'v'].flatMap((kv) => Array.from({ length: layers }, (_, l) => `${kv}_cache${out ? '_out' : ''}_${l}`));

/** Session options for device-resident caches: every cache output on the device, v_active on the host. */
export function deviceSessionOptions(provider: string, layers: number, env?: Readonly<Record<string, string | undefined>>): Pick<ort.InferenceSession.SessionOptions, 'preferredOutputLocation'> {
  if (!deviceCachesEnabled(provider, env)) return {};
  return { preferredOutputLocation: Object.fromEntries(cacheNames(layers, true).map((n) => [n, 'gpu-buffer' as const])) };
}

/** The device tensors of one KvCache (kept apart from it, so that a finalizer can free them after it is gone). */
interface Held {
  tensors: ort.Tensor[] | null;
  /** The tensors are also the session's seed for their batch size (DeviceCaches.seeds): never freed with the cache. */
  seed: boolean;
}

function release(held: Held): void {
  if (!held.seed) for (const t of held.tensors ?? []) t.dispose();
  held.tensors = null;
  held.seed = false;
}

/**
 * Per KvCache, the device buffers holding its current contents (the cache outputs of its last call). The
 * KvCache's host arrays are read only by its first call (they are the zeroed start); after that they are stale.
 *
 * The first call of an image uploads those zeroed host arrays only when it cannot start from the device: the
 * contract lets a dense call start from any finite cache (every image row is overwritten, caption slots beyond
 * the caption's words get −∞ in the attention bias; docs/model-contract.md), so a dense first call is fed the
 * session's seed for its batch size: the cache outputs of the session's first dense call, kept (outputs are always
 * new buffers, so nothing writes them again). One upload of the caches per session, not per image.
 */
export class DeviceCaches {
  private readonly held = new WeakMap<KvCache, Held>();
  private readonly live = new Set<Held>();
  private readonly seeds = new Map<number, ort.Tensor[]>();
  private readonly finalizer = new FinalizationRegistry<Held>((h) => {
    release(h);
    this.live.delete(h);
  });

  /** `tokens`: N, the image tokens (a call of N active tokens is dense). */
  constructor(
    private readonly layers: number,
    private readonly tokens: number,
  ) {}

  /** Runs one forward call with the caches on the device; `feeds` holds every input but the caches. */
  async forward(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, cache: KvCache, dims: readonly number[]): Promise<{ vActive: Float32Array; cache: KvCache }> {
    const names = cacheNames(this.layers, false);
    const n = feeds.active_idx!.dims[0]!;
    const B = dims[0]!;
    const held = this.held.get(cache);
    const seed = !held?.tensors && n === this.tokens ? this.seeds.get(B) : undefined;
    const caches = held?.tensors ?? seed ?? [...cache.k, ...cache.v].map((a) => new ort.Tensor('float32', a, [...dims]));
    names.forEach((name, i) => (feeds[name] = caches[i]!));
    const out = (await session.run(feeds)) as Record<string, ort.Tensor>;
    const fresh = cacheNames(this.layers, true).map((name) => out[name]!);
    if (fresh.some((t) => t.location !== 'gpu-buffer')) {
      for (const t of fresh) if (t.location === 'gpu-buffer') t.dispose();
      throw new Error('device caches: the session returned a cache output on the host (preferredOutputLocation not applied)');
    }
    // The first dense outputs of this batch size become the seed (kept when the cache moves on).
    const makeSeed = n === this.tokens && !this.seeds.has(B);
    if (makeSeed) this.seeds.set(B, fresh);
    if (held) {
      release(held); // the buffers just consumed (unless they are the seed); the outputs are new buffers
      held.tensors = fresh;
      held.seed = makeSeed;
    } else {
      const h: Held = { tensors: fresh, seed: makeSeed };
      this.held.set(cache, h);
      this.live.add(h);
      this.finalizer.register(cache, h, h);
    }
    recordTransfer('webgpu', n, feeds, out, true);
    return { vActive: out.v_active!.data as Float32Array, cache };
  }

  /** Frees every device cache and the seeds (before the session is released). */
  releaseAll(): void {
    for (const h of this.live) {
      release(h);
      this.finalizer.unregister(h);
    }
    this.live.clear();
    for (const s of this.seeds.values()) for (const t of s) t.dispose();
    this.seeds.clear();
  }
}
