import { login } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { readJson } from '@/server/http/input';
import { isHttps } from '@/server/http/sameOrigin';
import { loginInput } from '@/server/studies/schemas';
import { clientAddress } from '@/server/web/clientAddress';
import { sessionCookie } from '@/server/web/session';

export const POST = route(async (request: Request) => {
  const body = loginInput.parse(await readJson(request));
  const { token, user } = await login(body.username, body.password, clientAddress(request));
  return Response.json({ token, user }, { headers: { 'Set-Cookie': sessionCookie(token, 14 * 86_400, isHttps(request)) } });
});
