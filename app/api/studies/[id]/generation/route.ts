import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { createGeneration } from '@/server/generation/generations';
import { generationProgress } from '@/server/generation/progress';
import { readGenerationForm } from '@/server/generation/request';

type Ctx = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Ctx) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  return Response.json({ progress: await generationProgress((await params).id) }, { headers: { 'Cache-Control': 'no-store' } });
});

export const POST = route(async (request: Request, { params }: Ctx) => {
  await requireRole(request, ['ADMIN']);
  return Response.json({ generation: await createGeneration((await params).id, await readGenerationForm(request)) }, { status: 201 });
});
