/**
 * The frontier's tables and finding, from the per-prompt records of a run (frontierRun.ts).
 *
 * Per point: measured throughput (images per second: 1 / the median over prompts of the sampling loop's wall
 * time; the median because the shared machine's load spikes hit single images, and the rotated order spreads them
 * over all points alike; the same from process CPU time beside it), Fréchet
 * distance of the classifier's features to all real images, top-1 / top-5 recognition of the prompt's subgroup,
 * adherence (mean classifier probability of that subgroup), PSNR against the reference dense image.
 * Intervals: percentile bootstrap over prompts, one resample of prompts shared by every point and metric per
 * replicate, so differences between points are paired.
 *
 * Table 2 analogue: rows sorted by throughput, each RAS row beside the dense point of closest throughput.
 * Pareto finding: a RAS point improves on dense if it is better than every dense point at least as fast; for
 * each RAS point the best such dense point is its "equal-cost rival", and the difference comes with its interval.
 */
import { median } from '../sampler/benchStats';
import { mulberry32 } from '../stats/prng';
import type { Gaussian } from './frechet';
import { frechetOfResample, prepareFeatures, referenceRoot, traceOf, type PreparedFeatures } from './frechetBootstrap';
import type { FrontierPoint } from './frontierGrid';
import type { FrontierPromptResult } from './frontierRun';

export type Interval = readonly [number, number];

export interface FrontierRow {
  readonly point: string;
  readonly method: 'dense' | 'ras';
  readonly steps: number;
  readonly ratio: number;
  readonly warmup: number;
  readonly resets: readonly number[];
  readonly prompts: number;
  /** Images per second, measured: 1000 / median over prompts of the sampling loop's wall time (ms). */
  readonly throughput: number;
  readonly throughputCi: Interval;
  /** The same from process CPU time (blind to waiting for a busy CPU). */
  readonly cpuThroughput: number;
  readonly medianMs: number;
  readonly meanMs: number;
  /** Tokens processed per image (one CFG row). */
  readonly tokens: number;
  readonly frechet: number;
  readonly frechetCi: Interval;
  readonly top1: number;
  readonly top1Ci: Interval;
  readonly top5: number;
  readonly top5Ci: Interval;
  readonly adherence: number;
  readonly adherenceCi: Interval;
  readonly psnr: number | null;
  /** RAS rows: the dense point of closest throughput. */
  readonly closestDense?: string;
}

export type Metric = 'frechet' | 'top5' | 'adherence';
export const METRICS: readonly Metric[] = ['frechet', 'top5', 'adherence'];
const lowerIsBetter = (m: Metric) => m === 'frechet';

export interface Difference {
  /** RAS − dense, with its paired bootstrap interval. */
  readonly value: number;
  readonly ci: Interval;
  /** The interval lies entirely on RAS's better side. */
  readonly rasBetter: boolean;
  /** The interval lies entirely on dense's better side. */
  readonly denseBetter: boolean;
}

export interface Comparison {
  readonly ras: string;
  /** Faster than every dense point: the rival is then the fastest dense point. */
  readonly beyondDense: boolean;
  /** The dense point compared with: per metric, the best dense point at least as fast as the RAS point. */
  readonly rival: Record<Metric, string>;
  readonly diff: Record<Metric, Difference>;
  /** RAS throughput / the rival's, with interval. */
  readonly speed: Record<Metric, { value: number; ci: Interval }>;
  readonly closest: string;
  readonly closestDiff: Record<Metric, Difference>;
  /**
   * The fastest dense point slower than the RAS point (null: none), RAS's throughput over its, and RAS − it per
   * metric: a win over the rival is robust to throughput noise if RAS is faster than this point beyond the
   * interval, or better than it too.
   */
  readonly nextSlower: string | null;
  readonly speedVsNextSlower: { value: number; ci: Interval } | null;
  readonly diffVsNextSlower: Record<Metric, Difference> | null;
}

export interface Improvement {
  readonly ras: string;
  readonly metric: Metric;
  readonly rival: string;
  readonly diff: Difference;
  /** Also holds if the throughput ordering against the next slower dense point were noise (see Comparison). */
  readonly robust: boolean;
}

export interface FrontierReport {
  readonly prompts: number;
  readonly replicates: number;
  readonly frechetReplicates: number;
  readonly rows: readonly FrontierRow[];
  readonly comparisons: readonly Comparison[];
  readonly finding: { readonly improvements: readonly Improvement[]; readonly sentence: string };
}

export interface ReportOptions {
  readonly replicates: number;
  /** Replicates for the Fréchet distance (an eigenproblem each); default min(replicates, 200). */
  readonly frechetReplicates?: number;
  readonly seed: number;
}

const mean = (xs: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
};

