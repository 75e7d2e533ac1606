import { unzipSync } from 'fflate';
import { badRequest, HttpError, tooLarge } from '../http/errors';
import { formatBytes } from '../http/input';

export interface UploadBundle {
  manifestText: string;
  manifestFormat: 'csv' | 'json';
  files: Map<string, Buffer>;
}

const MANIFEST_NAMES = ['manifest.csv', 'manifest.json'];

/** A zip bomb cannot get past these: entries counted and sizes summed from the headers before anything is inflated. */
export const ZIP_LIMITS = { maxEntries: 10_000, maxEntryBytes: 50 * 1024 * 1024 };

/**
 * Reads a zip holding manifest.csv or manifest.json and the images it names (paths relative to the manifest).
 * At most ZIP_LIMITS.maxEntries entries, none over maxEntryBytes uncompressed and all together at most
 * `maxTotalBytes` uncompressed (MAX_UPLOAD_MB by default); more → 413 before anything is inflated.
 */
export function readZipBundle(zip: Uint8Array, maxTotalBytes = ZIP_LIMITS.maxEntryBytes * 4): UploadBundle {
  let entries: Record<string, Uint8Array>;
  let count = 0;
  let declared = 0;
  let refusal: HttpError | null = null;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        count += 1;
        declared += file.originalSize;
        if (count > ZIP_LIMITS.maxEntries) refusal ??= tooLarge(`The zip holds more than ${ZIP_LIMITS.maxEntries} files. Nothing was imported.`);
        else if (file.originalSize > ZIP_LIMITS.maxEntryBytes) refusal ??= tooLarge(`The zip entry ${file.name.slice(0, 200)} is larger than ${formatBytes(ZIP_LIMITS.maxEntryBytes)} uncompressed. Nothing was imported.`);
        else if (declared > maxTotalBytes) refusal ??= tooLarge(`The zip's files add up to more than ${formatBytes(maxTotalBytes)} uncompressed. Nothing was imported.`);
        return refusal === null;
      },
    });
  } catch {
    throw refusal ?? badRequest('The uploaded file is not a zip archive (or is damaged): upload a .zip holding manifest.csv or manifest.json and the images, or the manifest and image files themselves. Nothing was imported.');
  }
  if (refusal) throw refusal;
  // The headers could understate the sizes: count what was inflated too.
  const inflated = Object.values(entries).reduce((sum, bytes) => sum + bytes.byteLength, 0);
  if (inflated > maxTotalBytes) throw tooLarge(`The zip's files add up to more than ${formatBytes(maxTotalBytes)} uncompressed. Nothing was imported.`);
  const names = Object.keys(entries).filter((n) => !n.endsWith('/') && !n.startsWith('__MACOSX/'));
  const manifestPath = names.find((n) => MANIFEST_NAMES.includes(n.split('/').pop()!.toLowerCase()));
  if (!manifestPath) throw badRequest('The zip holds no manifest.csv or manifest.json: add one naming each image’s prompt, seed, condition and file. Nothing was imported.');
  const base = manifestPath.includes('/') ? manifestPath.slice(0, manifestPath.lastIndexOf('/') + 1) : '';
  const files = new Map<string, Buffer>();
  for (const name of names) {
    if (name === manifestPath || !name.startsWith(base)) continue;
    files.set(name.slice(base.length), Buffer.from(entries[name]));
  }
  return {
    manifestText: Buffer.from(entries[manifestPath]).toString('utf8'),
    manifestFormat: manifestPath.toLowerCase().endsWith('.json') ? 'json' : 'csv',
    files,
  };
}
