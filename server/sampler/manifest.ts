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

/** The model the app, the CLI and the benchmark use when none is named: the emoji DiT trained for this project. */
export const DEFAULT_MODEL_DIR = 'models/emoji-dit-64';

export const manifestSchema = z
  .object({
    format: z.literal('ras-dit-onnx'),
    contract_version: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
    name: z.string().min(1),
    model_version: z.string().min(1),
    onnx_file: z.string().min(1),
    onnx_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
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
    const io = contractIo(m.layers, m.contract_version);
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
}

export type ContractVersion = 1 | 2 | 3 | 4;

/** Whether the graph takes captions collapsed to distinct words with counts (`text_count`; contracts 3 and 4). */
export function takesWordCounts(version: ContractVersion): boolean {
  return version >= 3;
}

/** Graph input and output names the contract requires for `layers` layers (contracts 3 and 4 add `text_count`). */
export function contractIo(layers: number, version: ContractVersion = 1): { inputs: string[]; outputs: string[] } {
  const per = (prefix: string) => Array.from({ length: layers }, (_, l) => `${prefix}_${l}`);
  const text = takesWordCounts(version) ? ['text_ids', 'text_count'] : ['text_ids'];
  return {
    inputs: ['x_active', 'active_idx', 'timestep', ...text, ...per('k_cache'), ...per('v_cache')],
    outputs: ['v_active', ...per('k_cache_out'), ...per('v_cache_out')],
  };
}

/**
 * Shape of one K or V cache without its batch dimension:
 *  - contracts 1 and 3: [N, D], D = heads · head_dim (image tokens only, token-major);
 *  - contract 2: [heads, T + N, head_dim] (heads-major, the T caption rows first, rewritten every call);
 *  - contract 4: [heads, N + T, head_dim] (heads-major, image token t at row t, then T = max_tokens caption
 *    slots, rewritten every call).
 */
export function cacheShape(m: Manifest): number[] {
  if (m.contract_version === 2) return [m.heads, m.text.max_tokens + m.tokens, m.head_dim];
  if (m.contract_version === 4) return [m.heads, m.tokens + m.text.max_tokens, m.head_dim];
  return [m.tokens, m.heads * m.head_dim];
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
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`);
    throw new SamplerInputError(`model manifest ${jsonPath} does not follow the contract:\n  - ${lines.join('\n  - ')}`);
  }
  const manifest = parsed.data;
  const onnxPath = path.join(abs, manifest.onnx_file);
  if (!existsSync(onnxPath)) throw new SamplerInputError(`model graph not found: ${onnxPath} (named by ${jsonPath})`);
  const modelHash = createHash('sha256').update(readFileSync(onnxPath)).digest('hex');
  if (modelHash !== manifest.onnx_sha256) {
    throw new SamplerInputError(
      `model graph ${onnxPath} does not match its manifest: sha256 ${modelHash}, manifest says ${manifest.onnx_sha256}`,
    );
  }
  return { dir: abs, manifest, onnxPath, modelHash };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}
