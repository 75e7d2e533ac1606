import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { createStudy, listStudies } from '@/server/studies/studies';

export const GET = route(async (request: Request) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ studies: await listStudies() });
});

export const POST = route(async (request: Request) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ study: await createStudy(await readJson(request)) }, { status: 201 });
});
