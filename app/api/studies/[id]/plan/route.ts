import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { getPlan, setPlan } from '@/server/studies/plan';

export const GET = handle(ROUTES.getPlan, async ({ params }) => ({ plan: await getPlan(params.id!) }));

/** Replaces the analysis plan while the study is a draft; 409 once opening has frozen it. */
export const PUT = handle(ROUTES.setPlan, async ({ params, body }) => ({ plan: await setPlan(params.id!, body) }));
