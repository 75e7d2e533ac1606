import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { summarize } from '@/server/results/summary';
import { voteRows } from '@/server/results/votes';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const study = await getStudy((await params).id);
  return Response.json({ summary: summarize(await voteRows(study.id)) }, { headers: { 'Cache-Control': 'no-store' } });
});
