import { describe, expect, it } from 'vitest';
import { formatTarget, isNoValue, normalizeUnit, parseTarget, type ParsedTarget } from './parse';

const t = (op: ParsedTarget['op'], value: number, unit = ''): ParsedTarget => ({ op, value, unit });

describe('parseTarget: every form plans write a baseline or a target in', () => {
  const table: Array<[string, ParsedTarget | null]> = [
    // The list and the seed 003 table (DOMAIN §6.2)
    ['100%', t('=', 100, '%')],
    ['≥98%', t('≥', 98, '%')],
    ['≤8%', t('≤', 8, '%')],
    ['>90%', t('>', 90, '%')],
    ['<5%', t('<', 5, '%')],
    ['16.9平方米', t('=', 16.9, '㎡')],
    ['16.9 ㎡', t('=', 16.9, '㎡')],
    ['16.9㎡', t('=', 16.9, '㎡')],
    ['16.9m²', t('=', 16.9, '㎡')],
    ['16.9平米', t('=', 16.9, '㎡')],
    ['14.6', t('=', 14.6)],
    ['97.23%', t('=', 97.23, '%')],
    ['88.2%', t('=', 88.2, '%')],
    // The seed's rounding quirk: the table's 74.6% and the prose's 74.57% are two different readings, kept apart.
    ['74.6%', t('=', 74.6, '%')],
    ['74.57%', t('=', 74.57, '%')],
    ['39.3%', t('=', 39.3, '%')],
    ['39.25%', t('=', 39.25, '%')],
    // Full width and ASCII spellings of the signs
    ['≥９８％', t('≥', 98, '%')],
    ['＞90%', t('>', 90, '%')],
    ['＜10％', t('<', 10, '%')],
    ['＝100％', t('=', 100, '%')],
    ['>=98%', t('≥', 98, '%')],
    ['<=8%', t('≤', 8, '%')],
    ['≧98%', t('≥', 98, '%')],
    ['≦8%', t('≤', 8, '%')],
    [' ≥ 98 % ', t('≥', 98, '%')],
    ['１６．９平方米', t('=', 16.9, '㎡')],
    // Words for the signs
    ['不低于98%', t('≥', 98, '%')],
    ['不少于2次/日', t('≥', 2, '次/日')],
    ['不小于60%', t('≥', 60, '%')],
    ['大于等于95%', t('≥', 95, '%')],
    ['不高于8%', t('≤', 8, '%')],
    ['不超过8%', t('≤', 8, '%')],
    ['不大于3000人/座', t('≤', 3000, '人/座')],
    ['控制在8%以内', t('≤', 8, '%')],
    ['98%以上', t('≥', 98, '%')],
    ['98%及以上', t('≥', 98, '%')],
    ['8%以下', t('≤', 8, '%')],
    ['8%以内', t('≤', 8, '%')],
    ['达到100%', t('=', 100, '%')],
    ['力争达到100%', t('=', 100, '%')],
    ['达到98%以上', t('≥', 98, '%')],
    ['高于90%', t('>', 90, '%')],
    ['低于10%', t('<', 10, '%')],
    // Other units
    ['1.5万户', t('=', 1.5, '万户')],
    ['2500人/座', t('=', 2500, '人/座')],
    ['≤2,500人/座', t('≤', 2500, '人/座')],
    ['90分', t('=', 90, '分')],
    ['-5%', t('=', -5, '%')],
    ['.5%', t('=', 0.5, '%')],
    // Nothing there, or nothing to read
    ['/', null],
    ['／', null],
    ['—', null],
    ['', null],
    ['  ', null],
    ['无', null],
    ['90%-95%', null],
    ['稳步提升', null],
    ['全面完成', null],
    ['≥不高于8%', null],
    ['98%(力争100%)', null],
  ];
  it.each(table)('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it('reads null and undefined as no value', () => {
    expect(parseTarget(null)).toBeNull();
    expect(parseTarget(undefined)).toBeNull();
  });

  it('tells "no value" ("/", blank) from a text it cannot read', () => {
    for (const none of ['/', '／', '', ' ', '—', '-', '无', null]) expect(isNoValue(none)).toBe(true);
    for (const text of ['稳步提升', '100%', '0']) expect(isNoValue(text)).toBe(false);
  });

  it('normalises area units and leaves the others as written', () => {
    expect(normalizeUnit('平方米')).toBe('㎡');
    expect(normalizeUnit('㎡')).toBe('㎡');
    expect(normalizeUnit('平方米/人')).toBe('㎡/人');
    expect(normalizeUnit('%')).toBe('%');
    expect(normalizeUnit('人/座')).toBe('人/座');
  });

  it('formats a reading back as a short text', () => {
    expect(formatTarget(t('≥', 98, '%'))).toBe('≥98%');
    expect(formatTarget(t('=', 16.9, '㎡'))).toBe('16.9㎡');
  });
});
