import { describe, expect, it } from 'vitest';
import { percentTick, wrapLabel } from '@/app/results/[id]/chartLabels';
import { scaleLabels } from '@/app/s/[slug]/trialLayout';

describe('answer labels from the study’s templates', () => {
  it('the defaults name the sides shown, the side first so phones can put it on its own line', () => {
    expect(scaleLabels(['Top', 'Bottom']).map((s) => s.label)).toEqual(['Top clearly better', 'Top slightly better', 'Similar', 'Bottom slightly better', 'Bottom clearly better']);
    expect(scaleLabels(['Left', 'Right'])[0]).toEqual({ who: 'Left', how: 'clearly better', label: 'Left clearly better' });
  });
  it('other languages and placements: a placeholder inside the text is replaced, the label kept whole', () => {
    const german = ['{first} deutlich besser', '{first} etwas besser', 'Gleich gut', '{second} etwas besser', '{second} deutlich besser'];
    expect(scaleLabels(['Links', 'Rechts'], german).map((s) => s.label)).toEqual(['Links deutlich besser', 'Links etwas besser', 'Gleich gut', 'Rechts etwas besser', 'Rechts deutlich besser']);
    const inside = scaleLabels(['Left', 'Right'], ['Much better: {first}', 'a', 'b', 'c', 'd'])[0];
    expect(inside).toEqual({ who: '', how: 'Much better: Left', label: 'Much better: Left' });
  });
});

describe('figure text', () => {
  it('wraps long prompt labels at spaces instead of cutting them, at most three lines', () => {
    expect(wrapLabel('a photograph of an astronaut riding a horse on the moon at dawn', 20)).toEqual(['a photograph of an', 'astronaut riding a', 'horse on the moon a…']);
    expect(wrapLabel('short')).toEqual(['short']);
    expect(wrapLabel('x'.repeat(50), 10)).toEqual(['xxxxxxxxx…']);
  });
  it('axis ticks are whole percentages', () => {
    expect(percentTick(100.00000000000001)).toBe('100 %');
    expect(percentTick(24.999999)).toBe('25 %');
  });
});
