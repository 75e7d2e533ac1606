'use client';

import { useCallback, useEffect, useState } from 'react';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Distribution, StudySummary } from '@/server/results/summary';
import type { Outcome, StudyAnalysis } from '@/server/stats';
import { buttonClass, Card, ErrorText, inputClass } from '../../_components/ui';
import { Findings, PerPromptChart, Strengths } from './Analysis';

// Figure 2(e) of the RAS paper: one stacked bar per row, from "A clearly better" to "B clearly better".
const COLORS = ['#1d4ed8', '#93c5fd', '#d1d5db', '#fdba74', '#c2410c'];

function levelLabels(a: string, b: string) {
  return [`${a} clearly better`, `${a} slightly better`, 'Similar', `${b} slightly better`, `${b} clearly better`];
}

function rowOf(name: string, d: Distribution) {
  const total = d.reduce((s, x) => s + x, 0) || 1;
  return Object.fromEntries([['name', name], ...d.map((x, i) => [`l${i}`, (100 * x) / total]), ['n', total]]);
}

export function StackedBars({ rows, a, b, height }: { rows: Record<string, unknown>[]; a: string; b: string; height: number }) {
  const labels = levelLabels(a, b);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={rows} layout="vertical" margin={{ left: 24, right: 24 }}>
        <XAxis type="number" domain={[0, 100]} unit="%" />
        <YAxis type="category" dataKey="name" width={220} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => `${Number(v).toFixed(1)} %`} />
        <Legend />
        {labels.map((label, i) => (
          <Bar key={label} dataKey={`l${i}`} name={label} stackId="s" fill={COLORS[i]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

type Settings = { margin: string; maxFailedChecks: string; fastMs: string };

export function Dashboard({ studyId, initial }: { studyId: string; initial: StudySummary }) {
  const [summary, setSummary] = useState(initial);
  const [analysis, setAnalysis] = useState<Outcome<StudyAnalysis> | null>(null);
  const [draft, setDraft] = useState<Settings>({ margin: '0.25', maxFailedChecks: '0', fastMs: '1000' });
  const [applied, setApplied] = useState<Settings>(draft);
  const [error, setError] = useState<string | null>(null);
  const query = new URLSearchParams(applied).toString();

  const refresh = useCallback(async () => {
    const [s, a] = await Promise.all([fetch(`/api/studies/${studyId}/summary`, { cache: 'no-store' }), fetch(`/api/studies/${studyId}/analysis?${query}`, { cache: 'no-store' })]);
    if (s.ok) setSummary(((await s.json()) as { summary: StudySummary }).summary);
    const body = (await a.json()) as { analysis?: Outcome<StudyAnalysis>; error?: string };
    if (a.ok) setAnalysis(body.analysis!);
    else setError(body.error ?? 'analysis failed');
  }, [studyId, query]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 5000);
    return () => clearInterval(timer);
  }, [refresh]);

  const apply = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const response = await fetch(`/api/studies/${studyId}/analysis?${new URLSearchParams(draft)}`, { cache: 'no-store' });
    const body = (await response.json()) as { analysis?: Outcome<StudyAnalysis>; error?: string };
    if (!response.ok) return setError(body.error ?? 'refused');
    setAnalysis(body.analysis!);
    setApplied(draft);
  };

  const promptText = Object.fromEntries(summary.pairs.flatMap((p) => p.perPrompt.map((x) => [x.promptId, x.prompt])));
  const excluded = new Set(analysis?.ok ? analysis.exclusions.participants.excludedIds : []);
  const fast = new Set(analysis?.ok && analysis.responseTimes.ok ? analysis.responseTimes.fastParticipants : []);
  const exportLink = (kind: string, format: string) => `/api/studies/${studyId}/export/${kind}?format=${format}&${query}`;

  return (
    <>
      <Card title="Counts">
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4">
          <Stat label="Votes" value={summary.realVotes} testId="count-votes" />
          <Stat label="Participants" value={summary.participants.length} testId="count-participants" />
          <Stat label="Attention checks passed" value={`${summary.attentionChecks.passed} / ${summary.attentionChecks.votes}`} testId="count-checks" />
          <Stat label="All answers" value={summary.votes} testId="count-all" />
        </dl>
      </Card>
      <Card title="Analysis settings">
        <form onSubmit={apply} className="flex flex-wrap items-end gap-4 text-sm">
          <label className="block font-medium">
            Equivalence margin (±, on −2…+2)
            <input className={inputClass} name="margin" value={draft.margin} onChange={(e) => setDraft({ ...draft, margin: e.target.value })} />
          </label>
          <label className="block font-medium">
            Exclude after more than … failed checks
            <input className={inputClass} name="maxFailedChecks" value={draft.maxFailedChecks} onChange={(e) => setDraft({ ...draft, maxFailedChecks: e.target.value })} />
          </label>
          <label className="block font-medium">
            Fast-response threshold (ms)
            <input className={inputClass} name="fastMs" value={draft.fastMs} onChange={(e) => setDraft({ ...draft, fastMs: e.target.value })} />
          </label>
          <button className={buttonClass} type="submit">
            Apply
          </button>
        </form>
        <ErrorText error={error} />
        <p className="mt-3 text-sm">
          Downloads:{' '}
          {[
            ['votes', 'csv'],
            ['votes', 'json'],
            ['comparisons', 'csv'],
            ['comparisons', 'json'],
            ['participants', 'csv'],
            ['participants', 'json'],
            ['stats', 'json'],
          ].map(([kind, format]) => (
            <a key={`${kind}.${format}`} className="mr-3 text-indigo-700 hover:underline" href={exportLink(kind, format)} download>
              {kind}.{format}
            </a>
          ))}
          <a className="text-indigo-700 hover:underline" href={`/results/${studyId}/report?${query}`}>
            printable report
          </a>
        </p>
      </Card>
      {analysis && !analysis.ok && (
        <Card>
          <p className="text-sm text-slate-600" data-testid="analysis-reason">
            {analysis.reason}
          </p>
        </Card>
      )}
      {analysis?.ok && <Findings analysis={analysis} />}
      {analysis?.ok && <Strengths analysis={analysis} />}
      {summary.pairs.map((pair) => {
        const stats = analysis?.ok ? analysis.pairs.find((p) => p.a === pair.conditionA && p.b === pair.conditionB) : undefined;
        return (
          <Card key={`${pair.conditionA}-${pair.conditionB}`} title={`${pair.conditionA} vs ${pair.conditionB} · ${pair.votes} votes`}>
            <div data-testid="distribution-overall" className="mb-2 text-sm text-slate-600">
              {levelLabels(pair.conditionA, pair.conditionB)
                .map((l, i) => `${l}: ${pair.overall[i]}`)
                .join(' · ')}
            </div>
            <StackedBars rows={[rowOf('All prompts', pair.overall)]} a={pair.conditionA} b={pair.conditionB} height={140} />
            <h3 className="mt-4 text-sm font-medium">Per prompt</h3>
            <StackedBars
              rows={pair.perPrompt.map((p) => rowOf(`${p.prompt.slice(0, 32)} (${p.votes})`, p.distribution))}
              a={pair.conditionA}
              b={pair.conditionB}
              height={80 + 28 * pair.perPrompt.length}
            />
            {stats && (
              <>
                <h3 className="mt-4 text-sm font-medium">Mean score per prompt with 95 % interval (after exclusions)</h3>
                <PerPromptChart pair={stats} promptText={promptText} />
              </>
            )}
          </Card>
        );
      })}
      <Card title="Participants">
        <table className="w-full text-left text-sm" data-testid="participants-table">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Participant</th>
              <th>Answers</th>
              <th>Attention checks failed</th>
              <th>Median response</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {summary.participants.map((p) => (
              <tr key={p.id} className={`border-t border-slate-100 ${excluded.has(p.id) ? 'text-red-700' : ''}`}>
                <td className="py-1 font-mono text-xs">{p.id}</td>
                <td>{p.votes}</td>
                <td>{p.attentionFailed}</td>
                <td>{(p.medianResponseMs / 1000).toFixed(1)} s</td>
                <td>{[excluded.has(p.id) ? 'excluded' : 'kept', fast.has(p.id) ? 'fast' : ''].filter(Boolean).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: string | number; testId: string }) {
  return (
    <div>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-2xl font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
