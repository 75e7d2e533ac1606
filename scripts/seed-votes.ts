// Seeds an open study with simulated participants whose answers are known, for demos and the dashboard e2e test.
// npm run seed:votes -- <study-id> --scores=-2,0,1   one participant per score (−2 … +2, A over B)
//   --fail-checks N   the first participant fails N attention checks
//   --fast            the last participant answers in 300 ms
import { parseArgs } from 'node:util';
import { db, disconnectDb } from '../server/db/client';
import { openDatabase } from '../server/db/connect';
import { dataDir, env } from '../server/env';
import { simulateParticipant } from '../server/participation/simulate';

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { scores: { type: 'string' }, 'fail-checks': { type: 'string' }, fast: { type: 'boolean' } } });
  const [studyId] = positionals;
  const scores = (values.scores ?? '').split(',').filter((s) => s.trim() !== '');
  if (!studyId || scores.length === 0) throw new Error('usage: npm run seed:votes -- <study-id> --scores=-2,0,1');
  const database = await openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: dataDir() });
  process.env.DATABASE_URL = database.url;
  try {
    const study = await db().study.findUniqueOrThrow({ where: { id: studyId } });
    for (const [i, s] of scores.entries()) {
      const score = Number(s);
      if (![-2, -1, 0, 1, 2].includes(score)) throw new Error(`score ${s} is not one of −2 … +2`);
      await simulateParticipant(study.slug, {
        score,
        failChecks: i === 0 ? Number(values['fail-checks'] ?? 0) : 0,
        responseMs: values.fast && i === scores.length - 1 ? 300 : 1500 + 100 * i,
      });
    }
    console.log(`seeded ${scores.length} participants`);
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
