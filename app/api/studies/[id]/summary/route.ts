import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { studyResults } from '@/server/results/studyResults';

/** The chart data and participant flow under the study's plan (or ?analysis=<exploratory id>). */
export const GET = handle(ROUTES.summary, async ({ params, query }) => {
  const r = await studyResults(params.id!, query);
  return { analysisUsed: r.label, summary: r.summary, flow: r.flow };
});
