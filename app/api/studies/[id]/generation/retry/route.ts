import { z } from 'zod';
import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { retryFailed } from '@/server/generation/generations';

const retryInput = z.object({ itemId: z.string().optional() });

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const { itemId } = retryInput.parse(await readJson(request));
  return Response.json(await retryFailed((await params).id, itemId));
});