/**
 * For the Fréchet distance: the bootstrap distribution's spread around its median, placed at the estimate,
 * [θ̂ + q2.5 − q50, θ̂ + q97.5 − q50]. A resample repeats prompts, so its features have fewer distinct rows and its
 * distance is biased upwards (by more than the spread at ~150 prompts in 256 dimensions): a percentile interval
 * would miss the estimate, and the basic interval would claim a bias-corrected value the run never measured.
 */
function centredCi(estimate: number, values: number[]): Interval {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  const [lo, hi] = percentileCi(s);
  const mid = median(s);
  return [estimate + lo - mid, estimate + hi - mid];
}

function percentileCi(values: number[]): Interval {
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => {
    const h = (s.length - 1) * p;
    const lo = Math.floor(h);
    return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
  };
  return [q(0.025), q(0.975)];
}

export function frontierReport(points: readonly FrontierPoint[], results: readonly FrontierPromptResult[], reference: Gaussian, options: ReportOptions): FrontierReport {
  const n = results.length;
  if (n < 2) throw new RangeError(`the frontier report needs at least 2 prompts, got ${n}`);
  const P = points.length;
  // per point, per prompt
  const get = (j: number) => results.map((r) => r.results[j]!);
  const ms = points.map((_, j) => Float64Array.from(get(j), (x) => x.ms));
  const cpu = points.map((_, j) => Float64Array.from(get(j), (x) => x.cpuMs));
  const top1 = points.map((_, j) => Float64Array.from(get(j), (x) => (x.top1 ? 1 : 0)));
  const top5 = points.map((_, j) => Float64Array.from(get(j), (x) => (x.top5 ? 1 : 0)));
  const prob = points.map((_, j) => Float64Array.from(get(j), (x) => x.prob));
  const root = referenceRoot(reference);
  const refTrace = traceOf(reference.cov, reference.mean.length);
  const prepared: PreparedFeatures[] = points.map((_, j) => prepareFeatures(get(j).map((x) => x.features), root));
  const identity = Int32Array.from({ length: n }, (_, i) => i);

  const R = options.replicates;
  const RF = Math.min(options.frechetReplicates ?? Math.min(R, 200), R);
  const random = mulberry32(options.seed + 1);
  const sample = Array.from({ length: R }, () => Int32Array.from({ length: n }, () => Math.floor(random() * n)));
  const stat = (xs: Float64Array, idx: Int32Array) => {
    let s = 0;
    for (let a = 0; a < idx.length; a++) s += xs[idx[a]!]!;
    return s / idx.length;
  };
  const medianOf = (xs: Float64Array, idx: ArrayLike<number>) => median(Array.from(idx, (i) => xs[i]!));
  const boot = {
    throughput: points.map((_, j) => sample.map((idx) => 1000 / medianOf(ms[j]!, idx))),
    top1: points.map((_, j) => sample.map((idx) => stat(top1[j]!, idx))),
    top5: points.map((_, j) => sample.map((idx) => stat(top5[j]!, idx))),
    adherence: points.map((_, j) => sample.map((idx) => stat(prob[j]!, idx))),
    frechet: points.map((_, j) => sample.slice(0, RF).map((idx) => frechetOfResample(prepared[j]!, idx, reference, refTrace))),
  };

  const psnrOf = (j: number) => {
    const xs = get(j).map((x) => x.psnr).filter((x): x is number => x !== undefined);
    return xs.length ? mean(xs) : null;
  };
  const frechetAll = points.map((_, j) => frechetOfResample(prepared[j]!, identity, reference, refTrace));
  const rows0 = points.map((p, j): FrontierRow => ({
    point: p.name,
    method: p.method,
    steps: p.steps,
    ratio: p.ratio,
    warmup: p.warmup,
    resets: p.resets,
    prompts: n,
    throughput: 1000 / medianOf(ms[j]!, identity),
    throughputCi: percentileCi(boot.throughput[j]!),
    cpuThroughput: 1000 / medianOf(cpu[j]!, identity),
    medianMs: medianOf(ms[j]!, identity),
    meanMs: mean(ms[j]!),
    tokens: mean(get(j).map((x) => x.tokens)),
    frechet: frechetAll[j]!,
    frechetCi: centredCi(frechetAll[j]!, boot.frechet[j]!),
    top1: mean(top1[j]!),
    top1Ci: percentileCi(boot.top1[j]!),
    top5: mean(top5[j]!),
    top5Ci: percentileCi(boot.top5[j]!),
    adherence: mean(prob[j]!),
    adherenceCi: percentileCi(boot.adherence[j]!),
    psnr: psnrOf(j),
  }));
  const denseIdx = points.map((p, j) => (p.method === 'dense' ? j : -1)).filter((j) => j >= 0);
  const closestOf = (j: number) =>
    denseIdx.reduce((best, k) => (Math.abs(Math.log(rows0[k]!.throughput / rows0[j]!.throughput)) < Math.abs(Math.log(rows0[best]!.throughput / rows0[j]!.throughput)) ? k : best), denseIdx[0]!);
  const rows = rows0.map((r, j) => (r.method === 'ras' && denseIdx.length ? { ...r, closestDense: rows0[closestOf(j)]!.point } : r));

  const value = (m: Metric, j: number) => rows[j]![m];
  const diff = (m: Metric, j: number, k: number): Difference => {
    const a = boot[m][j]!;
    const b = boot[m][k]!;
    const deltas = a.map((x, i) => x - b[i]!);
    const ci = m === 'frechet' ? centredCi(value(m, j) - value(m, k), deltas) : percentileCi(deltas);
    const better = lowerIsBetter(m) ? ci[1] < 0 : ci[0] > 0;
    const worse = lowerIsBetter(m) ? ci[0] > 0 : ci[1] < 0;
    return { value: value(m, j) - value(m, k), ci, rasBetter: better, denseBetter: worse };
  };
  const comparisons: Comparison[] = [];
  for (let j = 0; j < P; j++) {
    if (points[j]!.method !== 'ras' || !denseIdx.length) continue;
    const faster = denseIdx.filter((k) => rows[k]!.throughput >= rows[j]!.throughput);
    const rival = {} as Comparison['rival'];
    const d = {} as Comparison['diff'];
    const speed = {} as Comparison['speed'];
    const closestDiff = {} as Comparison['closestDiff'];
    const c = closestOf(j);
    const fastest = denseIdx.reduce((a, b) => (rows[b]!.throughput > rows[a]!.throughput ? b : a), denseIdx[0]!);
    for (const m of METRICS) {
      // none at least as fast: the fastest dense point (RAS then dominates it only if it is also better)
      const pool = faster.length ? faster : [fastest];
      const k = pool.reduce((best, x) => (lowerIsBetter(m) ? value(m, x) < value(m, best) : value(m, x) > value(m, best)) ? x : best, pool[0]!);
      rival[m] = rows[k]!.point;
      d[m] = diff(m, j, k);
      speed[m] = { value: rows[j]!.throughput / rows[k]!.throughput, ci: percentileCi(boot.throughput[j]!.map((x, i) => x / boot.throughput[k]![i]!)) };
      closestDiff[m] = diff(m, j, c);
    }
    const slower = denseIdx.filter((k) => rows[k]!.throughput < rows[j]!.throughput);
    const ns = slower.length ? slower.reduce((a, b) => (rows[b]!.throughput > rows[a]!.throughput ? b : a), slower[0]!) : -1;
    comparisons.push({
      ras: rows[j]!.point,
      beyondDense: !faster.length,
      rival,
      diff: d,
      speed,
      closest: rows[c]!.point,
      closestDiff,
      nextSlower: ns >= 0 ? rows[ns]!.point : null,
      speedVsNextSlower: ns >= 0 ? { value: rows[j]!.throughput / rows[ns]!.throughput, ci: percentileCi(boot.throughput[j]!.map((x, i) => x / boot.throughput[ns]![i]!)) } : null,
      diffVsNextSlower: ns >= 0 ? (Object.fromEntries(METRICS.map((m) => [m, diff(m, j, ns)])) as Record<Metric, Difference>) : null,
    });
  }
  const improvements: Improvement[] = comparisons.flatMap((c) =>
    METRICS.filter((m) => c.diff[m].rasBetter).map((m) => ({
      ras: c.ras,
      metric: m,
      rival: c.rival[m],
      diff: c.diff[m],
      robust: c.speedVsNextSlower === null || c.speedVsNextSlower.ci[0] > 1 || c.diffVsNextSlower![m].rasBetter,
    })),
  );
  return { prompts: n, replicates: R, frechetReplicates: RF, rows, comparisons, finding: { improvements, sentence: findingSentence(comparisons, improvements) } };
}

