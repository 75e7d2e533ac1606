import { notFound } from 'next/navigation';
import { db } from '@/server/db/client';
import { HttpError } from '@/server/http/errors';
import { analysisOrRefusal, settingsFromQuery } from '@/server/results/analysis';
import { methodsParagraph } from '@/server/results/methods';
import { summarize } from '@/server/results/summary';
import { voteRows } from '@/server/results/votes';
import { getStudy } from '@/server/studies/studies';
import { pageUser } from '@/server/web/session';
import { PerPromptChart } from '../Analysis';
import { StackedBars } from '../Dashboard';
import { PrintButton } from './PrintButton';

export const dynamic = 'force-dynamic';

export default async function Report({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string>> }) {
  const { id } = await params;
  await pageUser(['ADMIN', 'RESEARCHER'], `/results/${id}/report`);
  const study = await getStudy(id).catch((e) => (e instanceof HttpError && e.status === 404 ? notFound() : Promise.reject(e)));
  const rows = await voteRows(id);
  let analysis;
  try {
    analysis = analysisOrRefusal(rows, settingsFromQuery(new URLSearchParams(await searchParams)));
  } catch (error) {
    return <main className="mx-auto max-w-3xl p-8 text-red-700">{(error as Error).message}</main>;
  }
  const summary = summarize(rows);
  const prompts = await db().prompt.count({ where: { studyId: id, excluded: false } });
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
      {!analysis.ok ? (
        <p className="mt-6" data-testid="analysis-reason">
          {analysis.reason}
        </p>
      ) : (
        <>
          <h2 className="mt-8 text-lg font-medium">Methods</h2>
          <p className="mt-2 text-sm leading-relaxed" data-testid="methods">
            {methodsParagraph(
              { title: study.title, trialsPerParticipant: study.trialsPerParticipant, attentionCheckRate: study.attentionCheckRate, conditions: study.conditions, prompts, participants: analysis.exclusions.participants.kept },
              analysis,
            )}
          </p>
          <h2 className="mt-8 text-lg font-medium">Results</h2>
          <ul className="mt-2 list-disc space-y-1 pl-5 text-sm">
            {analysis.sentences.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {summary.pairs.map((pair) => {
            const stats = analysis.pairs.find((p) => p.a === pair.conditionA && p.b === pair.conditionB);
            return (
              <section key={`${pair.conditionA}-${pair.conditionB}`} className="mt-8 break-inside-avoid">
                <h3 className="font-medium">
                  {pair.conditionA} vs {pair.conditionB}
                </h3>
                <StackedBars rows={[{ name: 'All prompts', ...Object.fromEntries(pair.overall.map((x, i) => [`l${i}`, (100 * x) / Math.max(1, pair.votes)])) }]} a={pair.conditionA} b={pair.conditionB} height={140} />
                {stats && <PerPromptChart pair={stats} promptText={promptText} />}
              </section>
            );
          })}
        </>
      )}
    </main>
  );
}
