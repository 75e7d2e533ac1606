import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Role } from '../db/client';
import { SESSION_COOKIE, userForToken, type SessionUser } from '../auth/sessions';

/** For server components: the signed-in user with one of `roles`, or a redirect to the login page. */
export async function pageUser(roles: Role[], next: string): Promise<SessionUser> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const user = await userForToken(token);
  if (!user || !roles.includes(user.role)) redirect(`/login?next=${encodeURIComponent(next)}`);
  return user;
}

/** The session cookie: HttpOnly, SameSite=Lax, and Secure whenever the request came over HTTPS (server/http/sameOrigin.ts isHttps). */
export const sessionCookie = (token: string, maxAgeSeconds: number, secure = false) =>
  `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
