import { notFound } from 'next/navigation';
import { HttpError } from '@/server/http/errors';
import { methodsParagraph } from '@/server/results/methods';
import { reportPromptCount } from '@/server/results/report';
import { studyResults } from '@/server/results/studyResults';
import { pageUser } from '@/server/web/session';
import { PerPromptChart } from '../Analysis';
import { FlowTable, StackedBars, distributionRow } from '../Dashboard';
import { PrintButton } from './PrintButton';

export const dynamic = 'force-dynamic';

export default async function Report({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string>> }) {
  const { id } = await params;
  await pageUser(['ADMIN', 'RESEARCHER'], `/results/${id}/report`);
  let results;
  try {
    results = await studyResults(id, new URLSearchParams(await searchParams));
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) notFound();
    if (error instanceof HttpError) return <main className="mx-auto max-w-3xl p-8 text-red-700">{error.message}</main>;
    throw error;
  }
  const { study, analysis, summary, label } = results;
  const prompts = await reportPromptCount(id);
  const promptText = Object.fromEntries(summary.pairs.flatMap((p) => p.perPrompt.map((x) => [x.promptId, x.prompt])));
  return (
    <main className="mx-auto max-w-4xl bg-white px-8 py-10 print:p-0">
      <div className="flex items-start justify-between">
        <div>
          <h1 className="text-2xl font-semibold">{study.title}</h1>
          <p className="text-sm text-slate-500">Report generated {new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
        </div>
        <PrintButton />
      </div>
      <p className={`mt-4 rounded-lg p-3 text-sm ${label.kind === 'exploratory' ? 'bg-amber-100 text-amber-900' : 'bg-slate-100'}`} data-testid="analysis-label">
        Analysis: {label.text}
      </p>
      <h2 className="mt-8 text-lg font-medium">Participant flow</h2>
      <FlowTable flow={results.flow} />
      {!analysis.ok ? (
        <p className="mt-6" data-testid="analysis-reason">
          {analysis.reason}
        </p>
      ) : (
        <>
          <h2 className="mt-8 text-lg font-medium">Methods</h2>
          <p className="mt-2 text-sm leading-relaxed" data-testid="methods">
            {methodsParagraph(
              {
                trialsPerParticipant: study.trialsPerParticipant,
                attentionCheckRate: study.attentionCheckRate,
                attentionCheckKinds: study.attentionCheckKinds,
                conditions: study.conditions,
                prompts,
                label,
                flow: results.flow,
                answered: results.trialsAnswered,
              },
              analysis,
            )}
          </p>
          <h2 className="mt-8 text-lg font-medium">Results</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm" data-testid="findings">
            {analysis.sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {summary.pairs.map((pair) => {
            const stats = analysis.pairs.find((p) => p.a === pair.conditionA && p.b === pair.conditionB);
            return (
              <section key={`${pair.conditionA}-${pair.conditionB}`} className="mt-8 break-inside-avoid">
                <h3 className="font-medium">
                  {pair.conditionA} vs {pair.conditionB} · <span data-testid="report-pair-votes">{pair.votes}</span> votes
                </h3>
                <StackedBars rows={[distributionRow('All prompts', pair.overall)]} a={pair.conditionA} b={pair.conditionB} height={140} />
                {stats && <PerPromptChart pair={stats} promptText={promptText} />}
              </section>
            );
          })}
        </>
      )}
    </main>
  );
}
