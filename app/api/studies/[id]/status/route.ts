import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { studyStatusInput } from '@/server/studies/schemas';
import { setStudyStatus } from '@/server/studies/studies';

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const { status } = studyStatusInput.parse(await readJson(request));
  return Response.json({ study: await setStudyStatus((await params).id, status) });
});
