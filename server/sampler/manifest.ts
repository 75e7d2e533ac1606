/**
 * Model manifest (`model.json`, docs/model-contract.md): load, validate against the contract, and check the
 * graph file's sha256 — every problem reported before a session is opened.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { SamplerInputError } from './errors';

const posInt = z.number().int().positive();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

/**
 * The one contract version this sampler runs (docs/model-contract.md): caches [B, heads, N + T, head_dim],
 * collapsed captions (`text_ids` + `text_count`). Versions 1–3 are retired; scripts/model/export.py writes 4.
 */
export const CONTRACT_VERSION = 4;

/** The model the app, the CLI and the benchmark use when none is named: the emoji DiT trained for this project. */
export const DEFAULT_MODEL_DIR = 'models/emoji-dit-64';

export const manifestSchema = z
  .object({
    format: z.literal('ras-dit-onnx'),
    contract_version: z.literal(CONTRACT_VERSION),
    name: z.string().min(1),
    model_version: z.string().min(1),
    onnx_file: z.string().min(1),
    onnx_sha256: sha256Hex,
    /** The WebGPU variant of the graph (docs/model-contract.md): same weights, read from `onnx_file` as ONNX external data. */
    webgpu: z.object({ onnx_file: z.string().min(1), onnx_sha256: sha256Hex }).optional(),
    image: z.object({
      height: posInt,
      width: posInt,
      channels: posInt,
      value_range: z.tuple([z.literal(-1), z.literal(1)]),
    }),
    patch_size: posInt,
    tokens: posInt,
    grid: z.tuple([posInt, posInt]),
    hidden_size: posInt,
    layers: posInt,
    heads: posInt,
    head_dim: posInt,
    text: z.object({
      max_tokens: posInt,
      pad_id: z.number().int().min(0),
      tokenizer: z.literal('lowercase-words-v1'),
      vocab: z.array(z.string()).min(2),
    }),
    io: z.object({ inputs: z.array(z.string()), outputs: z.array(z.string()) }),
    defaults: z.object({ steps: posInt, guidance: z.number().min(0), shift: z.number().positive() }),
    train_timesteps: posInt,
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const { height: H, width: W } = m.image;
    const p = m.patch_size;
    if (H % p || W % p) issue(`image ${H}×${W} is not a whole number of ${p}×${p} patches`);
    if (m.grid[0] !== H / p || m.grid[1] !== W / p) issue(`grid ${m.grid} is not [${H / p}, ${W / p}]`);
    if (m.tokens !== m.grid[0] * m.grid[1]) issue(`tokens ${m.tokens} ≠ grid ${m.grid[0]}×${m.grid[1]}`);
    if (m.text.pad_id >= m.text.vocab.length) issue(`pad_id ${m.text.pad_id} is outside the vocabulary`);
    const io = contractIo(m.layers);
    if (!sameSet(m.io.inputs, io.inputs)) issue(`io.inputs ${JSON.stringify(m.io.inputs)} ≠ the contract's ${JSON.stringify(io.inputs)}`);
    if (!sameSet(m.io.outputs, io.outputs)) issue(`io.outputs ${JSON.stringify(m.io.outputs)} ≠ the contract's ${JSON.stringify(io.outputs)}`);
  });

export type Manifest = z.output<typeof manifestSchema>;

export interface LoadedManifest {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly onnxPath: string;
  /** sha256 of model.onnx, verified against the manifest. */
  readonly modelHash: string;
  /** The WebGPU variant (manifest `webgpu`), its sha256 verified; null when the manifest names none. */
  readonly webgpu: { readonly onnxPath: string; readonly hash: string } | null;
}

/** Graph input and output names the contract requires for `layers` layers. */
export function contractIo(layers: number): { inputs: string[]; outputs: string[] } {
  const per = (prefix: string) => Array.from({ length: layers }, (_, l) => `${prefix}_${l}`);
  return {
    inputs: ['x_active', 'active_idx', 'timestep', 'text_ids', 'text_count', ...per('k_cache'), ...per('v_cache')],
    outputs: ['v_active', ...per('k_cache_out'), ...per('v_cache_out')],
  };
}

/**
 * Shape of one K or V cache without its batch dimension: [heads, N + T, head_dim] (heads-major, image token t
 * at row t, then T = max_tokens caption slots, rewritten every call).
 */
export function cacheShape(m: Manifest): number[] {
  return [m.heads, m.tokens + m.text.max_tokens, m.head_dim];
}

/** A manifest of a retired contract (1–3) or an unknown one, refused before the schema's other checks. */
function retiredContract(raw: unknown, jsonPath: string): string | null {
  const v = (raw as { contract_version?: unknown } | null)?.contract_version;
  if (typeof v !== 'number' || v === CONTRACT_VERSION) return null;
  return v >= 1 && v < CONTRACT_VERSION && Number.isInteger(v)
    ? `model manifest ${jsonPath} is model contract ${v}, which this sampler no longer runs (it runs contract ${CONTRACT_VERSION} only): re-export it with scripts/model/export.py`
    : `model manifest ${jsonPath} has contract_version ${v}; this sampler runs contract ${CONTRACT_VERSION} (re-export it with scripts/model/export.py)`;
}

export function loadManifest(dir: string): LoadedManifest {
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new SamplerInputError(`model directory not found: ${abs}`);
  const jsonPath = path.join(abs, 'model.json');
  if (!existsSync(jsonPath)) throw new SamplerInputError(`model manifest not found: ${jsonPath}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(jsonPath, 'utf8'));
  } catch (e) {
    throw new SamplerInputError(`model manifest ${jsonPath} is not valid JSON: ${(e as Error).message}`);
  }
  const retired = retiredContract(raw, jsonPath);
  if (retired) throw new SamplerInputError(retired);
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`);
    throw new SamplerInputError(`model manifest ${jsonPath} does not follow the contract:\n  - ${lines.join('\n  - ')}`);
  }
  const manifest = parsed.data;
  const onnxPath = path.join(abs, manifest.onnx_file);
  const modelHash = verifiedHash(onnxPath, manifest.onnx_sha256, jsonPath);
  const webgpu = manifest.webgpu ? path.join(abs, manifest.webgpu.onnx_file) : null;
  return {
    dir: abs,
    manifest,
    onnxPath,
    modelHash,
    webgpu: webgpu && manifest.webgpu ? { onnxPath: webgpu, hash: verifiedHash(webgpu, manifest.webgpu.onnx_sha256, jsonPath) } : null,
  };
}

/** sha256 of a graph file named by the manifest, which must match `expected`. */
function verifiedHash(file: string, expected: string, jsonPath: string): string {
  if (!existsSync(file)) throw new SamplerInputError(`model graph not found: ${file} (named by ${jsonPath})`);
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
  if (hash !== expected) {
    throw new SamplerInputError(`model graph ${file} does not match its manifest: sha256 ${hash}, manifest says ${expected}`);
  }
  return hash;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}
