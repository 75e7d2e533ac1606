import { requireRole } from '@/server/auth/sessions';
import { badRequest } from '@/server/http/errors';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { exportFile, prolificIdExport } from '@/server/results/exports';
import { getStudy } from '@/server/studies/studies';

export const GET = handle(ROUTES.exportFile, async ({ request, params, query }) => {
  const { id, kind } = params as { id: string; kind: string };
  // Raw Prolific IDs are personal data: admins only.
  if (kind === 'prolific-ids') await requireRole(request, ['ADMIN']);
  const study = await getStudy(id);
  const format = query.get('format') ?? (kind === 'stats' ? 'json' : 'csv');
  if (format !== 'csv' && format !== 'json') throw badRequest('format must be csv or json');
  const file = kind === 'prolific-ids' ? await prolificIdExport(study.id, format) : await exportFile(study.id, kind, format, query);
  return new Response(file.body, { headers: { 'Content-Type': file.contentType, 'Content-Disposition': `attachment; filename="${file.name}"`, 'Cache-Control': 'no-store' } });
});
