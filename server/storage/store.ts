/**
 * Where stored images live, so that every web server and generation worker sees the same ones: PostgreSQL by
 * default (small images, one system to back up), or an S3-compatible object store for large image sets
 * (IMAGE_STORE=s3://bucket/prefix, docs/deployment.md). Images are content-addressed and never change, so a
 * bounded per-process cache keeps the store out of the participant's hot path.
 */
import { LRUCache } from 'lru-cache';
import { db } from '../db/client';
import { env } from '../env';
import { S3ImageStore } from './s3Store';

export interface ImageStore {
  readonly description: string;
  put(key: string, png: Buffer): Promise<void>;
  /** The bytes, or null when the key is unknown. */
  get(key: string): Promise<Buffer | null>;
  /** Throws when the store cannot be reached. */
  ping(): Promise<void>;
}

export class PostgresImageStore implements ImageStore {
  readonly description = 'PostgreSQL (table ImageBlob)';
  async put(key: string, png: Buffer) {
    await db().$executeRaw`INSERT INTO "ImageBlob" (key, data) VALUES (${key}, ${png}) ON CONFLICT (key) DO NOTHING`;
  }
  async get(key: string) {
    const [row] = await db().$queryRaw<{ data: Uint8Array }[]>`SELECT data FROM "ImageBlob" WHERE key = ${key}`;
    return row ? Buffer.from(row.data) : null;
  }
  async ping() {
    await db().$queryRaw`SELECT 1 FROM "ImageBlob" LIMIT 1`;
  }
}

/** The store IMAGE_STORE names: `postgres` (default) or `s3://bucket/prefix`. */
export function storeFromSetting(setting: string): ImageStore {
  if (setting === 'postgres') return new PostgresImageStore();
  if (setting.startsWith('s3://')) return S3ImageStore.fromUrl(setting);
  throw new Error(`IMAGE_STORE must be postgres or s3://bucket/prefix, got ${setting}`);
}

const holder = globalThis as unknown as { __imageStore?: ImageStore; __imageCache?: LRUCache<string, Buffer> };

export function imageStore(): ImageStore {
  holder.__imageStore ??= storeFromSetting(env().IMAGE_STORE);
  return holder.__imageStore;
}

/** For tests: use this store (and an empty cache) from now on. */
export function setImageStore(store: ImageStore) {
  holder.__imageStore = store;
  holder.__imageCache = undefined;
}

function cache(): LRUCache<string, Buffer> {
  holder.__imageCache ??= new LRUCache<string, Buffer>({ maxSize: Math.max(1, env().IMAGE_CACHE_MB) * 1024 * 1024, sizeCalculation: (b) => b.length });
  return holder.__imageCache;
}

export async function putImage(key: string, png: Buffer): Promise<void> {
  await imageStore().put(key, png);
  cache().set(key, png);
}

export async function getImage(key: string): Promise<Buffer | null> {
  const hit = cache().get(key);
  if (hit) return hit;
  const png = await imageStore().get(key);
  if (png) cache().set(key, png);
  return png;
}
