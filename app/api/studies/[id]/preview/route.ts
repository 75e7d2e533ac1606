import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { studyPreview } from '@/server/studies/preview';

// Unblinded (which image is which condition): admin only, as the README says; researchers see results, not pairs.
export const GET = handle(ROUTES.preview, async ({ params }) => studyPreview(params.id!));
