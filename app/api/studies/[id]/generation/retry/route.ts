import { z } from 'zod';
import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { retryFailed } from '@/server/generation/generations';

const retryInput = z.object({ itemId: z.string().optional() });

export const POST = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const { itemId } = retryInput.parse(await request.json().catch(() => ({})));
  return Response.json(await retryFailed((await params).id, itemId));
});
