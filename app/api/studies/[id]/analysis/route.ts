import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { analysisOrRefusal, settingsFromQuery } from '@/server/results/analysis';
import { voteRows } from '@/server/results/votes';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const study = await getStudy((await params).id);
  const analysis = analysisOrRefusal(await voteRows(study.id), settingsFromQuery(new URL(request.url).searchParams));
  return Response.json({ analysis }, { headers: { 'Cache-Control': 'no-store' } });
});
