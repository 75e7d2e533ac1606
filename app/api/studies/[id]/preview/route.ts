import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { studyPreview } from '@/server/studies/preview';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json(await studyPreview((await params).id));
});
