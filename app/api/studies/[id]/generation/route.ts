import { createGeneration } from '@/server/generation/generations';
import { generationProgress } from '@/server/generation/progress';
import { readGenerationForm } from '@/server/generation/request';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

export const GET = handle(ROUTES.generationProgress, async ({ params }) => ({ progress: await generationProgress(params.id!) }));

export const POST = handle(ROUTES.createGeneration, async ({ request, params }) => ({ generation: await createGeneration(params.id!, await readGenerationForm(request)) }));
