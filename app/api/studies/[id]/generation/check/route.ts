import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { generationCheckSummary } from '@/server/generation/generations';
import { readGenerationForm } from '@/server/generation/request';

/** Dry run: what would be generated, and which words the model does not know. Writes nothing. */
export const POST = route(async (request: Request) => {
  await requireRole(request, ['ADMIN']);
  return Response.json(generationCheckSummary(await readGenerationForm(request)));
});
