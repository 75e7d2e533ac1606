/**
 * The emoji subgroup classifier used to score generated images (models/emoji-classifier, written by
 * scripts/model/classifier.py): manifest checked and graph hash verified before a session is opened; one
 * batched forward gives logits (recognition) and penultimate features (Fréchet distance).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import type { Gaussian } from './frechet';

export const DEFAULT_CLASSIFIER_DIR = 'models/emoji-classifier';

const manifestSchema = z.object({
  format: z.literal('emoji-classifier-onnx'),
  onnx_file: z.string().min(1),
  onnx_sha256: z.string().regex(/^[0-9a-f]{64}$/),
  input: z.object({ name: z.string(), shape: z.tuple([z.literal('B'), z.number().int(), z.number().int(), z.literal(3)]) }),
  outputs: z.object({ logits: z.tuple([z.literal('B'), z.number().int()]), features: z.tuple([z.literal('B'), z.number().int()]) }),
  labels: z.array(z.string()).min(2),
  ref_stats: z.object({ file: z.string(), images: z.number().int() }),
  training: z.record(z.string(), z.unknown()).optional(),
});

export type ClassifierManifest = z.output<typeof manifestSchema>;

export interface Classifier {
  readonly manifest: ClassifierManifest;
  readonly labels: readonly string[];
  readonly height: number;
  readonly width: number;
  readonly featureSize: number;
  /** Feature statistics of all real images (the reference of the Fréchet distance). */
  readonly reference: Gaussian;
  /** rgb: n images H×W×3 bytes, concatenated. */
  classify(rgb: Uint8Array, n: number): Promise<{ logits: Float32Array; features: Float32Array }>;
  dispose(): Promise<void>;
}

function fail(message: string): never {
  throw new Error(`classifier: ${message}`);
}

export async function loadClassifier(dir: string = DEFAULT_CLASSIFIER_DIR, threads = 1): Promise<Classifier> {
  const jsonPath = path.resolve(dir, 'model.json');
  if (!existsSync(jsonPath)) fail(`manifest not found: ${jsonPath}`);
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(jsonPath, 'utf8')));
  if (!parsed.success) fail(`${jsonPath} is not a classifier manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const m = parsed.data;
  const onnxPath = path.resolve(dir, m.onnx_file);
  if (!existsSync(onnxPath)) fail(`graph not found: ${onnxPath}`);
  const graph = readFileSync(onnxPath);
  const hash = createHash('sha256').update(graph).digest('hex');
  if (hash !== m.onnx_sha256) fail(`graph ${onnxPath} does not match its manifest: sha256 ${hash}, manifest says ${m.onnx_sha256}`);
  const [, height, width] = m.input.shape;
  const classes = m.outputs.logits[1];
  const featureSize = m.outputs.features[1];
  if (classes !== m.labels.length) fail(`${classes} logits but ${m.labels.length} labels`);
  const reference = readReferenceStats(path.resolve(dir, m.ref_stats.file), featureSize);
  const session = await ort.InferenceSession.create(onnxPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  return {
    manifest: m,
    labels: m.labels,
    height,
    width,
    featureSize,
    reference,
    async classify(rgb, n) {
      if (rgb.length !== n * height * width * 3) fail(`${rgb.length} bytes for ${n} images of ${height}×${width}×3`);
      const x = new Float32Array(rgb.length);
      for (let i = 0; i < rgb.length; i++) x[i] = rgb[i]! / 127.5 - 1; // as classifier.py to_input
      const out = await session.run({ [m.input.name]: new ort.Tensor('float32', x, [n, height, width, 3]) });
      return { logits: out.logits!.data as Float32Array, features: out.features!.data as Float32Array };
    },
    dispose: () => session.release(),
  };
}

/** float32 little-endian: mean [F], then covariance [F, F] row-major. */
export function readReferenceStats(file: string, featureSize: number): Gaussian {
  if (!existsSync(file)) fail(`reference statistics not found: ${file}`);
  const bytes = readFileSync(file);
  const expected = 4 * (featureSize + featureSize * featureSize);
  if (bytes.length !== expected) fail(`${file} has ${bytes.length} bytes, expected ${expected} for ${featureSize} features`);
  const floats = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  return { mean: Float64Array.from(floats.subarray(0, featureSize)), cov: Float64Array.from(floats.subarray(featureSize)) };
}
