/**
 * npm run eval:frontier -- needs a prompt list; this writes it from the data set (not in git):
 *   npx tsx scripts/eval-frontier-prompts.ts [--data .devcarry/emoji64] [--count 400] [--seed 0]
 *       [--out models/emoji-dit-64/frontier-prompts.json]
 * Prompts as users type them ("<emoji name> twemoji|noto"), base emoji of the training split (no skin-tone
 * variants), a seeded sample stratified by subgroup, so any prefix of the list is balanced over subgroups.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadEmojiDataset } from '../server/quality/dataset';
import { pickFrontierPrompts } from '../server/quality/frontierPrompts';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.devcarry/emoji64' },
    count: { type: 'string', default: '400' },
    seed: { type: 'string', default: '0' },
    out: { type: 'string', default: 'models/emoji-dit-64/frontier-prompts.json' },
  },
});
const data = loadEmojiDataset(values.data!);
const prompts = pickFrontierPrompts(data, { split: 0, count: Number(values.count), seed: Number(values.seed) });
const file = {
  note: 'prompts as users type them: emojibase name + style word; training-split base emoji, stratified by subgroup (scripts/eval-frontier-prompts.ts)',
  source: values.data,
  seed: Number(values.seed),
  labels: data.labelNames,
  prompts: prompts.map((p) => ({ index: p.index, caption: p.caption, label: p.label, subgroup: data.labelNames[p.label] })),
};
writeFileSync(values.out!, JSON.stringify(file, null, 0).replace(/\},\{/g, '},\n{') + '\n');
console.log(`${prompts.length} prompts over ${new Set(prompts.map((p) => p.label)).size} subgroups → ${values.out}`);
