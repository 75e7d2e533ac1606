import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { createExploratoryAnalysis, listExploratoryAnalyses } from '@/server/results/analysisChoice';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const study = await getStudy((await params).id);
  return Response.json({ analyses: await listExploratoryAnalyses(study.id) }, { headers: { 'Cache-Control': 'no-store' } });
});

/** A named exploratory analysis: settings other than the plan's, recorded with who and when. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const user = await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const created = await createExploratoryAnalysis((await params).id, await readJson(request), user);
  return Response.json({ analysis: created }, { status: 201 });
});
