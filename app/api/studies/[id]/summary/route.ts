import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { studyResults } from '@/server/results/studyResults';

/** The chart data and participant flow under the study's plan (or ?analysis=<exploratory id>). */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const r = await studyResults((await params).id, new URL(request.url).searchParams);
  return Response.json({ analysisUsed: r.label, summary: r.summary, flow: r.flow }, { headers: { 'Cache-Control': 'no-store' } });
});
