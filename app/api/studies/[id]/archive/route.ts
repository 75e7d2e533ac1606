import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { archiveStudy } from '@/server/studies/archive';

/** The study in one file (server/studies/archive.ts): admins only, since it holds the unblinded design. */
export const GET = handle(ROUTES.archive, async ({ params }) => {
  const archive = await archiveStudy(params.id!);
  return new Response(new Uint8Array(archive.bytes), {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${archive.name}"`, 'Cache-Control': 'no-store' },
  });
});