const METRIC_NAME: Record<Metric, string> = { frechet: 'Fréchet distance', top5: 'top-5 recognition', adherence: 'adherence' };

function findingSentence(comparisons: readonly Comparison[], improvements: FrontierReport['finding']['improvements']): string {
  const worse = comparisons.filter((c) => METRICS.some((m) => c.diff[m].denseBetter)).length;
  if (!improvements.length) {
    return `No RAS point is better than the best dense point at least as fast (or, for a RAS point faster than every dense point, than the fastest dense point) on any metric beyond its 95 % bootstrap interval; ` +
      `${worse} of ${comparisons.length} RAS points are worse on at least one metric beyond it.`;
  }
  const list = improvements.map((i) => `${i.ras} vs ${i.rival} on ${METRIC_NAME[i.metric]} (${fmtDiff(i.metric, i.diff)}${i.robust ? '' : '; not robust: its speed over the next slower dense point is within noise'})`).join('; ');
  const points = new Set(improvements.map((i) => i.ras)).size;
  const robust = new Set(improvements.filter((i) => i.robust).map((i) => i.ras)).size;
  return `${points} of ${comparisons.length} RAS points (${robust} robustly) beat the best dense point at least as fast (or, if faster than every dense point, the fastest one) beyond the 95 % bootstrap interval on some metric: ${list}. ` +
    `${worse} of ${comparisons.length} RAS points are worse than that dense point on at least one metric beyond it.`;
}

