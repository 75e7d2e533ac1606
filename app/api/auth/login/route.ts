import { login } from '@/server/auth/sessions';
import { route } from '@/server/http/errors';
import { loginInput } from '@/server/studies/schemas';
import { sessionCookie } from '@/server/web/session';

export const POST = route(async (request: Request) => {
  const body = loginInput.parse(await request.json().catch(() => ({})));
  const { token, user } = await login(body.username, body.password);
  return Response.json({ token, user }, { headers: { 'Set-Cookie': sessionCookie(token, 14 * 86_400) } });
});
