import { setPromptExcluded } from '@/server/generation/publish';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';

export const POST = handle(ROUTES.excludePrompt, async ({ params, body }) => {
  await setPromptExcluded(params.id!, params.promptId!, body.excluded);
  return { ok: true };
});
