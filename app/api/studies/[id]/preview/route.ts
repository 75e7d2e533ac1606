import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { studyPreview } from '@/server/studies/preview';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  // Unblinded (which image is which condition): admin only, as the README says; researchers see results, not pairs.
  await requireRole(request, ['ADMIN']);
  return Response.json(await studyPreview((await params).id));
});
