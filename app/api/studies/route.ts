import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { createStudyInput } from '@/server/studies/schemas';
import { createStudy, listStudies } from '@/server/studies/studies';

export const GET = route(async (request: Request) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ studies: await listStudies() });
});

export const POST = route(async (request: Request) => {
  await requireRole(request, ['ADMIN']);
  const input = createStudyInput.parse(await request.json().catch(() => ({})));
  return Response.json({ study: await createStudy(input) }, { status: 201 });
});
