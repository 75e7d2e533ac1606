/**
 * One prompt of the frontier run: every grid point made on the same session, same seed, in a rotated order
 * (dense and RAS alternate, so a slow moment of a shared machine falls on all methods alike), each image's
 * sampling loop timed as it ran, then all images scored by the classifier in one batch.
 */
import type { PresetName, SamplerConfigInput } from '../sampler/config';
import { rotation } from '../sampler/benchStats';
import { fidelity } from '../sampler/fidelity';
import { generate, type GeneratedImage, type Model } from '../sampler/index';
import type { Classifier } from './classifier';
import type { FrontierPoint } from './frontierGrid';
import type { FrontierPrompt } from './frontierPrompts';
import { topK } from './recognition';

export interface PointRecord {
  readonly point: string;
  /** Measured wall time of the sampling loop, ms (GeneratedImage.ms). */
  readonly ms: number;
  /** Process CPU time during the loop, ms. */
  readonly cpuMs: number;
  /** Tokens processed over all steps (one CFG row). */
  readonly tokens: number;
  readonly top1: boolean;
  readonly top5: boolean;
  /** The classifier's softmax probability of the prompt's subgroup (the CLIP score's role). */
  readonly prob: number;
  readonly features: readonly number[];
  /** Against the reference dense image of the same prompt and seed. */
  readonly psnr?: number;
}

export interface FrontierPromptResult {
  readonly index: number;
  readonly prompt: string;
  readonly label: number;
  readonly seed: number;
  readonly results: readonly PointRecord[];
}

export interface RunContext {
  readonly model: Model;
  readonly classifier: Classifier;
  readonly points: readonly FrontierPoint[];
  /** Settings common to every point (guidance). */
  readonly base: SamplerConfigInput;
  readonly preset: PresetName;
  /** PSNR reference: this dense point's image. */
  readonly reference?: string;
  readonly ignoreUnknownWords: boolean;
}

export async function runPrompt(ctx: RunContext, item: FrontierPrompt, seed: number, round: number): Promise<FrontierPromptResult> {
  const images = new Map<string, GeneratedImage>();
  for (const p of rotation(ctx.points, round)) {
    const request = { prompt: item.caption, seed, preset: ctx.preset, config: { ...ctx.base, ...p.config }, ignoreUnknownWords: ctx.ignoreUnknownWords };
    images.set(p.name, await generate(ctx.model, request, p.method));
  }
  const ordered = ctx.points.map((p) => images.get(p.name)!);
  const { logits, features } = await classifyImages(ctx.classifier, ordered);
  const K = ctx.classifier.labels.length;
  const F = ctx.classifier.featureSize;
  const ref = ctx.reference ? images.get(ctx.reference) : undefined;
  return {
    index: item.index,
    prompt: item.caption,
    label: item.label,
    seed,
    results: ctx.points.map((p, j) => {
      const img = ordered[j]!;
      const scores = logits.subarray(j * K, (j + 1) * K);
      const top = topK(scores, 5);
      const psnr = ref && ref !== img ? fidelity(img.rgb, ref.rgb, img.height, img.width, 3).psnr : undefined;
      return {
        point: p.name,
        ms: round3(img.ms),
        cpuMs: round3(img.cpuMs),
        tokens: img.schedule.activeTokens.reduce((s, n) => s + n, 0),
        top1: top[0] === item.label,
        top5: top.includes(item.label),
        prob: Math.round(softmaxAt(scores, item.label) * 1e6) / 1e6,
        features: Array.from(features.subarray(j * F, (j + 1) * F), (x) => Math.round(x * 1e5) / 1e5),
        ...(psnr !== undefined && { psnr: Number.isFinite(psnr) ? round3(psnr) : 99 }),
      };
    }),
  };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function softmaxAt(logits: ArrayLike<number>, k: number): number {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  return Math.exp(logits[k]! - max) / sum;
}

/** The classifier's input size; a smaller image (the 16-pixel fixture model) is enlarged by pixel repetition. */
async function classifyImages(classifier: Classifier, images: readonly GeneratedImage[]) {
  const H = classifier.height;
  const W = classifier.width;
  const rgb = new Uint8Array(images.length * H * W * 3);
  images.forEach((img, j) => rgb.set(resizeNearest(img.rgb, img.height, img.width, H, W), j * H * W * 3));
  return classifier.classify(rgb, images.length);
}

export function resizeNearest(rgb: Uint8Array, h: number, w: number, H: number, W: number): Uint8Array {
  if (h === H && w === W) return rgb;
  const out = new Uint8Array(H * W * 3);
  for (let y = 0; y < H; y++) {
    const sy = Math.min(h - 1, Math.floor((y * h) / H));
    for (let x = 0; x < W; x++) {
      const sx = Math.min(w - 1, Math.floor((x * w) / W));
      out.set(rgb.subarray((sy * w + sx) * 3, (sy * w + sx) * 3 + 3), (y * W + x) * 3);
    }
  }
  return out;
}
