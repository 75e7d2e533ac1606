import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { createExploratoryAnalysis, listExploratoryAnalyses } from '@/server/results/analysisChoice';
import { getStudy } from '@/server/studies/studies';

export const GET = handle(ROUTES.listAnalyses, async ({ params }) => {
  const study = await getStudy(params.id!);
  return { analyses: await listExploratoryAnalyses(study.id) };
});

/** A named exploratory analysis: settings other than the plan's, recorded with who and when. */
export const POST = handle(ROUTES.createAnalysis, async ({ params, body, user }) => ({ analysis: await createExploratoryAnalysis(params.id!, body, user) }));
