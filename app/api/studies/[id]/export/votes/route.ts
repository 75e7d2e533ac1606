import { requireRole } from '@/server/auth/sessions';
import { badRequest, route } from '@/server/http/errors';
import { toCsv } from '@/server/results/csv';
import { VOTE_COLUMNS, voteRows } from '@/server/results/votes';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const study = await getStudy((await params).id);
  const format = new URL(request.url).searchParams.get('format') ?? 'csv';
  const rows = await voteRows(study.id);
  const name = `votes-${study.id}`;
  if (format === 'json') {
    return Response.json(rows, { headers: { 'Content-Disposition': `attachment; filename="${name}.json"` } });
  }
  if (format !== 'csv') throw badRequest('format must be csv or json');
  return new Response(toCsv(rows, VOTE_COLUMNS), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}.csv"` },
  });
});
