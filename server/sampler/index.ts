/**
 * Public API of the sampler, what the platform and the CLI call:
 *   const model = await loadModel('models/fixture', { threads: 2 });
 *   const image = await generate(model, { prompt: 'red heart', seed: 42, preset: 'sd3Example' });
 *   const pair = await generatePair(model, { prompt: 'red heart', seed: 42 });   // dense + RAS + fidelity
 * Every request is validated (prompt, seed, configuration) before any compute; every image carries what it
 * takes to make it again: seed, prompt, resolved configuration, model hash, execution provider.
 */
import { parseSamplerConfig, type PresetName, type SamplerConfig, type SamplerConfigInput } from './config';
import { SamplerInputError } from './errors';
import { fidelity, type Fidelity } from './fidelity';
import { usesGuidance } from './guidance';
import { type LoadedManifest, type Manifest, loadManifest } from './manifest';
import { initialNoise } from './noise';
import { openDitSession, type DitSession, type GraphFile, type Provider, type SessionOptions, type WebGpuAdapter } from './onnxModel';
import { densePlan, rasPlan, type RasPlan } from './rasSchedule';
import { sample } from './sample';
import { flowMatchSigmas } from './sigmas';
import { toRgb8, unpatchify, type Geometry } from './tokens';
import { collapseCaptions, tokenize } from './tokenizer';

export { parseSamplerConfig, presets, SamplerConfigError, type SamplerConfig, type SamplerConfigInput } from './config';
export { SamplerInputError } from './errors';
export { loadManifest } from './manifest';
export { encodePng } from './png';

export interface Model {
  readonly manifest: Manifest;
  readonly dir: string;
  readonly modelHash: string;
  readonly provider: Provider;
  /** The WebGPU adapter (provider webgpu), else null. */
  readonly adapter: WebGpuAdapter | null;
  /** The graph file the session runs (the WebGPU variant under the webgpu provider). */
  readonly graph: GraphFile;
  readonly threads: number;
  readonly session: DitSession;
  readonly geometry: Geometry;
}

export type LoadOptions = SessionOptions;

export async function loadModel(dir: string, options: LoadOptions = {}): Promise<Model> {
  return openModel(loadManifest(dir), options);
}

/** Open the session of an already loaded and verified manifest. */
export async function openModel(loaded: LoadedManifest, options: LoadOptions = {}): Promise<Model> {
  const session = await openDitSession(loaded, options);
  const m = loaded.manifest;
  return {
    manifest: m,
    dir: loaded.dir,
    modelHash: loaded.modelHash,
    provider: session.provider,
    adapter: session.adapter,
    graph: session.graph,
    threads: session.threads,
    session,
    geometry: { height: m.image.height, width: m.image.width, channels: m.image.channels, patch: m.patch_size },
  };
}

export async function closeModel(model: Model): Promise<void> {
  await model.session.dispose();
}

export interface GenerateRequest {
  readonly prompt: string;
  readonly seed: number;
  /** Sampler settings; unset ones come from the preset, then from the model's defaults. */
  readonly config?: SamplerConfigInput;
  readonly preset?: PresetName;
  /** Generate even if some words are unknown to the model (they are reported). */
  readonly ignoreUnknownWords?: boolean;
}

export type SamplingMode = 'dense' | 'ras';

export interface GeneratedImage {
  /** H×W×3 bytes, row-major. */
  readonly rgb: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly mode: SamplingMode;
  readonly prompt: string;
  /** Known words fed to the model, unknown words left out, known words cut off by the caption length. */
  readonly words: string[];
  readonly unknownWords: string[];
  readonly truncatedWords: string[];
  readonly seed: number;
  readonly config: SamplerConfig;
  /** Per step: whether dense, tokens processed. */
  readonly schedule: { dense: readonly boolean[]; activeTokens: number[] };
  /** Wall time of the sampling loop, ms. */
  readonly ms: number;
  /** CPU time of this process (all threads) during the loop, ms: insensitive to waiting for a busy CPU. */
  readonly cpuMs: number;
  readonly stepMs: number[];
  /** The DiT forward's share of each step, ms; the rest of a step is the sampler's own work. */
  readonly forwardMs: number[];
  readonly provider: Provider;
  /** The WebGPU adapter and its limits (provider webgpu), else null. */
  readonly adapter: WebGpuAdapter | null;
  /** The graph file that made the image: the manifest's onnx_file, or its WebGPU variant (file, sha256). */
  readonly graph: GraphFile;
  readonly threads: number;
  readonly modelName: string;
  readonly modelVersion: string;
  readonly modelHash: string;
}

