'use client';

import { Bar, CartesianGrid, ComposedChart, ErrorBar, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StudyAnalysis } from '@/server/stats';
import { Card } from '../../_components/ui';

type Pair = StudyAnalysis['pairs'][number];

/** Per prompt: the mean score of A over B with its 95 % interval, as horizontal bars with error bars. */
export function PerPromptChart({ pair, promptText }: { pair: Pair; promptText: Record<string, string> }) {
  const rows = pair.perPrompt.map((p) => ({
    name: (promptText[p.prompt] ?? p.prompt).slice(0, 36),
    mean: p.mean,
    error: p.ci ? [p.mean - p.ci[0], p.ci[1] - p.mean] : [0, 0],
    n: p.n,
  }));
  return (
    <ResponsiveContainer width="100%" height={80 + 28 * rows.length}>
      <ComposedChart data={rows} layout="vertical" margin={{ left: 24, right: 24 }}>
        <CartesianGrid horizontal={false} strokeDasharray="3 3" />
        <XAxis type="number" domain={[-2, 2]} ticks={[-2, -1, 0, 1, 2]} label={{ value: `← ${pair.b} better · mean score · ${pair.a} better →`, position: 'insideBottom', offset: -2, fontSize: 12 }} height={40} />
        <YAxis type="category" dataKey="name" width={220} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => Number(v).toFixed(2)} />
        <ReferenceLine x={0} stroke="#64748b" />
        <Bar dataKey="mean" fill="#6366f1" isAnimationActive={false} barSize={14}>
          <ErrorBar dataKey="error" width={6} strokeWidth={1.5} stroke="#1e293b" direction="x" />
        </Bar>
      </ComposedChart>
    </ResponsiveContainer>
  );
}

export function Findings({ analysis }: { analysis: StudyAnalysis }) {
  return (
    <Card title="Findings">
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="findings">
        {analysis.sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
    </Card>
  );
}

/** With three or more conditions: Bradley–Terry-with-ties strengths and the pairwise win/tie/loss table. */
export function Strengths({ analysis }: { analysis: StudyAnalysis }) {
  const s = analysis.strengths;
  if (!s.ok) return null;
  return (
    <Card title={`Strengths (Bradley–Terry with ties, reference ${s.reference})`}>
      <table className="w-full text-left text-sm" data-testid="strengths">
        <thead className="text-slate-500">
          <tr>
            <th className="py-1">Condition</th>
            <th>log-strength θ</th>
            <th>{Math.round(100 * s.bootstrap.confidence)} % interval</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(s.fit.theta).map(([c, theta]) => (
            <tr key={c} className="border-t border-slate-100">
              <td className="py-1">{c}</td>
              <td>{theta.toFixed(3)}</td>
              <td>{s.ci[c] ? `[${s.ci[c][0].toFixed(3)}, ${s.ci[c][1].toFixed(3)}]` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-2 text-xs text-slate-500">
        Tie parameter ν = {s.fit.nu.toFixed(3)}; bootstrap over participants and prompts, {s.bootstrap.replicates} replicates, seed {s.bootstrap.seed}.
      </p>
      <h3 className="mt-4 text-sm font-medium">Wins / ties / losses</h3>
      <table className="w-full text-left text-sm">
        <tbody>
          {s.pairs.map((p) => (
            <tr key={`${p.a}-${p.b}`} className="border-t border-slate-100">
              <td className="py-1">
                {p.a} vs {p.b}
              </td>
              <td>
                {p.aWins} / {p.ties} / {p.bWins}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
