// The image stores: PostgreSQL (the default, real) and the S3 option against s3rver, the S3 API over local
// files (no S3 server can be installed here; docs/deployment.md says so).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../server/db/client';
import { migrateLocalImages } from '../../server/storage/localImages';
import { readStoredImage, storageKeyOf, storePng } from '../../server/storage/images';
import { S3ImageStore } from '../../server/storage/s3Store';
import { PostgresImageStore, setImageStore, storeFromSetting, type ImageStore } from '../../server/storage/store';
import { freshDatabase } from './db';
import { solidPng } from './fixtures';

async function roundTrip(store: ImageStore) {
  setImageStore(store);
  const png = await solidPng(10, 20, 30, 8);
  const key = await storePng(png);
  expect(key).toBe(storageKeyOf(png));
  expect(await storePng(png)).toBe(key); // idempotent
  setImageStore(store); // a fresh cache: the bytes must come from the store
  expect((await readStoredImage(key)).equals(png)).toBe(true);
  expect(await store.get('0'.repeat(40))).toBeNull();
  await expect(readStoredImage('0'.repeat(40))).rejects.toThrow(/missing from the image store/);
  await store.ping();
}

describe('PostgreSQL image store', () => {
  beforeEach(async () => {
    await freshDatabase();
  });

  it('stores, finds and refuses unknown keys; every process sees the same table', async () => {
    await roundTrip(new PostgresImageStore());
    expect(await db().imageBlob.count()).toBe(1);
  });

  it('copies DATA_DIR/images files of an older installation into the store once, and refuses a file whose name lies', async () => {
    setImageStore(new PostgresImageStore());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-local-'));
    const png = await solidPng(1, 2, 3, 8);
    fs.writeFileSync(path.join(dir, `${storageKeyOf(png)}.png`), png);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
    expect(await migrateLocalImages(dir)).toBe(1);
    expect(await migrateLocalImages(dir)).toBe(0);
    expect((await readStoredImage(storageKeyOf(png))).equals(png)).toBe(true);
    fs.writeFileSync(path.join(dir, `${'a'.repeat(40)}.png`), png);
    await expect(migrateLocalImages(dir)).rejects.toThrow(/does not hold the image its name says/);
  });

  it('IMAGE_STORE names the store; anything else is refused', () => {
    expect(storeFromSetting('postgres')).toBeInstanceOf(PostgresImageStore);
    expect(storeFromSetting('s3://my-bucket/images')).toBeInstanceOf(S3ImageStore);
    expect(() => storeFromSetting('ftp://x')).toThrow(/IMAGE_STORE must be postgres or s3:\/\/bucket\/prefix/);
    expect(() => storeFromSetting('s3://')).toThrow(/is not s3:\/\/bucket\/prefix/);
  });
});

describe('S3 image store (against s3rver)', () => {
  let server: { close: () => Promise<void> };
  let endpoint: string;
  beforeAll(async () => {
    const S3rver = (await import('s3rver')).default;
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'ras-s3-'));
    const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'ras-images', configs: [] }] });
    const { port } = (await s3.run()) as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    server = s3;
    Object.assign(process.env, { S3_ENDPOINT: endpoint, S3_FORCE_PATH_STYLE: '1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
  });
  afterAll(async () => {
    await server?.close();
    setImageStore(new PostgresImageStore());
  });

  it('stores under the prefix, finds, refuses unknown keys', async () => {
    const store = S3ImageStore.fromUrl('s3://ras-images/study-images');
    await roundTrip(store);
    const listing = await (await fetch(`${endpoint}/ras-images?prefix=study-images/`)).text();
    expect(listing).toMatch(/<Key>study-images\/[a-f0-9]{40}\.png<\/Key>/);
  });

  it('an unreachable bucket fails ping with the store named', async () => {
    const store = S3ImageStore.fromUrl('s3://no-such-bucket');
    await expect(store.ping()).rejects.toThrow();
    expect(store.description).toBe('S3 bucket no-such-bucket');
  });
});
