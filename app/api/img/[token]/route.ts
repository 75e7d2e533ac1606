import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { serveTrialImage } from '@/server/participation/images';
import { readStoredImage } from '@/server/storage/images';
import { participantTokens } from '@/server/web/participantCookie';

// Every participant image leaves through here with the same headers, whatever its condition, side or check
// kind; its length is a function of its dimensions only (server/storage/blindPng.ts).
export const GET = handle(ROUTES.image, async ({ request, params }) => {
  const token = params.token!;
  const storageKey = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await serveTrialImage(token, participantTokens(request)) : null;
  if (!storageKey) return Response.json({ error: 'Not found', code: 'not_found' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(await readStoredImage(storageKey)), {
    headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=86400, immutable, no-transform', 'X-Content-Type-Options': 'nosniff' },
  });
});
