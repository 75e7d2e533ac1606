import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { studyStatusInput } from '@/server/studies/schemas';
import { setStudyStatus } from '@/server/studies/studies';

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const { status } = studyStatusInput.parse(await request.json().catch(() => ({})));
  return Response.json({ study: await setStudyStatus((await params).id, status) });
});
