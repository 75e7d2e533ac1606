import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { simulateParticipant } from '../../server/participation/simulate';
import { createExploratoryAnalysis } from '../../server/results/analysisChoice';
import { studyResults } from '../../server/results/studyResults';
import { archiveStudy, restoreArchive } from '../../server/studies/archive';
import { setStudyStatus } from '../../server/studies/studies';
import { freshDatabase } from './db';
import { studyWithImages } from './fixtures';

async function counts() {
  return {
    studies: await db().study.count(),
    images: await db().image.count(),
    votes: await db().vote.count(),
    participants: await db().participant.count(),
  };
}

describe('study archive', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('round trip: another installation restores the same study, images, plan, votes and analysis', async () => {
    const study = await studyWithImages(3, { trialsPerParticipant: 3, attentionCheckRate: 0.3, plan: { margin: 0.3 } });
    await setStudyStatus(study.id, 'OPEN');
    for (const score of [1, 0, 2, -1]) await simulateParticipant(study.slug, { score });
    await simulateParticipant(study.slug, { score: 1, failChecks: 1 });
    await createExploratoryAnalysis(study.id, { name: 'wide', settings: { margin: 1 } }, { id: 'u', username: 'alice', role: 'ADMIN' });
    const before = await studyResults(study.id);
    const archive = await archiveStudy(study.id);
    const entries = unzipSync(archive.bytes);
    expect(Object.keys(entries)).toEqual(expect.arrayContaining(['README.md', 'archive.json', 'study.json']));
    expect(Object.keys(entries).filter((k) => k.startsWith('images/')).length).toBe(6 + 3 * 2); // 6 images, two check copies per prompt

    await freshDatabase(); // "another installation": an empty database
    const restored = await restoreArchive(archive.bytes);
    const after = await studyResults(restored.studyId);
    expect(after.study.title).toBe(before.study.title);
    expect(after.settings).toEqual(before.settings);
    expect(after.label.kind).toBe('plan');
    expect(after.flow).toEqual(before.flow);
    expect(after.rows.map((r) => [r.prompt, r.condition_left, r.score_a_over_b, r.attention_check_passed])).toEqual(
      before.rows.map((r) => [r.prompt, r.condition_left, r.score_a_over_b, r.attention_check_passed]),
    );
    if (!after.analysis.ok || !before.analysis.ok) throw new Error('analysis');
    expect(after.analysis.pairs[0]!.equivalence).toEqual(before.analysis.pairs[0]!.equivalence);
    expect(await db().exploratoryAnalysis.count()).toBe(1);
    const { readStoredImage } = await import('../../server/storage/images');
    for (const image of await db().image.findMany()) expect((await readStoredImage(image.storageKey)).length).toBe(image.bytes);
    expect(after.study.status).toBe('CLOSED'); // a copy does not collect votes
    // and a second restore beside the first
    await restoreArchive(archive.bytes);
    expect(await db().study.count()).toBe(2);
  });

  it('refuses a corrupt or foreign file with a message and writes nothing', async () => {
    const study = await studyWithImages(2, { trialsPerParticipant: 2 });
    await setStudyStatus(study.id, 'OPEN');
    await simulateParticipant(study.slug, { score: 1 });
    const good = unzipSync((await archiveStudy(study.id)).bytes);
    await freshDatabase();
    const zipWith = (change: (e: Record<string, Uint8Array>) => void) => {
      const e = { ...good };
      change(e);
      return zipSync(e);
    };
    const cases: [Uint8Array, RegExp][] = [
      [strToU8('not a zip at all'), /not a readable zip/],
      [zipSync({ 'manifest.csv': strToU8('prompt,seed') }), /archive.json and study.json are required/],
      [zipWith((e) => (e['archive.json'] = strToU8('{"format":"other-tool","version":1,"studySha256":"' + '0'.repeat(64) + '"}'))), /not a study archive of this platform/],
      [zipWith((e) => (e['study.json'] = strToU8(String.fromCharCode(...e['study.json']!).replace('"title"', '"titel"')))), /does not match the checksum/],
      [zipWith((e) => delete e[Object.keys(e).find((k) => k.startsWith('images/'))!]), /images\/[a-f0-9]{40}\.png is missing/],
      [zipWith((e) => (e[Object.keys(e).find((k) => k.startsWith('images/'))!] = strToU8('garbage'))), /does not hold the image its name says/],
    ];
    for (const [bytes, message] of cases) {
      await expect(restoreArchive(bytes)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(message) });
    }
    expect(await counts()).toEqual({ studies: 0, images: 0, votes: 0, participants: 0 });
    expect(await db().imageBlob.count()).toBe(0);
  });
});
