import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { createStudy, listStudies } from '@/server/studies/studies';

export const GET = route(async (request: Request) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ studies: await listStudies() });
});

export const POST = route(async (request: Request) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ study: await createStudy(await request.json().catch(() => ({}))) }, { status: 201 });
});
