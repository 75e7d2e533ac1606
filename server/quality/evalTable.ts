/**
 * The Table-2 analogue of a model evaluation: per setting (dense at the full step count, RAS at each ratio,
 * dense with fewer steps at RAS's wall time), measured wall time, speedup over dense, recognition by the
 * classifier, Fréchet distance to the real images, and PSNR/SSIM against the dense image of the same seed.
 */
import { median } from '../sampler/benchStats';
import { fitGaussian, frechetDistance, type Gaussian } from './frechet';

export interface SettingResult {
  readonly setting: string;
  readonly ms: number;
  readonly top1: boolean;
  readonly top5: boolean;
  readonly features: readonly number[];
  /** Against the dense image of the same prompt and seed; absent for that dense image itself. */
  readonly psnr?: number;
  readonly ssim?: number;
}

export interface PromptResult {
  readonly index: number;
  readonly caption: string;
  readonly label: number;
  readonly seed: number;
  readonly results: readonly SettingResult[];
}

export interface SettingSpec {
  readonly name: string;
  readonly mode: 'dense' | 'ras';
  readonly steps: number;
  readonly ratio?: number;
}

export interface TableRow {
  readonly setting: string;
  readonly mode: 'dense' | 'ras';
  readonly steps: number;
  readonly ratio: number | null;
  readonly prompts: number;
  /** Median wall time per image, ms. */
  readonly medianMs: number;
  /** Median over prompts of dense time / this setting's time (paired, steadier on a shared machine). */
  readonly speedup: number;
  readonly top1: number;
  readonly top5: number;
  readonly frechet: number;
  readonly psnr: number | null;
  readonly ssim: number | null;
}

export interface RealRow {
  readonly prompts: number;
  readonly top1: number;
  readonly top5: number;
  readonly frechet: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const share = (xs: readonly boolean[]) => mean(xs.map((x) => (x ? 1 : 0)));

/** One row per setting, in the order given; `reference` is the real images' feature Gaussian. */
export function evalTable(settings: readonly SettingSpec[], prompts: readonly PromptResult[], reference: Gaussian): TableRow[] {
  const dense = settings[0];
  if (!dense || dense.mode !== 'dense') throw new Error('evalTable: the first setting must be the dense reference');
  return settings.map((spec) => {
    const rows = prompts.map((p) => {
      const r = p.results.find((x) => x.setting === spec.name);
      const d = p.results.find((x) => x.setting === dense.name);
      if (!r || !d) throw new Error(`evalTable: prompt ${p.index} lacks setting ${r ? dense.name : spec.name}`);
      return { r, d };
    });
    const fidelity = rows.filter(({ r }) => r.psnr !== undefined && Number.isFinite(r.psnr));
    return {
      setting: spec.name,
      mode: spec.mode,
      steps: spec.steps,
      ratio: spec.ratio ?? null,
      prompts: rows.length,
      medianMs: median(rows.map(({ r }) => r.ms)),
      speedup: median(rows.map(({ r, d }) => d.ms / r.ms)),
      top1: share(rows.map(({ r }) => r.top1)),
      top5: share(rows.map(({ r }) => r.top5)),
      frechet: frechetDistance(fitGaussian(rows.map(({ r }) => r.features)), reference),
      psnr: spec.name === dense.name || fidelity.length === 0 ? null : mean(fidelity.map(({ r }) => r.psnr!)),
      ssim: spec.name === dense.name || fidelity.length === 0 ? null : mean(fidelity.map(({ r }) => r.ssim!)),
    };
  });
}

const f = (x: number | null, digits: number) => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function tableMarkdown(rows: readonly TableRow[], real: RealRow): string {
  const lines = [
    '| setting | steps | wall time / image | speedup | top-1 | top-5 | Fréchet distance | PSNR vs dense | SSIM vs dense |',
    '|---|---|---|---|---|---|---|---|---|',
    `| real images (same captions) | — | — | — | ${pct(real.top1)} | ${pct(real.top5)} | ${f(real.frechet, 2)} | — | — |`,
    ...rows.map(
      (r) =>
        `| ${r.setting} | ${r.steps} | ${f(r.medianMs, 0)} ms | ${f(r.speedup, 2)}× | ${pct(r.top1)} | ${pct(r.top5)} | ${f(r.frechet, 2)} | ${r.psnr === null ? '—' : `${f(r.psnr, 2)} dB`} | ${f(r.ssim, 3)} |`,
    ),
  ];
  return lines.join('\n');
}

/** `key=value` pairs for scripts: real and per-setting recognition, FD, speedup, PSNR. */
export function tableLine(rows: readonly TableRow[], real: RealRow): string {
  const parts = [`real_top5=${real.top5.toFixed(4)}`, `real_top1=${real.top1.toFixed(4)}`, `real_fd=${real.frechet.toFixed(3)}`];
  for (const r of rows) {
    const key = r.setting.replace(/[^a-z0-9.%]+/gi, '_');
    parts.push(`${key}:top5=${r.top5.toFixed(4)}`, `${key}:fd=${r.frechet.toFixed(3)}`, `${key}:ms=${r.medianMs.toFixed(0)}`, `${key}:speedup=${r.speedup.toFixed(3)}`);
    if (r.psnr !== null) parts.push(`${key}:psnr=${r.psnr.toFixed(2)}`);
  }
  return parts.join(' ');
}
