import { logout, tokenFromRequest } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { isHttps } from '@/server/http/sameOrigin';
import { sessionCookie } from '@/server/web/session';

export const POST = route(async (request: Request) => {
  const token = tokenFromRequest(request);
  if (token) await logout(token);
  return Response.json({ ok: true }, { headers: { 'Set-Cookie': sessionCookie('', 0, isHttps(request)) } });
});
