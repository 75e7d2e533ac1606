/**
 * The frontier plot (the paper's Figure 2(c)(d)): quality against measured throughput, one line per method and
 * ratio (dense over its step counts; RAS at each ratio over its total step counts), one panel per metric, 95 %
 * bootstrap intervals as whiskers. Drawn as SVG here and rasterised by sharp (no plotting library).
 */
import sharp from 'sharp';
import type { FrontierReport, FrontierRow, Interval, Metric } from './frontierReport';

const COLORS: Record<string, string> = { dense: '#111111', '0.75': '#1f77b4', '0.5': '#2ca02c', '0.25': '#ff7f0e', '0.125': '#d62728' };
const PALETTE = ['#9467bd', '#8c564b', '#e377c2', '#17becf'];

interface Panel {
  readonly metric: Metric;
  readonly title: string;
  readonly better: string;
  readonly value: (r: FrontierRow) => number;
  readonly ci: (r: FrontierRow) => Interval;
}

const PANELS: readonly Panel[] = [
  { metric: 'frechet', title: 'Fréchet distance (classifier features)', better: 'lower is better', value: (r) => r.frechet, ci: (r) => r.frechetCi },
  { metric: 'top5', title: 'top-5 recognition of the subgroup (%)', better: 'higher is better', value: (r) => r.top5 * 100, ci: (r) => [r.top5Ci[0] * 100, r.top5Ci[1] * 100] },
  { metric: 'adherence', title: 'adherence: P(subgroup) (CLIP score’s role)', better: 'higher is better', value: (r) => r.adherence, ci: (r) => r.adherenceCi },
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || 1;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0)!;
  const out: number[] = [];
  // from the last tick at or below lo to the first at or above hi, so the ticks cover the data
  for (let v = Math.floor(lo / step) * step; v < hi + step - 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

const fmt = (v: number) => (v === 0 ? "0" : Math.abs(v) >= 10 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2));

export function frontierSvg(report: FrontierReport, options: { title: string; panelWidth?: number; panelHeight?: number }): string {
  const W = options.panelWidth ?? 430;
  const H = options.panelHeight ?? 340;
  const m = { left: 58, right: 14, top: 50, bottom: 46 };
  const legendH = 34;
  const width = W * PANELS.length;
  const height = H + legendH + 30;
  const rows = report.rows;
  const groups = new Map<string, FrontierRow[]>();
  for (const r of rows) {
    const key = r.method === 'dense' ? 'dense' : String(r.ratio);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const keys = [...groups.keys()];
  const color = (k: string) => COLORS[k] ?? PALETTE[keys.indexOf(k) % PALETTE.length]!;
  const label = (k: string) => (k === 'dense' ? 'dense (rectified flow), 3–30 steps' : `RAS ${Math.round(Number(k) * 1000) / 10} %`);
  const xs = rows.map((r) => r.throughput);
  const xTicks = niceTicks(0, Math.max(...xs) * 1.03);
  const xMax = xTicks[xTicks.length - 1]!;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" font-size="15" text-anchor="middle" font-weight="bold">${esc(options.title)}</text>`,
  ];
  PANELS.forEach((panel, pi) => {
    const ox = pi * W;
    const oy = 20;
    const lows = rows.map((r) => panel.ci(r)[0]);
    const highs = rows.map((r) => panel.ci(r)[1]);
    const yTicks = niceTicks(Math.min(...lows), Math.max(...highs));
    const yLo = yTicks[0]!;
    const yHi = yTicks[yTicks.length - 1]!;
    const px = (x: number) => ox + m.left + (x / xMax) * (W - m.left - m.right);
    const py = (y: number) => oy + m.top + (1 - (y - yLo) / (yHi - yLo || 1)) * (H - m.top - m.bottom);
    parts.push(`<text x="${ox + W / 2}" y="${oy + 22}" font-size="13" text-anchor="middle">${esc(panel.title)}</text>`);
    parts.push(`<text x="${ox + W / 2}" y="${oy + 35}" font-size="10" fill="#555" text-anchor="middle">${panel.better}</text>`);
    for (const t of yTicks) {
      parts.push(`<line x1="${px(0)}" x2="${px(xMax)}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`);
      parts.push(`<text x="${px(0) - 5}" y="${py(t) + 4}" font-size="10" text-anchor="end">${fmt(t)}</text>`);
    }
    for (const t of xTicks) {
      parts.push(`<line x1="${px(t)}" x2="${px(t)}" y1="${py(yLo)}" y2="${py(yLo) + 4}" stroke="#333"/>`);
      parts.push(`<text x="${px(t)}" y="${py(yLo) + 16}" font-size="10" text-anchor="middle">${fmt(t)}</text>`);
    }
    parts.push(`<rect x="${px(0)}" y="${py(yHi)}" width="${px(xMax) - px(0)}" height="${py(yLo) - py(yHi)}" fill="none" stroke="#333"/>`);
    parts.push(`<text x="${ox + m.left + (W - m.left - m.right) / 2}" y="${py(yLo) + 32}" font-size="11" text-anchor="middle">throughput (images/s, measured, 1 thread)</text>`);
    for (const k of keys) {
      const g = [...groups.get(k)!].sort((a, b) => a.throughput - b.throughput);
      const c = color(k);
      parts.push(`<polyline fill="none" stroke="${c}" stroke-width="${k === 'dense' ? 2.2 : 1.6}" ${k === 'dense' ? '' : 'stroke-dasharray="5 3"'} points="${g.map((r) => `${px(r.throughput).toFixed(1)},${py(panel.value(r)).toFixed(1)}`).join(' ')}"/>`);
      for (const r of g) {
        const [lo, hi] = panel.ci(r);
        const x = px(r.throughput);
        parts.push(`<line x1="${x}" x2="${x}" y1="${py(lo)}" y2="${py(hi)}" stroke="${c}" stroke-opacity="0.45"/>`);
        parts.push(k === 'dense' ? `<circle cx="${x}" cy="${py(panel.value(r))}" r="3.2" fill="${c}"/>` : `<rect x="${x - 2.8}" y="${py(panel.value(r)) - 2.8}" width="5.6" height="5.6" fill="${c}"/>`);
        parts.push(`<text x="${x + 4}" y="${py(panel.value(r)) - 4}" font-size="8.5" fill="${c}">${r.steps}</text>`);
      }
    }
  });
  let lx = 20;
  const ly = H + 40;
  for (const k of keys) {
    const c = color(k);
    parts.push(`<line x1="${lx}" x2="${lx + 26}" y1="${ly}" y2="${ly}" stroke="${c}" stroke-width="2" ${k === 'dense' ? '' : 'stroke-dasharray="5 3"'}/>`);
    parts.push(`<text x="${lx + 32}" y="${ly + 4}" font-size="12">${esc(label(k))}</text>`);
    lx += 40 + label(k).length * 7;
  }
  parts.push(`<text x="${lx + 10}" y="${ly + 4}" font-size="10" fill="#555">numbers: total steps; whiskers: 95 % bootstrap over prompts</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

export async function svgToPng(svg: string, file: string): Promise<void> {
  await sharp(Buffer.from(svg), { density: 110 }).png().toFile(file);
}
