import { unzipSync } from 'fflate';
import { badRequest } from '../http/errors';

export interface UploadBundle {
  manifestText: string;
  manifestFormat: 'csv' | 'json';
  files: Map<string, Buffer>;
}

const MANIFEST_NAMES = ['manifest.csv', 'manifest.json'];

/** Reads a zip holding manifest.csv or manifest.json and the images it names (paths relative to the manifest). */
export function readZipBundle(zip: Uint8Array): UploadBundle {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip);
  } catch {
    throw badRequest('The uploaded file is not a zip archive (or is damaged): upload a .zip holding manifest.csv or manifest.json and the images, or the manifest and image files themselves. Nothing was imported.');
  }
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
