import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { studyResults } from '@/server/results/studyResults';

/** The study's results under its plan, or under ?analysis=<exploratory id>: label, analysis, chart data, flow. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const r = await studyResults((await params).id, new URL(request.url).searchParams);
  return Response.json(
    { analysisUsed: r.label, answers: r.rows.length, promptText: r.promptText, analysis: r.analysis, summary: r.summary, flow: r.flow, trialsAnswered: r.trialsAnswered, participants: r.participants },
    { headers: { 'Cache-Control': 'no-store' } },
  );
});
