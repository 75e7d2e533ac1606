import fs from 'node:fs';
import path from 'node:path';

/** Model directories under models/ (each with a model.json), for the generation form. */
export function listModelDirs(root = 'models'): { dir: string; name: string; tokens: number; image: string }[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(root, d.name, 'model.json')))
    .map((d) => {
      const m = JSON.parse(fs.readFileSync(path.join(root, d.name, 'model.json'), 'utf8')) as { name: string; tokens: number; image: { width: number; height: number } };
      return { dir: path.join(root, d.name), name: m.name, tokens: m.tokens, image: `${m.image.width}×${m.image.height}` };
    });
}
