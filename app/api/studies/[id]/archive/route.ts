import { requireRole } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { archiveStudy } from '@/server/studies/archive';

/** The study in one file (server/studies/archive.ts): admins only, since it holds the unblinded design. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await requireRole(request, ['ADMIN']);
  const archive = await archiveStudy((await params).id);
  return new Response(new Uint8Array(archive.bytes), {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${archive.name}"`, 'Cache-Control': 'no-store' },
  });
});
