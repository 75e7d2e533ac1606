import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { getStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ study: await getStudy((await params).id) });
});
