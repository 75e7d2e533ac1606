import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { getPlan, setPlan } from '@/server/studies/plan';

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ plan: await getPlan((await params).id) }, { headers: { 'Cache-Control': 'no-store' } });
});

/** Replaces the analysis plan while the study is a draft; 409 once opening has frozen it. */
export const PUT = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ plan: await setPlan((await params).id, await readJson(request)) });
});
