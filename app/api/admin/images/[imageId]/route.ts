import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { adminImageFile } from '@/server/studies/preview';

// Unblinded (which image is which condition): admin only, as the README says; researchers see results, not pairs.
export const GET = handle(ROUTES.adminImage, async ({ params }) => {
  const png = await adminImageFile(params.imageId!);
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' } });
});
