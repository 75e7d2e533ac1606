import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { adminImageFile } from '@/server/studies/preview';

export const GET = route(async (request: Request, { params }: { params: Promise<{ imageId: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const png = await adminImageFile((await params).imageId);
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' } });
});
