import { generationCheckSummary } from '@/server/generation/generations';
import { readGenerationForm } from '@/server/generation/request';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

/** Dry run: what would be generated, and which words the model does not know. Writes nothing. */
export const POST = handle(ROUTES.checkGeneration, async ({ request }) => generationCheckSummary(await readGenerationForm(request)));
