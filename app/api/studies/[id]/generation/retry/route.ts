import { retryFailed } from '@/server/generation/generations';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

export const POST = handle(ROUTES.retryGeneration, async ({ params, body }) => retryFailed(params.id!, body.itemId));
