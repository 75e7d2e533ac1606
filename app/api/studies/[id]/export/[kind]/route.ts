import { requireRole } from '@/server/auth/sessions';
import { badRequest, route } from '@/server/http/errors';
import { exportFile, prolificIdExport } from '@/server/results/exports';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string; kind: string }> }) => {
  const { id, kind } = await params;
  // Raw Prolific IDs are personal data: admins only.
  await requireRole(request, kind === 'prolific-ids' ? ['ADMIN'] : ['ADMIN', 'RESEARCHER']);
  const study = await getStudy(id);
  const url = new URL(request.url);
  const format = url.searchParams.get('format') ?? (kind === 'stats' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw badRequest('format must be csv or json');
  const file = kind === 'prolific-ids' ? await prolificIdExport(study.id, format) : await exportFile(study.id, kind, format, url.searchParams);
  return new Response(file.body, { headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.name}"` } });
});
