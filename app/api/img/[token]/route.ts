import { imageForTrialToken } from '@/server/participation/votes';
import { readStoredImage } from '@/server/storage/images';

// Every participant image leaves through here with the same headers, whatever its condition or side.
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const storageKey = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await imageForTrialToken(request, token) : null;
  if (!storageKey) return new Response('Not found', { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(readStoredImage(storageKey)), {
    headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=86400, immutable' },
  });
}
