import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { deleteStudy, getStudy, updateStudy } from '@/server/studies/studies';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ study: await getStudy((await params).id) });
});

/** Edits a study: every field while a draft; after opening, 409 naming any frozen field it would change (nothing written). */
export const PATCH = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ study: await updateStudy((await params).id, await readJson(request)) });
});

export const DELETE = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  return Response.json(await deleteStudy((await params).id));
});
