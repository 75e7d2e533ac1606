import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { checkGeneration } from '@/server/generation/generations';
import { readGenerationForm } from '@/server/generation/request';

/** Dry run: what would be generated, and which words the model does not know. Writes nothing. */
export const POST = route(async (request: Request) => {
  await requireRole(request, ['ADMIN']);
  const { parsed, vocabulary, conditions, settings } = checkGeneration(await readGenerationForm(request));
  const images = parsed.prompts.reduce((n, p) => n + (p.seed !== undefined ? 1 : settings.seedsPerPrompt), 0) * conditions.length;
  return Response.json({ prompts: parsed.prompts.length, duplicates: parsed.duplicates, vocabulary, conditions: conditions.map((c) => ({ name: c.name, config: c.config })), images });
});
