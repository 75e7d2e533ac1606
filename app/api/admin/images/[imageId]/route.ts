import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { adminImageFile } from '@/server/studies/preview';

export const GET = route(async (request: Request, { params }: { params: Promise<{ imageId: string }> }) => {
  // Unblinded (which image is which condition): admin only, as the README says; researchers see results, not pairs.
  await requireRole(request, ['ADMIN']);
  const png = await adminImageFile((await params).imageId);
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' } });
});
