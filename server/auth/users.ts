import { db, type Role } from '../db/client';
import { badRequest, conflict } from '../http/errors';
import { hashPassword } from './password';
import { randomToken } from './tokens';

export async function createUser(username: string, password: string, role: Role) {
  if (!/^[a-zA-Z0-9_.-]{2,64}$/.test(username)) throw badRequest('Username: 2–64 letters, digits, _ . -');
  if (password.length < 8) throw badRequest('Password: at least 8 characters');
  const existing = await db().user.findUnique({ where: { username } });
  if (existing) throw conflict(`User ${username} exists`);
  const user = await db().user.create({ data: { username, role, passwordHash: await hashPassword(password) } });
  return { id: user.id, username: user.username, role: user.role };
}

/**
 * Makes sure an admin exists. The first one gets ADMIN_PASSWORD, or a random password that is returned (to be
 * printed once) and never stored in clear.
 */
export async function ensureFirstAdmin(username: string, configuredPassword?: string) {
  const admins = await db().user.count({ where: { role: 'ADMIN' } });
  if (admins > 0) return { created: false as const, username };
  const password = configuredPassword ?? randomToken(12);
  await createUser(username, password, 'ADMIN');
  return { created: true as const, username, password, generated: !configuredPassword };
}
