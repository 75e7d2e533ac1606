import { requireRole } from '@/server/auth/sessions';
import { badRequest, route } from '@/server/http/errors';
import { exportFile } from '@/server/results/exports';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string; kind: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const { id, kind } = await params;
  const study = await getStudy(id);
  const url = new URL(request.url);
  const format = url.searchParams.get('format') ?? (kind === 'stats' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw badRequest('format must be csv or json');
  const file = await exportFile(study.id, kind, format, url.searchParams);
  return new Response(file.body, { headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.name}"` } });
});
