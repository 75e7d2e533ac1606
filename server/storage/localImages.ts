import fs from 'node:fs';
import path from 'node:path';
import { dataDir } from '../env';
import { storageKeyOf } from './images';
import { imageStore } from './store';

/**
 * Images stored as files under DATA_DIR/images before the shared image store existed are copied into it, once,
 * at start (the files are left where they are; nothing reads them any more).
 */
export async function migrateLocalImages(dir = path.join(dataDir(), 'images')): Promise<number> {
  if (!fs.existsSync(dir)) return 0;
  let copied = 0;
  for (const name of fs.readdirSync(dir)) {
    const match = /^([a-f0-9]{40})\.png$/.exec(name);
    if (!match) continue;
    const key = match[1]!;
    if (await imageStore().get(key)) continue;
    const png = fs.readFileSync(path.join(dir, name));
    if (storageKeyOf(png) !== key) throw new Error(`${path.join(dir, name)} does not hold the image its name says (content hash differs)`);
    await imageStore().put(key, png);
    copied++;
  }
  return copied;
}
