// The results figures as plain SVG, drawn the same on screen, on a phone and in print (no client-side layout,
// no animation): the 5-level distribution as stacked bars, the mean score per prompt with its interval, and
// the legend in scale order. Labels wrap instead of being cut; every row has its own key, so two prompts with
// the same first words never merge into one row.
import { LEVEL_LABELS, type Distribution } from '@/server/results/summary';
import { percentTick, wrapLabel } from './chartLabels';

/** Scale order, A clearly better … B clearly better; "Similar" a mid grey that stays visible on white and in print. */
export const LEVEL_COLORS = ['#1d4ed8', '#93c5fd', '#737373', '#fdba74', '#c2410c'];

const WIDTH = 800;
const LABEL_WIDTH = 250;
const PLOT_LEFT = LABEL_WIDTH + 10;
const PLOT_RIGHT = WIDTH - 20;
const LINE = 14;

function RowLabel({ text, y, height }: { text: string; y: number; height: number }) {
  const lines = wrapLabel(text);
  const top = y + height / 2 - ((lines.length - 1) * LINE) / 2;
  return (
    <text x={LABEL_WIDTH} textAnchor="end" fontSize={12} fill="#0f172a">
      <title>{text}</title>
      {lines.map((l, i) => (
        <tspan key={i} x={LABEL_WIDTH} y={top + i * LINE + 4}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

const rowHeight = (label: string) => Math.max(26, wrapLabel(label).length * LINE + 10);

export function Legend({ a, b }: { a: string; b: string }) {
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-label="Legend, in scale order">
      {LEVEL_LABELS(a, b).map((label, i) => (
        <li key={label} className="flex items-center gap-1">
          <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm border border-slate-400 print:[print-color-adjust:exact]" style={{ background: LEVEL_COLORS[i] }} />
          {label}
        </li>
      ))}
    </ul>
  );
}

/** One stacked bar per row: the share of each level, in scale order from the left. */
export function DistributionChart({ rows, a, b, title }: { rows: { key: string; label: string; d: Distribution }[]; a: string; b: string; title: string }) {
  const heights = rows.map((r) => rowHeight(r.label));
  const plotHeight = heights.reduce((s, h) => s + h, 0);
  const height = plotHeight + 30;
  const x = (pct: number) => PLOT_LEFT + ((PLOT_RIGHT - PLOT_LEFT) * pct) / 100;
  const labels = LEVEL_LABELS(a, b);
  let y = 0;
  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} className="block h-auto max-w-full print:[print-color-adjust:exact]">
        {rows.map((r, k) => {
          const total = r.d.reduce((s, n) => s + n, 0) || 1;
          let at = 0;
          const top = y;
          y += heights[k]!;
          return (
            <g key={r.key}>
              <RowLabel text={r.label} y={top} height={heights[k]!} />
              {r.d.map((n, i) => {
                const pct = (100 * n) / total;
                const from = at;
                at += pct;
                return pct > 0 ? (
                  <rect key={i} x={x(from)} y={top + heights[k]! / 2 - 9} width={x(from + pct) - x(from)} height={18} fill={LEVEL_COLORS[i]}>
                    <title>{`${labels[i]}: ${n} of ${total} (${pct.toFixed(1)} %)`}</title>
                  </rect>
                ) : null;
              })}
            </g>
          );
        })}
        {[0, 25, 50, 75, 100].map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={plotHeight + 4} stroke="#cbd5e1" strokeDasharray={t === 0 || t === 100 ? undefined : '3 3'} />
            <text x={x(t)} y={plotHeight + 18} fontSize={12} textAnchor="middle" fill="#334155">
              {percentTick(t)}
            </text>
          </g>
        ))}
      </svg>
      <Legend a={a} b={b} />
    </div>
  );
}

export interface MeanRow {
  key: string;
  label: string;
  mean: number;
  ci: [number, number] | null;
  n: number;
}

/** Mean score of A over B per row with its 95 % interval as a line (kept in print), on −2 … +2. */
export function MeanChart({ rows, a, b, title }: { rows: MeanRow[]; a: string; b: string; title: string }) {
  const heights = rows.map((r) => rowHeight(`${r.label} (n = ${r.n})`));
  const plotHeight = heights.reduce((s, h) => s + h, 0);
  const height = plotHeight + 48;
  const x = (v: number) => PLOT_LEFT + ((PLOT_RIGHT - PLOT_LEFT) * (Math.max(-2, Math.min(2, v)) + 2)) / 4;
  let y = 0;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title} className="block h-auto max-w-full">
      {[-2, -1, 0, 1, 2].map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={0} y2={plotHeight + 4} stroke={t === 0 ? '#475569' : '#cbd5e1'} strokeDasharray={t === 0 ? undefined : '3 3'} />
          <text x={x(t)} y={plotHeight + 18} fontSize={12} textAnchor="middle" fill="#334155">
            {t > 0 ? `+${t}` : t}
          </text>
        </g>
      ))}
      {rows.map((r, k) => {
        const top = y;
        y += heights[k]!;
        const mid = top + heights[k]! / 2;
        return (
          <g key={r.key}>
            <RowLabel text={`${r.label} (n = ${r.n})`} y={top} height={heights[k]!} />
            {r.ci && (
              <g stroke="#0f172a" strokeWidth={1.5}>
                <line x1={x(r.ci[0])} x2={x(r.ci[1])} y1={mid} y2={mid} />
                <line x1={x(r.ci[0])} x2={x(r.ci[0])} y1={mid - 5} y2={mid + 5} />
                <line x1={x(r.ci[1])} x2={x(r.ci[1])} y1={mid - 5} y2={mid + 5} />
              </g>
            )}
            <circle cx={x(r.mean)} cy={mid} r={5} fill="#4f46e5">
              <title>{`mean ${r.mean.toFixed(2)}${r.ci ? `, 95 % interval ${r.ci[0].toFixed(2)} to ${r.ci[1].toFixed(2)}` : ''}, n = ${r.n}`}</title>
            </circle>
          </g>
        );
      })}
      <text x={(PLOT_LEFT + PLOT_RIGHT) / 2} y={plotHeight + 38} fontSize={12} textAnchor="middle" fill="#334155">
        {`← ${b} better · mean score · ${a} better →`}
      </text>
    </svg>
  );
}
