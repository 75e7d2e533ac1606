/** The emoji data set written by scripts/model/data.py: `<prefix>.json` (captions, labels) + `<prefix>.npz` (images). */
import { existsSync, readFileSync } from 'node:fs';
import { parseNpz } from './npy';

export interface EmojiDataset {
  readonly captions: readonly string[];
  /** Subgroup names; `label[i]` indexes them. */
  readonly labelNames: readonly string[];
  readonly label: Int16Array;
  /** 0 train, 1 held-out. */
  readonly split: Int8Array;
  /** [n, size, size, 3] bytes, composited on white. */
  readonly images: Uint8Array;
  readonly size: number;
}

export function loadEmojiDataset(prefix: string): EmojiDataset {
  const json = `${prefix}.json`;
  const npz = `${prefix}.npz`;
  for (const file of [json, npz]) {
    if (!existsSync(file)) {
      throw new Error(`data set file not found: ${file} (build it with /usr/bin/python3 scripts/model/data.py --out ${prefix}; see scripts/model/README.md)`);
    }
  }
  const meta = JSON.parse(readFileSync(json, 'utf8')) as { captions: string[]; labels: string[]; image_size: number };
  const arrays = parseNpz(readFileSync(npz));
  const { images, label, split } = arrays;
  if (!images || !label || !split) throw new Error(`${npz} lacks images, label or split`);
  const n = meta.captions.length;
  const size = meta.image_size;
  if (images.shape.join() !== [n, size, size, 3].join() || label.shape[0] !== n || split.shape[0] !== n) {
    throw new Error(`${npz}: shapes ${images.shape} / ${label.shape} / ${split.shape} do not match ${n} captions of ${size} px`);
  }
  return {
    captions: meta.captions,
    labelNames: meta.labels,
    label: label.data as Int16Array,
    split: split.data as Int8Array,
    images: images.data as Uint8Array,
    size,
  };
}