/** A request checked and resolved against the model; throws SamplerInputError / SamplerConfigError. */
export interface PreparedRequest {
  readonly request: GenerateRequest;
  readonly config: SamplerConfig;
  readonly words: string[];
  readonly unknownWords: string[];
  readonly truncatedWords: string[];
  readonly textIds: BigInt64Array;
  /** Word counts of the collapsed captions (`textIds` holds their distinct words). */
  readonly textCount: Float32Array;
  readonly batch: 1 | 2;
}

export function prepareRequest(m: Manifest, request: GenerateRequest): PreparedRequest {
  if (typeof request.prompt !== 'string') throw new SamplerInputError('the prompt must be a string');
  if (!Number.isSafeInteger(request.seed) || request.seed < 0) {
    throw new SamplerInputError(`seed must be an integer in [0, 2^53), got ${request.seed}`);
  }
  const config = parseSamplerConfig(request.config ?? {}, { preset: request.preset, model: m.defaults });
  const tokens = tokenize(request.prompt, m.text, { ignoreUnknown: request.ignoreUnknownWords });
  const batch: 1 | 2 = usesGuidance(config.guidance_scale) ? 2 : 1;
  // With CFG, row 0 is the unconditional caption: all pads.
  const rows = batch === 2 ? [new Array<number>(m.text.max_tokens).fill(m.text.pad_id), tokens.ids] : [tokens.ids];
  const common = { request, config, words: tokens.words, unknownWords: tokens.unknown, truncatedWords: tokens.truncated, batch };
  const collapsed = collapseCaptions(rows, m.text.pad_id);
  return { ...common, textIds: collapsed.ids, textCount: collapsed.count };
}

async function run(model: Model, prep: PreparedRequest, mode: SamplingMode): Promise<GeneratedImage> {
  const { config: c } = prep;
  const m = model.manifest;
  const g = model.geometry;
  const plan: RasPlan = mode === 'dense' ? densePlan(c.num_inference_steps) : rasPlan(c, m.tokens);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const out = await sample(model.session, {
    noise: initialNoise(prep.request.seed, g),
    textIds: prep.textIds,
    textCount: prep.textCount,
    batch: prep.batch,
    guidance: c.guidance_scale,
    sigmas: flowMatchSigmas(c.num_inference_steps, c.shift, m.train_timesteps),
    plan,
    selection: { mode: c.selection_mode, metric: c.metric, highRatio: c.high_ratio, starvationScale: c.starvation_scale },
    shape: { tokens: m.tokens, pixels: g.patch * g.patch, channels: g.channels },
  });
  const cpu = process.cpuUsage(cpuStart);
  const rgb = toRgb8(unpatchify(out.state.x, g));
  return {
    rgb,
    width: g.width,
    height: g.height,
    mode,
    prompt: prep.request.prompt,
    words: prep.words,
    unknownWords: prep.unknownWords,
    truncatedWords: prep.truncatedWords,
    seed: prep.request.seed,
    config: c,
    schedule: { dense: plan.dense, activeTokens: out.activeTokens },
    ms: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    stepMs: out.stepMs,
    forwardMs: out.forwardMs,
    provider: model.provider,
    adapter: model.adapter,
    graph: model.graph,
    threads: model.threads,
    modelName: m.name,
    modelVersion: m.model_version,
    modelHash: model.modelHash,
  };
}

/** One image, RAS per the configuration (mode 'ras', the default) or the dense baseline. */
export async function generate(model: Model, request: GenerateRequest, mode: SamplingMode = 'ras'): Promise<GeneratedImage> {
  return run(model, prepareRequest(model.manifest, request), mode);
}

export interface GeneratedPair {
  readonly dense: GeneratedImage;
  readonly ras: GeneratedImage;
  /** RAS image against the dense image. */
  readonly fidelity: Fidelity;
}

/** The dense and the RAS image of one prompt and seed (same noise, same steps), and their fidelity. */
export async function generatePair(model: Model, request: GenerateRequest): Promise<GeneratedPair> {
  const prep = prepareRequest(model.manifest, request);
  const dense = await run(model, prep, 'dense');
  const ras = await run(model, prep, 'ras');
  const g = model.geometry;
  return { dense, ras, fidelity: fidelity(ras.rgb, dense.rgb, g.height, g.width, g.channels) };
}
