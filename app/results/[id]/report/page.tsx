import { notFound } from 'next/navigation';
import { HttpError } from '@/server/http/errors';
import { methodsParagraph } from '@/server/results/methods';
import { studyResults } from '@/server/results/studyResults';
import { pageUser } from '@/server/web/session';
import { ALPHA_MEANING, PerPromptChart, PerPromptTable } from '../Analysis';
import { DistributionChart } from '../charts';
import { FlowTable } from '../Dashboard';
import { PrintButton } from './PrintButton';

export const dynamic = 'force-dynamic';

/** The printable report: A4 with margins (globals.css @page), every figure numbered and captioned, a per-prompt table. */
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
  const { study, analysis, summary, label, promptText } = results;
  let figure = 0;
  let table = 0;
  return (
    <main className="mx-auto max-w-4xl bg-white px-4 py-8 sm:px-8 sm:py-10 print:max-w-none print:p-0">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{study.title}</h1>
          <p className="text-sm text-slate-600">Report generated {new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
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
                prompts: results.promptCount,
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
          <p className="mt-2 text-xs text-slate-600">{ALPHA_MEANING}</p>
          {summary.pairs.map((pair) => {
            const stats = analysis.pairs.find((p) => p.a === pair.conditionA && p.b === pair.conditionB);
            const [a, b] = [pair.conditionA, pair.conditionB];
            return (
              <section key={`${a}-${b}`} className="mt-8">
                <h3 className="font-medium">
                  {a} vs {b} · <span data-testid="report-pair-votes">{pair.votes}</span> votes
                </h3>
                <figure className="mt-2 break-inside-avoid">
                  <DistributionChart rows={[{ key: 'all', label: 'All prompts', d: pair.overall }]} a={a} b={b} title={`Answers on ${a} vs ${b}, all prompts`} />
                  <figcaption className="mt-1 text-xs text-slate-700">
                    Figure {++figure}. Answers on {a} vs {b} over all prompts after exclusions ({pair.votes} votes), as shares of the five levels in scale order.
                  </figcaption>
                </figure>
                <figure className="mt-4 break-inside-avoid">
                  <DistributionChart
                    rows={pair.perPrompt.map((p) => ({ key: p.promptId, label: `${p.prompt} (${p.votes})`, d: p.distribution }))}
                    a={a}
                    b={b}
                    title={`Answers on ${a} vs ${b} per prompt`}
                  />
                  <figcaption className="mt-1 text-xs text-slate-700">
                    Figure {++figure}. Answers on {a} vs {b} per prompt (votes in brackets), as in Figure {figure - 1}.
                  </figcaption>
                </figure>
                {stats && (
                  <>
                    <figure className="mt-4 break-inside-avoid">
                      <PerPromptChart pair={stats} promptText={promptText} />
                      <figcaption className="mt-1 text-xs text-slate-700">
                        Figure {++figure}. Mean score of {a} over {b} per prompt (−2: {b} clearly better … +2: {a} clearly better) with 95 % t intervals.
                      </figcaption>
                    </figure>
                    <div className="mt-4">
                      <p className="mb-1 text-xs text-slate-700" data-testid="per-prompt-caption">
                        Table {++table}. Per prompt, {a} vs {b}: votes (n), mean score, its 95 % interval, and the p-values of the sign test and the
                        Wilcoxon signed-rank test, Holm-adjusted across the prompts.
                      </p>
                      <PerPromptTable pair={stats} promptText={promptText} />
                    </div>
                  </>
                )}
              </section>
            );
          })}
        </>
      )}
    </main>
  );
}
