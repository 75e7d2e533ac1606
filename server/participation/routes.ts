/**
 * The participant's hot path: start, state, vote and trial images. Next serves these through app/api/… (which
 * re-export them) and the web server (scripts/serve.ts) calls the same handlers directly, without Next's
 * request pipeline, because a recruitment wave is made of exactly these requests (docs/performance.md).
 */
import { handle } from '../http/handler';
import { ROUTES } from '../http/routeTable';
import { isHttps } from '../http/sameOrigin';
import { readStoredImage } from '../storage/images';
import { clientAddress } from '../web/clientAddress';
import { cookieValue, participantCookie, participantCookieName, participantTokens } from '../web/participantCookie';
import { serveTrialImage } from './images';
import { participantIdForToken, participantView, startParticipant } from './participants';
import { limitStarts } from './startLimit';
import { submitVoteByToken } from './votes';

export const startRoute = handle(ROUTES.start, async ({ request, params, body }) => {
  const slug = params.slug!;
  const { token, participantId } = await startParticipant(slug, body.params, undefined, {
    existingToken: cookieValue(request, participantCookieName(slug)),
    beforeCreate: () => limitStarts(clientAddress(request)),
  });
  return Response.json(await participantView(participantId), { headers: { 'Set-Cookie': participantCookie(slug, token, isHttps(request)), 'Cache-Control': 'no-store' } });
});

export const stateRoute = handle(ROUTES.state, async ({ request, params }) => {
  const slug = params.slug!;
  const participantId = await participantIdForToken(slug, cookieValue(request, participantCookieName(slug)));
  const view = participantId ? await participantView(participantId) : { stage: 'consent' as const };
  return Response.json(view, { headers: { 'Cache-Control': 'no-store' } });
});

export const voteRoute = handle(ROUTES.vote, async ({ request, params, body }) => {
  const slug = params.slug!;
  const { participantId, ...result } = await submitVoteByToken(slug, cookieValue(request, participantCookieName(slug)), body);
  return Response.json({ ...result, view: await participantView(participantId) }, { headers: { 'Cache-Control': 'no-store' } });
});

// Every participant image leaves through here with the same headers, whatever its condition, side or check
// kind; its length is a function of its dimensions only (server/storage/blindPng.ts).
export const imageRoute = handle(ROUTES.image, async ({ request, params }) => {
  const token = params.token!;
  const storageKey = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await serveTrialImage(token, participantTokens(request)) : null;
  if (!storageKey) return Response.json({ error: 'Not found', code: 'not_found' }, { status: 404, headers: { 'Cache-Control': 'no-store' } });
  return new Response(new Uint8Array(await readStoredImage(storageKey)), {
    headers: { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=86400, immutable, no-transform', 'X-Content-Type-Options': 'nosniff' },
  });
});
