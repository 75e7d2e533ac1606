import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { studyResults } from '@/server/results/studyResults';

/** The study's results under its plan, or under ?analysis=<exploratory id>: label, analysis, chart data, flow. */
export const GET = handle(ROUTES.analysis, async ({ params, query }) => {
  const r = await studyResults(params.id!, query);
  return { analysisUsed: r.label, answers: r.rows.length, promptText: r.promptText, analysis: r.analysis, summary: r.summary, flow: r.flow, trialsAnswered: r.trialsAnswered, participants: r.participants };
});
