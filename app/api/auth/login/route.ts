import { login } from '@/server/auth/sessions';
import { handle } from '@/server/http/handler';
import { ROUTES } from '@/server/http/routeTable';
import { isHttps } from '@/server/http/sameOrigin';
import { clientAddress } from '@/server/web/clientAddress';
import { sessionCookie } from '@/server/web/session';

export const POST = handle(ROUTES.login, async ({ request, body }) => {
  const { token, user } = await login(body.username, body.password, clientAddress(request));
  return Response.json({ token, user }, { headers: { 'Set-Cookie': sessionCookie(token, 14 * 86_400, isHttps(request)) } });
});
