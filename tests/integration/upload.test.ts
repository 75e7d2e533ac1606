import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { importImageSet } from '../../server/studies/importImages';
import { createStudy } from '../../server/studies/studies';
import { readZipBundle } from '../../server/studies/zip';
import { zipSync } from 'fflate';
import { freshDatabase } from './db';
import { imageBundle, solidPng, studyInput } from './fixtures';

async function nothingCreated() {
  expect(await db().image.count()).toBe(0);
  expect(await db().condition.count()).toBe(0);
  expect(await db().prompt.count()).toBe(0);
  expect(await db().comparison.count()).toBe(0);
}

describe('image-set upload', () => {
  let studyId: string;
  beforeEach(async () => {
    await freshDatabase();
    studyId = (await createStudy(studyInput())).id;
  });

  it('imports a zip: conditions, prompts, images, one comparison per prompt and an attention check', async () => {
    const bundle = await imageBundle(3, ['dense', 'ras-50', 'ras-25']);
    const zip = zipSync({ 'set/manifest.csv': Buffer.from(bundle.manifestText), ...Object.fromEntries([...bundle.files].map(([k, v]) => [`set/${k}`, v])) });
    const result = await importImageSet(studyId, readZipBundle(zip));
    expect(result).toEqual({ conditions: ['dense', 'ras-50', 'ras-25'], prompts: 3, images: 9, comparisons: 9 });
    const checks = await db().comparison.findMany({ where: { isAttentionCheck: true }, include: { imageA: { include: { condition: true } } } });
    expect(checks.map((c) => c.checkKind).sort()).toEqual(['DEGRADED', 'DEGRADED', 'DEGRADED', 'IDENTICAL', 'IDENTICAL', 'IDENTICAL']);
    for (const c of checks) expect(c.imageA.condition.name).toBe('dense');
    const image = await db().image.findFirstOrThrow();
    expect(image.storageKey).toMatch(/^[a-f0-9]{40}$/);
  });

  it('stores every image in the blind encoding and gives each check a copy that is never the same file', async () => {
    const sharp = (await import('sharp')).default;
    const { readStoredImage } = await import('../../server/storage/images');
    const { blindPngLength } = await import('../../server/storage/blindPng');
    await importImageSet(studyId, await imageBundle(3));
    for (const image of await db().image.findMany()) {
      expect((await readStoredImage(image.storageKey)).length).toBe(blindPngLength(image.width, image.height));
      expect(image.bytes).toBe(blindPngLength(image.width, image.height));
    }
    const raw = async (key: string) => sharp(await readStoredImage(key)).raw().toBuffer();
    for (const check of await db().comparison.findMany({ where: { isAttentionCheck: true }, include: { imageA: true } })) {
      const copy = await readStoredImage(check.checkImageKey!);
      const original = await readStoredImage(check.imageA.storageKey);
      expect(copy.length).toBe(original.length);
      expect(copy.equals(original)).toBe(false);
      const [a, b] = [await raw(check.imageA.storageKey), await raw(check.checkImageKey!)];
      const maxDiff = Math.max(...a.map((x, i) => Math.abs(x - b[i]!)));
      const meanDiff = a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0) / a.length;
      if (check.checkKind === 'IDENTICAL') expect(maxDiff).toBe(1);
      else expect(meanDiff).toBeGreaterThan(5);
    }
  });

  it('refuses a prompt whose images differ in size, since the size would reveal the condition', async () => {
    const bundle = await imageBundle(2);
    bundle.files.set('ras-50/1.png', await solidPng(9, 9, 9, 20));
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/“prompt number 1” \(seed 1\) differ in size \(dense 16×16, ras-50 20×20\)/);
    await nothingCreated();
  });

  it('refuses GIF and SVG though sharp reads them: the form promises PNG, JPEG or WebP', async () => {
    const sharp = (await import('sharp')).default;
    const bundle = await imageBundle(1);
    bundle.files.set('dense/0.png', await sharp({ create: { width: 16, height: 16, channels: 3, background: '#f00' } }).gif().toBuffer());
    bundle.files.set('ras-50/0.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" height="16"/></svg>'));
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/dense\/0.png: not a readable image \(PNG, JPEG or WebP expected\)[\s\S]*ras-50\/0.png: not a readable image/);
    await nothingCreated();
  });

  it('refuses a malformed manifest with line numbers', async () => {
    const bundle = await imageBundle(2);
    bundle.manifestText = bundle.manifestText.replace('prompt number 1,1,dense', 'prompt number 1,abc,dense').replace('prompt number 0,0,ras-50', ',0,ras-50');
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/line 3: prompt: empty[\s\S]*line 4: seed: not an integer/);
    await nothingCreated();
  });

  it('refuses a manifest without the required columns', async () => {
    const bundle = await imageBundle(1);
    bundle.manifestText = 'prompt,condition,file\nx,dense,dense/0.png';
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/missing column\(s\) seed/);
    await nothingCreated();
  });

  it('refuses a file the manifest names but the upload lacks', async () => {
    const bundle = await imageBundle(2);
    bundle.files.delete('ras-50/1.png');
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/line 5: file ras-50\/1.png is not in the upload/);
    await nothingCreated();
  });

  it('refuses a file that is not an image', async () => {
    const bundle = await imageBundle(2);
    bundle.files.set('dense/1.png', Buffer.from('#!/bin/sh\necho not an image\n'));
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/file dense\/1.png: not a readable image/);
    await nothingCreated();
  });

  it('refuses an image set with fewer than two conditions', async () => {
    const bundle = await imageBundle(3, ['dense']);
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/at least two conditions; the manifest names 1: dense/);
    await nothingCreated();
  });

  it('refuses a prompt missing from a condition', async () => {
    const bundle = await imageBundle(2);
    bundle.manifestText = bundle.manifestText.split('\n').filter((l) => !l.startsWith('prompt number 1,1,ras-50')).join('\n');
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/no image for condition\(s\) ras-50/);
    await nothingCreated();
  });

  it('refuses an oversized image', async () => {
    const bundle = await imageBundle(1);
    bundle.files.set('dense/0.png', Buffer.concat([await solidPng(1, 2, 3), Buffer.alloc(21 * 1024 * 1024)]));
    await expect(importImageSet(studyId, bundle)).rejects.toThrow(/larger than 20 MB/);
    await nothingCreated();
  });

  it('strips metadata: the stored PNG carries no text chunks from the upload', async () => {
    const sharp = (await import('sharp')).default;
    const bundle = await imageBundle(1);
    const tagged = await sharp(bundle.files.get('dense/0.png')!).withMetadata({ exif: { IFD0: { ImageDescription: 'condition=dense' } } }).jpeg().toBuffer();
    bundle.files.set('dense/0.png', tagged);
    await importImageSet(studyId, bundle);
    const { readStoredImage } = await import('../../server/storage/images');
    for (const image of await db().image.findMany()) {
      const png = await readStoredImage(image.storageKey);
      expect(png.includes(Buffer.from('condition=dense'))).toBe(false);
      expect(png.includes(Buffer.from('eXIf'))).toBe(false);
      expect((await sharp(png).metadata()).format).toBe('png');
    }
  });
});