export function fmtDiff(m: Metric, d: Difference): string {
  const f = (x: number) => (m === 'frechet' ? x.toFixed(2) : `${(x * 100).toFixed(1)}`);
  const unit = m === 'frechet' ? '' : ' pp';
  const sign = (x: number) => (x >= 0 ? '+' : '−') + f(Math.abs(x));
  return `${sign(d.value)}${unit} [${sign(d.ci[0])}, ${sign(d.ci[1])}]`;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const ci = (c: Interval, f: (x: number) => string) => `${f(c[0])}–${f(c[1])}`;

/** The Table-2 analogue and the Pareto comparisons, as markdown. */
export function reportMarkdown(r: FrontierReport): string {
  const byThroughput = [...r.rows].sort((a, b) => a.throughput - b.throughput);
  const comp = new Map(r.comparisons.map((c) => [c.ras, c]));
  const t = (x: number) => x.toFixed(2);
  const lines = [
    '| method | steps | ratio | dense steps (warm-up + resets) | throughput: 1 / median wall time (img/s) [95 %] | same, CPU time | Fréchet distance [95 %] | top-1 | top-5 [95 %] | adherence [95 %] | PSNR vs dense 28 | closest dense: ΔFD / Δtop-5 / Δadherence |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of byThroughput) {
    const c = comp.get(row.point);
    const dense = row.method === 'dense' ? row.steps : row.warmup + row.resets.length;
    lines.push(
      `| ${row.method === 'dense' ? '**dense**' : 'RAS'} | ${row.steps} | ${pct(row.ratio)} | ${row.method === 'dense' ? dense : `${dense} (${row.warmup} + ${row.resets.length})`} | ` +
        `${t(row.throughput)} [${ci(row.throughputCi, t)}] | ${t(row.cpuThroughput)} | ${row.frechet.toFixed(2)} [${ci(row.frechetCi, (x) => x.toFixed(2))}] | ${pct(row.top1)} | ` +
        `${pct(row.top5)} [${ci(row.top5Ci, pct)}] | ${row.adherence.toFixed(3)} [${ci(row.adherenceCi, (x) => x.toFixed(3))}] | ${row.psnr === null ? '—' : `${row.psnr.toFixed(1)} dB`} | ` +
        `${c ? `${c.closest}: ${METRICS.map((m) => fmtDiff(m, c.closestDiff[m])).join(' / ')}` : ''} |`,
    );
  }
  const pareto = [
    '',
    'RAS against the best dense point at least as fast (per metric; RAS − dense, paired bootstrap over prompts; **bold**: interval excludes 0 in RAS\'s favour, _italic_: in dense\'s):',
    '',
    '| RAS point | throughput | Fréchet distance: rival, Δ [95 %] | top-5: rival, Δ [95 %] | adherence: rival, Δ [95 %] | next slower dense point: RAS throughput ÷ its [95 %] |',
    '|---|---|---|---|---|---|',
  ];
  const rowOf = new Map(r.rows.map((x) => [x.point, x]));
  for (const c of [...r.comparisons].sort((a, b) => rowOf.get(a.ras)!.throughput - rowOf.get(b.ras)!.throughput)) {
    const cell = (m: Metric) => {
      const d = c.diff[m];
      const s = `${c.rival[m]}${c.beyondDense ? ' (slower)' : ''}, ${fmtDiff(m, d)}`;
      return d.rasBetter ? `**${s}**` : d.denseBetter ? `_${s}_` : s;
    };
    const ns = c.speedVsNextSlower ? `${c.nextSlower}: ${c.speedVsNextSlower.value.toFixed(2)} [${ci(c.speedVsNextSlower.ci, t)}]` : '—';
    pareto.push(`| ${c.ras} | ${t(rowOf.get(c.ras)!.throughput)} | ${cell('frechet')} | ${cell('top5')} | ${cell('adherence')} | ${ns} |`);
  }
  return [...lines, ...pareto, '', r.finding.sentence].join('\n');
}
