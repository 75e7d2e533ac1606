// Figures and tables of the results, shared by the dashboard and the printable report (no client state).
import type { StudyAnalysis } from '@/server/stats';
import { Card, ScrollBox } from '../../_components/ui';
import { MeanChart } from './charts';

type Pair = StudyAnalysis['pairs'][number];

const p3 = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** Per prompt: the mean score of A over B with its 95 % interval (a line per prompt, kept in print). */
export function PerPromptChart({ pair, promptText }: { pair: Pair; promptText: Record<string, string> }) {
  const rows = pair.perPrompt.map((p) => ({ key: p.prompt, label: promptText[p.prompt] ?? p.prompt, mean: p.mean, ci: p.ci, n: p.n }));
  return <MeanChart rows={rows} a={pair.a} b={pair.b} title={`Mean score of ${pair.a} over ${pair.b} per prompt with 95 % intervals`} />;
}

/** Per prompt: n, mean score, 95 % interval, and the sign and Wilcoxon tests' Holm-adjusted p-values. */
export function PerPromptTable({ pair, promptText }: { pair: Pair; promptText: Record<string, string> }) {
  return (
    <ScrollBox label={`Per-prompt results, ${pair.a} vs ${pair.b}`}>
      <table className="w-full text-left text-sm" data-testid="per-prompt-table">
        <thead className="text-slate-600">
          <tr>
            <th className="py-1 pr-2">Prompt</th>
            <th className="pr-2 text-right">n</th>
            <th className="pr-2 text-right">Mean</th>
            <th className="pr-2 text-right">95 % interval</th>
            <th className="pr-2 text-right">Sign test p (Holm)</th>
            <th className="text-right">Wilcoxon p (Holm)</th>
          </tr>
        </thead>
        <tbody>
          {pair.perPrompt.map((p) => (
            <tr key={p.prompt} className="border-t border-slate-100 break-inside-avoid">
              <td className="py-1 pr-2">{promptText[p.prompt] ?? p.prompt}</td>
              <td className="pr-2 text-right tabular-nums">{p.n}</td>
              <td className="pr-2 text-right tabular-nums">{p.mean.toFixed(2)}</td>
              <td className="pr-2 text-right tabular-nums whitespace-nowrap">{p.ci ? `${p.ci[0].toFixed(2)} to ${p.ci[1].toFixed(2)}` : '—'}</td>
              <td className="pr-2 text-right tabular-nums">{p.signTest.ok ? p3(p.signTest.holm) : '—'}</td>
              <td className="text-right tabular-nums">{p.wilcoxon.ok ? p3(p.wilcoxon.holm) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}

/** How to read the agreement figure, wherever it is given. */
export const ALPHA_MEANING =
  "Krippendorff's α (ordinal) measures how far participants agree on the same pair beyond what chance would give: 1 is perfect agreement, 0 is no more than chance, below 0 is systematic disagreement. A low α with a clear mean says participants often judged single pairs differently, not that the mean is wrong.";

export function Findings({ analysis }: { analysis: StudyAnalysis }) {
  return (
    <Card title="Findings">
      <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="findings">
        {analysis.sentences.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ul>
      <p className="mt-3 text-xs text-slate-600" data-testid="alpha-meaning">
        {ALPHA_MEANING}
      </p>
    </Card>
  );
}

/** With three or more conditions: Bradley–Terry-with-ties strengths and the pairwise win/tie/loss table. */
export function Strengths({ analysis }: { analysis: StudyAnalysis }) {
  const s = analysis.strengths;
  if (!s.ok) return null;
  return (
    <Card title={`Strengths (Bradley–Terry with ties, reference ${s.reference})`}>
      <ScrollBox label="Strengths">
        <table className="w-full text-left text-sm" data-testid="strengths">
          <thead className="text-slate-600">
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
      </ScrollBox>
      <p className="mt-2 text-xs text-slate-600">
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
