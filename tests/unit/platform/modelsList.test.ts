import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listModelDirs } from '../../../server/generation/models-list';

describe('listModelDirs', () => {
  it('lists the contract models and skips other model folders and broken manifests', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'models-'));
    const write = (dir: string, body: string) => {
      fs.mkdirSync(path.join(root, dir));
      fs.writeFileSync(path.join(root, dir, 'model.json'), body);
    };
    write('dit', JSON.stringify({ format: 'ras-dit-onnx', name: 'd', tokens: 64, image: { width: 16, height: 16 } }));
    write('classifier', JSON.stringify({ format: 'emoji-classifier', name: 'c' }));
    write('broken', '{');
    expect(listModelDirs(root)).toEqual([{ dir: path.join(root, 'dit'), name: 'd', tokens: 64, image: '16×16', equalTimeControl: null, designs: [] }]);
    expect(listModelDirs('models').map((m) => m.dir).sort()).toEqual(['models/emoji-dit-64', 'models/fixture']);
  });

  it('reads the equal-time advice measured for a model: the default model recommends the control, the fixture has no measurement', () => {
    const models = Object.fromEntries(listModelDirs('models').map((m) => [m.name, m]));
    expect(models['emoji-dit-64']!.equalTimeControl).toMatchObject({ atLeastAsGood: true, reason: expect.stringContaining('dense 19 steps') });
    expect(Object.values(models).filter((m) => m.name !== 'emoji-dit-64').every((m) => m.equalTimeControl === null)).toBe(true);
    // study designs are measurements of one model: offered for it alone
    expect(models['emoji-dit-64']!.designs.map((d) => d.value)).toEqual(['fewStepFrontier']);
    expect(Object.values(models).filter((m) => m.name !== 'emoji-dit-64').every((m) => m.designs.length === 0)).toBe(true);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'models-'));
    fs.mkdirSync(path.join(root, 'dit'));
    fs.writeFileSync(path.join(root, 'dit', 'model.json'), JSON.stringify({ format: 'ras-dit-onnx', name: 'd', tokens: 64, image: { width: 16, height: 16 } }));
    fs.writeFileSync(path.join(root, 'dit', 'evaluation.json'), '{"equalTimeControl": {"atLeastAsGood": "yes"}}');
    expect(listModelDirs(root)[0]!.equalTimeControl).toBeNull();
  });
});
