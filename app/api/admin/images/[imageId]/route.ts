import { requireRole } from '@/server/auth/sessions';
import { db } from '@/server/db/client';
import { notFound, route } from '@/server/http/errors';
import { readStoredImage } from '@/server/storage/images';

export const GET = route(async (request: Request, { params }: { params: Promise<{ imageId: string }> }) => {
  await requireRole(request, ['ADMIN', 'RESEARCHER']);
  const image = await db().image.findUnique({ where: { id: (await params).imageId } });
  if (!image) throw notFound('Image not found');
  return new Response(new Uint8Array(readStoredImage(image.storageKey)), { headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' } });
});
