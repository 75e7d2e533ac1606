import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { publishStudy } from '@/server/generation/publish';

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ study: await publishStudy((await params).id) });
});
