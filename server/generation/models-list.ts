import fs from 'node:fs';
import path from 'node:path';

type DitManifest = { format?: string; name: string; tokens: number; image: { width: number; height: number } };

function readManifest(file: string): DitManifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as DitManifest;
    return m.format === 'ras-dit-onnx' ? m : null;
  } catch {
    return null;
  }
}

/** The RAS-capable DiTs under models/ (a model.json of the model contract's format), for the generation form. */
export function listModelDirs(root = 'models'): { dir: string; name: string; tokens: number; image: string }[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const m = readManifest(path.join(root, d.name, 'model.json'));
      return m ? [{ dir: path.join(root, d.name), name: m.name, tokens: m.tokens, image: `${m.image.width}×${m.image.height}` }] : [];
    });
}
