import { z } from 'zod';
import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { setPromptExcluded } from '@/server/generation/publish';

const promptInput = z.object({ excluded: z.boolean() });

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string; promptId: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const { id, promptId } = await params;
  const { excluded } = promptInput.parse(await readJson(request));
  await setPromptExcluded(id, promptId, excluded);
  return Response.json({ ok: true });
});
