'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AnalysisLabel } from '@/server/results/analysisChoice';
import type { ParticipantFlow } from '@/server/results/flow';
import { LEVEL_LABELS, type StudySummary } from '@/server/results/summary';
import type { Outcome, StudyAnalysis, StudySettings } from '@/server/stats';
import { fieldsFromSettings, settingsFromFields } from '@/server/stats/settingsFields';
import { api } from '../../_components/api';
import { buttonClass, Card, ErrorText, inputClass, ScrollBox } from '../../_components/ui';
import { Findings, PerPromptChart, PerPromptTable, Strengths } from './Analysis';
import { DistributionChart } from './charts';

export function FlowTable({ flow }: { flow: ParticipantFlow }) {
  const rows: [string, number, string][] = [
    ['Started (consented)', flow.started, 'flow-started'],
    ['Completed every trial', flow.completed, 'flow-completed'],
    ['Still in progress', flow.inProgress, 'flow-in-progress'],
    ['Dropped out (silent for an hour before finishing)', flow.droppedOut, 'flow-dropped'],
    ['Excluded: failed attention checks', flow.excluded.failedChecks, 'flow-excluded-checks'],
    ['Excluded: fast responders', flow.excluded.fastResponders, 'flow-excluded-fast'],
    ['Excluded: too few comparisons answered', flow.excluded.tooFewTrials, 'flow-excluded-few'],
    ['Excluded (any rule)', flow.excluded.total, 'flow-excluded'],
    ['Analysed', flow.analysed, 'flow-analysed'],
  ];
  return (
    <table className="mt-2 w-full max-w-lg text-left text-sm" data-testid="flow-table">
      <tbody>
        {rows.map(([label, value, testId]) => (
          <tr key={testId} className="border-t border-slate-100">
            <th scope="row" className="py-1 font-normal">
              {label}
            </th>
            <td className="text-right font-medium" data-testid={testId}>
              {value}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface AnalysisResponse {
  analysisUsed: AnalysisLabel;
  /** Every answer of the non-pilot participants: votes and attention checks, kept or excluded. */
  answers: number;
  /** Each prompt's text by id (studyResults). */
  promptText: Record<string, string>;
  analysis: Outcome<StudyAnalysis>;
  summary: StudySummary;
  flow: ParticipantFlow;
  participants: {
    participant_id: string;
    votes: number;
    attention_checks_failed: number;
    excluded: boolean;
    exclusion_reasons: string;
    median_server_response_ms: number | null;
    fast: boolean;
  }[];
}

type Exploratory = { id: string; name: string; label: AnalysisLabel };

export function Dashboard({ studyId, initial, exploratory: initialExploratory, defaults }: { studyId: string; initial: AnalysisResponse; exploratory: Exploratory[]; defaults: StudySettings }) {
  const [data, setData] = useState(initial);
  const [choice, setChoice] = useState('plan');
  const [exploratory, setExploratory] = useState(initialExploratory);
  const [error, setError] = useState<string | null>(null);
  const query = choice === 'plan' ? '' : `analysis=${encodeURIComponent(choice)}`;

  const refresh = useCallback(async () => {
    try {
      setData(await api<AnalysisResponse>(`/api/studies/${studyId}/analysis?${query}`));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [studyId, query]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 5000);
    return () => clearInterval(timer);
  }, [refresh]);

  const { analysis, summary, flow, analysisUsed } = data;
  const { promptText } = data;
  const exportLink = (kind: string, format: string) => `/api/studies/${studyId}/export/${kind}?format=${format}${query ? `&${query}` : ''}`;

  return (
    <>
      <p
        className={`mb-4 rounded-lg p-3 text-sm ${analysisUsed.kind === 'exploratory' ? 'bg-amber-100 text-amber-900' : 'bg-slate-100 text-slate-700'}`}
        data-testid="analysis-label"
      >
        Showing {analysisUsed.text}.
      </p>
      <Card title="Counts">
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-5">
          <Stat label="Votes analysed (kept, attention checks not counted)" value={summary.realVotes} testId="count-votes" />
          <Stat label="All answers (incl. attention checks and excluded participants)" value={data.answers} testId="count-answers" />
          <Stat label="Participants analysed" value={flow.analysed} testId="count-participants" />
          <Stat label="Participants started" value={flow.started} testId="count-started" />
          <Stat label="Participants excluded" value={flow.excluded.total} testId="count-excluded" />
        </dl>
        <h3 className="mt-4 text-sm font-medium">Participant flow</h3>
        <FlowTable flow={flow} />
      </Card>
      <Card title="Analysis">
        <label className="block text-sm font-medium">
          Analysis shown
          <select className={inputClass} value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="analysis-choice">
            <option value="plan">The study&apos;s analysis plan</option>
            {exploratory.map((x) => (
              <option key={x.id} value={x.id}>
                Exploratory: {x.name}
              </option>
            ))}
          </select>
        </label>
        <ExploratoryForm
          studyId={studyId}
          defaults={defaults}
          onCreated={(created) => {
            setExploratory((list) => [...list, created]);
            setChoice(created.id);
          }}
        />
        <ErrorText error={error} />
        <p className="mt-3 flex flex-wrap gap-x-3 gap-y-1 text-sm">
          <span>Downloads (under the analysis shown):</span>
          {[
            ['votes', 'csv'],
            ['votes', 'json'],
            ['comparisons', 'csv'],
            ['comparisons', 'json'],
            ['participants', 'csv'],
            ['participants', 'json'],
            ['configurations', 'csv'],
            ['stats', 'json'],
          ].map(([kind, format]) => (
            <a key={`${kind}.${format}`} className="text-indigo-700 hover:underline" href={exportLink(kind, format)} download>
              {kind}.{format}
            </a>
          ))}
          <a className="text-indigo-700 hover:underline" href={`/results/${studyId}/report${query ? `?${query}` : ''}`}>
            printable report
          </a>
        </p>
      </Card>
      {!analysis.ok && (
        <Card>
          <p className="text-sm text-slate-600" data-testid="analysis-reason">
            {analysis.reason}
          </p>
        </Card>
      )}
      {analysis.ok && <Findings analysis={analysis} />}
      {analysis.ok && <Strengths analysis={analysis} />}
      {summary.pairs.map((pair) => {
        const stats = analysis.ok ? analysis.pairs.find((p) => p.a === pair.conditionA && p.b === pair.conditionB) : undefined;
        return (
          <Card key={`${pair.conditionA}-${pair.conditionB}`} title={`${pair.conditionA} vs ${pair.conditionB} · ${pair.votes} votes analysed`}>
            <div data-testid="distribution-overall" className="mb-2 text-sm text-slate-600">
              {LEVEL_LABELS(pair.conditionA, pair.conditionB)
                .map((l, i) => `${l}: ${pair.overall[i]}`)
                .join(' · ')}
            </div>
            <DistributionChart rows={[{ key: 'all', label: 'All prompts', d: pair.overall }]} a={pair.conditionA} b={pair.conditionB} title={`Answers on ${pair.conditionA} vs ${pair.conditionB}, all prompts`} />
            <h3 className="mt-4 text-sm font-medium">Per prompt</h3>
            <DistributionChart
              rows={pair.perPrompt.map((p) => ({ key: p.promptId, label: `${p.prompt} (${p.votes})`, d: p.distribution }))}
              a={pair.conditionA}
              b={pair.conditionB}
              title={`Answers on ${pair.conditionA} vs ${pair.conditionB} per prompt`}
            />
            {stats && (
              <>
                <h3 className="mt-4 text-sm font-medium">Mean score per prompt with 95 % interval (after exclusions)</h3>
                <PerPromptChart pair={stats} promptText={promptText} />
                <PerPromptTable pair={stats} promptText={promptText} />
              </>
            )}
          </Card>
        );
      })}
      <Card title="Participants">
        <ScrollBox label="Participants">
        <table className="w-full text-left text-sm" data-testid="participants-table">
          <thead className="text-slate-500">
            <tr>
              <th className="py-1">Participant</th>
              <th>Answers</th>
              <th>Attention checks failed</th>
              <th>Median response (server)</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {data.participants.map((p) => (
              <tr key={p.participant_id} className={`border-t border-slate-100 ${p.excluded ? 'text-red-700' : ''}`}>
                <td className="py-1 font-mono text-xs">{p.participant_id}</td>
                <td>{p.votes}</td>
                <td>{p.attention_checks_failed}</td>
                <td>{p.median_server_response_ms === null ? '—' : `${(p.median_server_response_ms / 1000).toFixed(1)} s`}</td>
                <td>{p.excluded ? `excluded: ${p.exclusion_reasons}` : p.fast ? 'kept, fast' : 'kept'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </ScrollBox>
      </Card>
    </>
  );
}

/** Settings other than the plan's, saved under a name: the only way to see them, and always labelled. */
function ExploratoryForm({ studyId, defaults, onCreated }: { studyId: string; defaults: StudySettings; onCreated: (x: Exploratory) => void }) {
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState({ name: '', ...fieldsFromSettings(defaults) });
  const [error, setError] = useState<string | null>(null);
  const field = (key: keyof typeof form, label: string) => (
    <label className="block font-medium">
      {label}
      <input className={inputClass} name={key} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  );
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    const { name, ...fields } = form;
    const settings = settingsFromFields(fields);
    try {
      const { analysis } = await api<{ analysis: Exploratory }>(`/api/studies/${studyId}/analyses`, { json: { name, settings } });
      onCreated(analysis);
      setOpen(false);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (!open)
    return (
      <button type="button" className="mt-3 text-sm text-indigo-700 hover:underline" onClick={() => setOpen(true)}>
        New exploratory analysis…
      </button>
    );
  return (
    <form onSubmit={submit} className="mt-3 grid gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm sm:grid-cols-4">
      <p className="sm:col-span-4">
        An exploratory analysis is recorded with your name and the time, and every view, report and export made under it says so. The
        study&apos;s plan stays as it was frozen.
      </p>
      {field('name', 'Name')}
      {field('margin', 'Equivalence margin (±)')}
      {field('alpha', 'Alpha')}
      {field('identical', 'Max failed identical checks')}
      {field('degraded', 'Max failed degraded checks')}
      {field('fastMedianMs', 'Exclude median response below (ms; empty = off)')}
      {field('minTrialsAnswered', 'Min comparisons answered')}
      {field('maxFocusLosses', 'Exclude leaving the page more than (times; empty = off)')}
      <div className="flex items-end">
        <button className={buttonClass} type="submit">
          Save and show
        </button>
      </div>
      <div className="sm:col-span-4">
        <ErrorText error={error} />
      </div>
    </form>
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
