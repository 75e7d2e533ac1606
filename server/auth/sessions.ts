import { db, type Role } from '../db/client';
import { forbidden, notFound, unauthorized } from '../http/errors';
import { loginThrottle } from './loginThrottle';
import { verifyPassword } from './password';
import { randomToken, sha256 } from './tokens';

export const SESSION_COOKIE = 'ras_session';
const SESSION_DAYS = 14;

export interface SessionUser {
  id: string;
  username: string;
  role: Role;
}

// Same work whether or not the user exists, so timing does not reveal user names.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0sEY+J4NMvG1Jzye7nJ2Ocyu4ERyh8Kx5k5j2q4NJSo';

/**
 * Signs in: throttled per account and per client address (server/auth/loginThrottle.ts), so guessing costs
 * exponentially more time after a few failures; a locked account or address answers 429 with the reason.
 */
export async function login(username: string, password: string, address = 'unknown'): Promise<{ token: string; user: SessionUser }> {
  const throttle = loginThrottle();
  throttle.assertAllowed(username, address);
  const user = await db().user.findUnique({ where: { username } });
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok) {
    throttle.recordFailure(username, address);
    throw unauthorized();
  }
  throttle.recordSuccess(username);
  const token = randomToken();
  await db().session.create({
    data: { tokenHash: sha256(token), userId: user.id, expiresAt: new Date(Date.now() + SESSION_DAYS * 86_400_000) },
  });
  return { token, user: { id: user.id, username: user.username, role: user.role } };
}

export async function logout(token: string): Promise<void> {
  await db().session.deleteMany({ where: { tokenHash: sha256(token) } });
}

export async function userForToken(token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db().session.findUnique({ where: { tokenHash: sha256(token) }, include: { user: true } });
  if (!session || session.expiresAt < new Date()) return null;
  const { id, username, role } = session.user;
  return { id, username, role };
}

/** ADMIN may do everything; RESEARCHER may read and export. */
export function assertRole(user: SessionUser | null, allowed: Role[]): SessionUser {
  if (!user) throw unauthorized();
  if (!allowed.includes(user.role)) throw forbidden();
  return user;
}

export function tokenFromRequest(request: Request): string | undefined {
  const auth = request.headers.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  const cookie = request.headers.get('cookie') ?? '';
  const match = cookie.split(/;\s*/).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!match) return undefined;
  try {
    return decodeURIComponent(match.slice(SESSION_COOKIE.length + 1));
  } catch {
    return undefined; // a malformed cookie is no session
  }
}

/** Every unexpired session, newest first, with its user: for the admin to see who is signed in and revoke. */
export async function listSessions() {
  const sessions = await db().session.findMany({ where: { expiresAt: { gt: new Date() } }, include: { user: true }, orderBy: { createdAt: 'desc' } });
  return sessions.map((s) => ({ id: s.id, username: s.user.username, role: s.user.role, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString() }));
}

/** Ends a session now (its cookie or bearer token stops working at once); 404 when there is none. */
export async function revokeSession(id: string): Promise<void> {
  const { count } = await db().session.deleteMany({ where: { id } });
  if (count === 0) throw notFound('Session not found');
}

export async function requireRole(request: Request, allowed: Role[]): Promise<SessionUser> {
  return assertRole(await userForToken(tokenFromRequest(request)), allowed);
}
