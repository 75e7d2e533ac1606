// Can a participant's script tell the conditions apart without looking? Plays simulated participants over HTTP
// against a running app and scores guessers on everything a browser can measure (server/participation/blindAudit.ts),
// and, from the database, what "the larger file is B" would have scored had the study's images been served as
// ordinary compressed PNGs (the encoding before the blind one).
// npm run audit:blind -- <study-id> [--url http://127.0.0.1:3000 --password P --participants 30]
//   the server must run with START_RATE_LIMIT=0 (every simulated participant comes from this address)
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { db, disconnectDb } from '../server/db/client';
import { openDatabase } from '../server/db/connect';
import { scoreGuessers } from '../server/participation/blindAudit';
import { dataDir, env } from '../server/env';
import { decodeStoredImage } from '../server/storage/images';
import { binomTwoSidedP } from '../server/stats/binomial';
import { playParticipants, withGroundTruth } from './lib/playParticipants';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { url: { type: 'string' }, password: { type: 'string' }, participants: { type: 'string', default: '30' } },
});

/** Compressed the way images were stored before the blind encoding (sharp, level 9). */
async function legacyLength(storageKey: string): Promise<number> {
  const { rgb, width, height } = await decodeStoredImage(storageKey);
  return (await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 9, adaptiveFiltering: false, palette: false }).toBuffer()).length;
}

async function legacyGuess(studyId: string) {
  const comparisons = await db().comparison.findMany({ where: { studyId, isAttentionCheck: false }, include: { imageA: true, imageB: true } });
  let bLarger = 0;
  for (const c of comparisons) if ((await legacyLength(c.imageB.storageKey)) > (await legacyLength(c.imageA.storageKey))) bLarger++;
  return { comparisons: comparisons.length, bLarger };
}

async function main() {
  const [studyId] = positionals;
  if (!studyId) throw new Error('usage: npm run audit:blind -- <study-id> [--url … --password …]');
  const database = await openDatabase({ databaseUrl: env().DATABASE_URL, dataDir: dataDir() });
  process.env.DATABASE_URL = database.url;
  try {
    const study = await db().study.findUniqueOrThrow({ where: { id: studyId } });
    const legacy = await legacyGuess(study.id);
    // Each trial shows B on a random side, so "larger is B" is right exactly when B is the larger file.
    console.log(`before (compressed PNG): "larger file is B" right for ${legacy.bLarger} of ${legacy.comparisons} comparisons = ${((100 * legacy.bLarger) / legacy.comparisons).toFixed(1)} % of trials`);
    if (!values.url) return;
    const login = await fetch(`${values.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: values.password }) });
    if (!login.ok) throw new Error(`login: HTTP ${login.status}`);
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const played = await playParticipants(values.url, study.slug, Number(values.participants), 4);
    const rows = await (await fetch(`${values.url}/api/studies/${study.id}/export/votes?format=json`, { headers: auth })).json();
    const real = withGroundTruth(study.id, played, rows).filter((t) => !t.isCheck);
    console.log(`after (blind encoding), ${real.length} trials over HTTP:`);
    const results = scoreGuessers(real);
    for (const r of results) console.log(`  ${r.guesser}: ${(100 * r.accuracy).toFixed(1)} % (p = ${r.pValue.toFixed(3)})`);
    const worst = results.reduce((a, b) => (a.pValue < b.pValue ? a : b));
    console.log(
      `legacy_accuracy=${(legacy.bLarger / legacy.comparisons).toFixed(3)} legacy_p=${binomTwoSidedP(legacy.bLarger, legacy.comparisons).toFixed(4)} trials=${real.length} larger_accuracy=${results[0]!.accuracy.toFixed(3)} min_p=${worst.pValue.toFixed(3)}`,
    );
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
