import { openApiDocument } from '@/server/http/openapi';

export const GET = () => Response.json(openApiDocument());
