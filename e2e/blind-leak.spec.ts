// The blind against a script: many participants over HTTP, and guessers that use everything a browser can
// measure without looking (response length, compressed-data length, chunk layout, headers, timing, token
// shape). Each must be at chance: an exact binomial test at α = 0.001 does not reject 50 %, with enough trials
// that a guesser right 60 % of the time would be caught (power ≥ 0.8). The images are made so that condition B
// compresses far worse than A, as RAS images do: served as ordinary compressed PNGs, "larger is B" would be
// right every time (asserted below on the same files).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { playParticipants, withGroundTruth } from '../scripts/lib/playParticipants';
import { powerAgainst, scoreGuessers, type ObservedTrial } from '../server/participation/blindAudit';
import { signIn } from './helpers';

const PROMPTS = 20;
const PARTICIPANTS = 30;
const ALPHA = 0.001;

/** Condition "dense": a smooth gradient. Condition "ras": the same with strong noise, which compresses badly. */
async function leakyImageSet(): Promise<{ zip: string; compressedSizes: { dense: number; ras: number }[] }> {
  const files: Record<string, Uint8Array> = {};
  const lines = ['prompt,seed,condition,file'];
  const compressedSizes: { dense: number; ras: number }[] = [];
  for (let p = 0; p < PROMPTS; p++) {
    const size = 64;
    const smooth = Buffer.alloc(size * size * 3);
    for (let i = 0; i < size * size; i++) smooth.set([(i % size) * 4, Math.floor(i / size) * 4, (p * 12) % 256], 3 * i);
    const noisy = Buffer.from(smooth.map((v) => Math.max(0, Math.min(255, v + Math.round((Math.random() - 0.5) * 80)))));
    const png = (raw: Buffer) => sharp(raw, { raw: { width: size, height: size, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
    const [dense, ras] = [await png(smooth), await png(noisy)];
    compressedSizes.push({ dense: dense.length, ras: ras.length });
    files[`dense_${p}.png`] = dense;
    files[`ras_${p}.png`] = ras;
    lines.push(`leak prompt ${p},${p},dense,dense_${p}.png`, `leak prompt ${p},${p},ras,ras_${p}.png`);
  }
  files['manifest.csv'] = Buffer.from(lines.join('\n'));
  const zip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ras-leak-')), 'set.zip');
  fs.writeFileSync(zip, zipSync(files));
  return { zip, compressedSizes };
}

test('a guesser using length, headers, timing and token shape is at chance', async ({ page, baseURL }) => {
  test.setTimeout(300_000);
  await signIn(page);
  const { zip, compressedSizes } = await leakyImageSet();
  // The data would leak through ordinary compression: "larger is B" is right for every pair.
  expect(compressedSizes.every((s) => s.ras > s.dense)).toBe(true);
  const created = await page.request.post('/api/studies', {
    data: { title: 'Leak test', instructions: 'i', consentText: 'c', trialsPerParticipant: PROMPTS, targetVotesPerComparison: 1000, attentionCheckRate: 0.1, completionCode: 'L' },
  });
  const { study } = (await created.json()) as { study: { id: string; slug: string } };
  const upload = await page.request.post(`/api/studies/${study.id}/images`, { multipart: { zip: { name: 'set.zip', mimeType: 'application/zip', buffer: fs.readFileSync(zip) } } });
  expect(upload.status()).toBe(201);
  expect((await page.request.post(`/api/studies/${study.id}/status`, { data: { status: 'OPEN' } })).status()).toBe(200);

  const played = await playParticipants(baseURL!, study.slug, PARTICIPANTS, 4);
  const rows = await (await page.request.get(`/api/studies/${study.id}/export/votes?format=json`)).json();
  const trials = withGroundTruth(study.id, played, rows);

  // Deterministic: every image answered, each trial's two files of one length, one header set for all.
  const headerSets = new Set<string>();
  for (const t of trials) {
    for (const side of [t.left, t.right]) {
      expect(side.status).toBe(200);
      headerSets.add(JSON.stringify(Object.entries(side.headers).sort()));
    }
    expect(t.left.bytes.length).toBe(t.right.bytes.length);
    expect(Buffer.from(t.left.bytes).equals(Buffer.from(t.right.bytes))).toBe(false); // checks are not byte-identical either
  }
  expect(headerSets.size).toBe(1);
  expect(JSON.parse([...headerSets][0]!)).toEqual(expect.arrayContaining([['content-type', 'image/png']]));
  expect([...headerSets][0]).not.toContain('content-encoding');
  const lengths = new Set(trials.map((t) => t.left.bytes.length));
  expect(lengths.size).toBe(1); // all images are 64×64 here: checks look like real trials by length too

  // Statistical: every guesser at chance on the real trials, with the power to catch 60 %.
  const real: ObservedTrial[] = trials.filter((t) => !t.isCheck);
  expect(real.length).toBe(PROMPTS * PARTICIPANTS);
  expect(powerAgainst(0.6, real.length, ALPHA)).toBeGreaterThan(0.8);
  const results = scoreGuessers(real);
  console.log(results.map((r) => `${r.guesser}: ${(100 * r.accuracy).toFixed(1)} % of ${r.trials}, p = ${r.pValue.toFixed(3)}`).join('\n'));
  for (const r of results) expect(r.pValue, `${r.guesser}: ${r.correct}/${r.trials}`).toBeGreaterThan(ALPHA);
});
