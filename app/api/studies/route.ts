import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { createStudy, listStudies } from '@/server/studies/studies';

export const GET = handle(ROUTES.listStudies, async () => ({ studies: await listStudies() }));

export const POST = handle(ROUTES.createStudy, async ({ body }) => ({ study: await createStudy(body) }));
