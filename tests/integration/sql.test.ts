/**
 * The hand-written statements' pool (server/db/sql.ts) shares Prisma's timestamps: a time written by one is the
 * same instant read by the other, in any time zone of this process; transactions commit or roll back whole.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db, disconnectDb } from '../../server/db/client';
import { sql, transaction, utc } from '../../server/db/sql';
import { freshDatabase } from './db';

const savedTz = process.env.TZ;

describe('hand-written statements', () => {
  beforeEach(async () => {
    await freshDatabase();
  });
  afterEach(async () => {
    process.env.TZ = savedTz;
    await disconnectDb();
  });

  it('reads and writes timestamps as Prisma does, whatever the time zone', async () => {
    process.env.TZ = 'America/Los_Angeles'; // 8 hours off UTC: a local-time mix-up could not go unseen
    const user = await db().user.create({ data: { username: 'tz', passwordHash: 'x', role: 'ADMIN' } });
    const [read] = await sql<{ createdAt: Date }>('test-read-user', 'SELECT "createdAt" FROM "User" WHERE id = $1', [user.id]);
    expect(read!.createdAt.getTime()).toBe(user.createdAt.getTime());
    const instant = new Date('2026-03-01T12:34:56.789Z');
    await sql('test-write-user', 'UPDATE "User" SET "createdAt" = $1::timestamp WHERE id = $2', [utc(instant), user.id]);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).createdAt.toISOString()).toBe(instant.toISOString());
    const [count] = await sql<{ n: number }>('test-count', 'SELECT count(*) AS n FROM "User"', []);
    expect(count!.n).toBe(1);
  });

  it('rolls a failed transaction back whole and keeps the pool usable', async () => {
    await expect(
      transaction(async (tx) => {
        await sql('test-insert', `INSERT INTO "User" (id, username, "passwordHash", role) VALUES ($1, $2, 'x', 'ADMIN')`, ['u1', 'first'], tx);
        await sql('test-insert', `INSERT INTO "User" (id, username, "passwordHash", role) VALUES ($1, $2, 'x', 'ADMIN')`, ['u1', 'again'], tx);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await db().user.count()).toBe(0);
    await transaction((tx) => sql('test-insert', `INSERT INTO "User" (id, username, "passwordHash", role) VALUES ($1, $2, 'x', 'ADMIN')`, ['u2', 'second'], tx));
    expect((await db().user.findMany()).map((u) => u.username)).toEqual(['second']);
  });
});
