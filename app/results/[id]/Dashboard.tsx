'use client';

import { useEffect, useState } from 'react';
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Distribution, StudySummary } from '@/server/results/summary';
import { Card } from '../../_components/ui';

// Figure 2(e) of the RAS paper: one stacked bar per row, from "A clearly better" to "B clearly better".
const COLORS = ['#1d4ed8', '#93c5fd', '#d1d5db', '#fdba74', '#c2410c'];

function levelLabels(a: string, b: string) {
  return [`${a} clearly better`, `${a} slightly better`, 'Similar', `${b} slightly better`, `${b} clearly better`];
}

function rowOf(name: string, d: Distribution) {
  const total = d.reduce((s, x) => s + x, 0) || 1;
  return Object.fromEntries([['name', name], ...d.map((x, i) => [`l${i}`, (100 * x) / total]), ['n', total]]);
}

function StackedBars({ rows, a, b, height }: { rows: Record<string, unknown>[]; a: string; b: string; height: number }) {
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

export function Dashboard({ studyId, initial }: { studyId: string; initial: StudySummary }) {
  const [summary, setSummary] = useState(initial);
  useEffect(() => {
    const timer = setInterval(async () => {
      const response = await fetch(`/api/studies/${studyId}/summary`, { cache: 'no-store' });
      if (response.ok) setSummary(((await response.json()) as { summary: StudySummary }).summary);
    }, 3000);
    return () => clearInterval(timer);
  }, [studyId]);

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
      {summary.pairs.length === 0 && (
        <Card>
          <p className="text-sm text-slate-500">No votes yet. This page updates by itself.</p>
        </Card>
      )}
      {summary.pairs.map((pair) => (
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
        </Card>
      ))}
      <Card title="Participants">
        <table className="w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Participant</th>
              <th>Answers</th>
              <th>Attention checks failed</th>
              <th>Median response</th>
            </tr>
          </thead>
          <tbody>
            {summary.participants.map((p) => (
              <tr key={p.id} className="border-t border-slate-100">
                <td className="py-1 font-mono text-xs">{p.id}</td>
                <td>{p.votes}</td>
                <td>{p.attentionFailed}</td>
                <td>{(p.medianResponseMs / 1000).toFixed(1)} s</td>
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
