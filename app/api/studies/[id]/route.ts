import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { deleteStudy, getStudy, updateStudy } from '@/server/studies/studies';

export const GET = handle(ROUTES.getStudy, async ({ params }) => ({ study: await getStudy(params.id!) }));

/** Edits a study: every field while a draft; after opening, 409 naming any frozen field it would change (nothing written). */
export const PATCH = handle(ROUTES.updateStudy, async ({ params, body }) => ({ study: await updateStudy(params.id!, body) }));

export const DELETE = handle(ROUTES.deleteStudy, async ({ params }) => deleteStudy(params.id!));
