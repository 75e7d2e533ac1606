import { handle } from '@/server/http/handler';
import { openApiDocument } from '@/server/http/openapi';
import { ROUTES } from '@/server/http/routeTable';

export const GET = handle(ROUTES.openapi, async () => Response.json(openApiDocument(), { headers: { 'Cache-Control': 'public, max-age=300' } }));
