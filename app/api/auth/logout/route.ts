import { logout, tokenFromRequest } from '@/server/auth/sessions';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { isHttps } from '@/server/http/sameOrigin';
import { sessionCookie } from '@/server/web/session';

export const POST = handle(ROUTES.logout, async ({ request }) => {
  const token = tokenFromRequest(request);
  if (token) await logout(token);
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': sessionCookie('', 0, isHttps(request)) } });
});
