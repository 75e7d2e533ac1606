import fs from 'node:fs';
import path from 'node:path';
import { designsFor } from './settings';

type DitManifest = { format?: string; name: string; tokens: number; image: { width: number; height: number } };

function readManifest(file: string): DitManifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as DitManifest;
    return m.format === 'ras-dit-onnx' ? m : null;
  } catch {
    return null;
  }
}

export interface EqualTimeAdvice {
  /** Measured on this model: dense with fewer steps at RAS's cost did at least as well as RAS. */
  atLeastAsGood: boolean;
  measuredBy: string;
  reason: string;
}

/** A model's evaluation.json, when its evaluation measured the equal-time control (docs/evaluation.md). */
function readEqualTimeAdvice(file: string): EqualTimeAdvice | null {
  try {
    const e = (JSON.parse(fs.readFileSync(file, 'utf8')) as { equalTimeControl?: EqualTimeAdvice }).equalTimeControl;
    return e && typeof e.atLeastAsGood === 'boolean' && typeof e.reason === 'string' ? e : null;
  } catch {
    return null;
  }
}

export interface ModelChoice {
  dir: string;
  name: string;
  tokens: number;
  image: string;
  equalTimeControl: EqualTimeAdvice | null;
  /** Study designs measured on this model (server/generation/settings.ts STUDY_DESIGNS). */
  designs: { value: string; label: string }[];
}

/** The RAS-capable DiTs under models/ (a model.json of the model contract's format), for the generation form. */
export function listModelDirs(root = 'models'): ModelChoice[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const m = readManifest(path.join(root, d.name, 'model.json'));
      const dir = path.join(root, d.name);
      return m ? [{ dir, name: m.name, tokens: m.tokens, image: `${m.image.width}×${m.image.height}`, equalTimeControl: readEqualTimeAdvice(path.join(dir, 'evaluation.json')), designs: designsFor(m.name) }] : [];
    });
}
