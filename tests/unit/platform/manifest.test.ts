import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../server/studies/manifest';
import { designProblems } from '../../../server/studies/importImages';

describe('manifest parsing', () => {
  it('reads CSV with optional columns', () => {
    const rows = parseManifest('prompt,seed,condition,file,tags,generation_ms,config\n"a cat, red",3,dense,a.png,animal;red,812.5,"{""steps"":28}"\n', 'csv');
    expect(rows).toEqual([{ line: 2, row: { prompt: 'a cat, red', seed: 3, condition: 'dense', file: 'a.png', tags: ['animal', 'red'], generation_ms: 812.5, config: { steps: 28 } } }]);
  });

  it('reads JSON arrays and {images: [...]}', () => {
    const item = { prompt: 'x', seed: 1, condition: 'ras-50', file: 'x.png' };
    expect(parseManifest(JSON.stringify([item]), 'json')[0].row.condition).toBe('ras-50');
    expect(parseManifest(JSON.stringify({ images: [item] }), 'json')).toHaveLength(1);
  });

  it('reports every bad row with its line number', () => {
    const text = 'prompt,seed,condition,file\nok,1,dense,a.png\n,2,dense,b.png\nx,-1,dense,c.png\ny,1.5,Dense!,d.png\nok,1,dense,e.png\n';
    expect(() => parseManifest(text, 'csv')).toThrow(
      /line 3: prompt: empty[\s\S]*line 4: seed: negative[\s\S]*line 5: seed: not an integer; condition: a condition name[\s\S]*line 6: same prompt, seed and condition as line 2/,
    );
  });

  it('refuses empty and broken manifests', () => {
    expect(() => parseManifest('prompt,seed,condition,file\n', 'csv')).toThrow(/no rows/);
    expect(() => parseManifest('{', 'json')).toThrow(/not valid JSON/);
    expect(() => parseManifest('{"a":1}', 'json')).toThrow(/must be an array/);
  });

  it('requires two conditions and every prompt in every condition', () => {
    const rows = parseManifest('prompt,seed,condition,file\na,1,dense,1.png\na,1,ras,2.png\nb,1,dense,3.png\n', 'csv');
    expect(designProblems(rows, ['dense', 'ras'])).toEqual(['manifest line 4: “b” (seed 1) has no image for condition(s) ras']);
    expect(designProblems(rows, ['dense'])[0]).toMatch(/at least two conditions/);
  });
});
