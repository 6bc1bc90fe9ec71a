import { describe, expect, it } from 'vitest';
import { coerceField, parseLooseNumber, parseMonth, type FieldDef } from './fields';
import { normalizeCode, normalizeText } from './text';

const int: FieldDef = { key: 'n', column: 'n', label: '数量', kind: 'int', min: 0 };
const cls: FieldDef = {
  key: 'class',
  column: 'class',
  label: '类别',
  kind: 'enum',
  options: [
    { value: 1, label: '一类' },
    { value: 2, label: '二类' },
  ],
};
const flag: FieldDef = { key: 'b', column: 'b', label: '是否', kind: 'bool' };

describe('text normalisation (DOMAIN N1, E1, E6)', () => {
  it('treats GC-001, ＧＣ－００１ and "gc-001 " as one code', () => {
    expect(new Set(['GC-001', 'ＧＣ－００１', 'gc-001 ', ' gc-\u200b001']).size).toBe(4);
    expect(new Set(['GC-001', 'ＧＣ－００１', 'gc-001 ', ' gc-\u200b001'].map(normalizeCode))).toEqual(new Set(['GC-001']));
  });
  it('maps U+3000 and NBSP to spaces, strips zero-width characters and collapses blanks', () => {
    expect(normalizeText('\u3000丰州村\u00a0 \u200b 公厕 ')).toBe('丰州村 公厕');
  });
});

describe('coerceField', () => {
  it('reads numbers as clerks write them', () => {
    expect(parseLooseNumber('８７．６２')).toBe(87.62);
    expect(parseLooseNumber('1,234')).toBe(1234);
    expect(parseLooseNumber('1，234')).toBe(1234);
    expect(parseLooseNumber('12abc')).toBeNull();
    expect(coerceField(int, '３')).toEqual({ ok: true, value: 3 });
    expect(coerceField(int, -1)).toEqual({ ok: false, message: '不能小于 0' });
    expect(coerceField(int, 1.5)).toEqual({ ok: false, message: '应为整数' });
    expect(coerceField(int, Number.NaN).ok).toBe(false);
  });
  it('accepts enum codes and Chinese labels, and lists the labels when refusing', () => {
    expect(coerceField(cls, '一类')).toEqual({ ok: true, value: 1 });
    expect(coerceField(cls, '2')).toEqual({ ok: true, value: 2 });
    expect(coerceField(cls, 4)).toEqual({ ok: false, message: '只能是 一类、二类 之一' });
  });
  it.each([
    ['✓', true],
    ['√', true],
    ['是', true],
    ['1', true],
    ['Y', true],
    ['否', false],
    ['0', false],
    ['×', false],
  ])('reads %s as %s', (raw, value) => {
    expect(coerceField(flag, raw)).toEqual({ ok: true, value });
  });
  it('reads months in the forms clerks use', () => {
    expect(parseMonth('2023.4')).toBe('2023-04');
    expect(parseMonth('2023年4月')).toBe('2023-04');
    expect(parseMonth('2023-13')).toBeNull();
  });
  it('turns blank input into null', () => {
    expect(coerceField(int, '  ')).toEqual({ ok: true, value: null });
    expect(coerceField(int, '\u3000')).toEqual({ ok: true, value: null });
  });
});

describe('option aliases', () => {
  it('accepts the other ways clerks write an option', () => {
    const status: FieldDef = {
      key: 'status',
      column: 'status',
      label: '创建等级',
      kind: 'enum',
      options: [{ value: 'provincialHighStandard', label: '省级高标准示范', aliases: ['省级高标准'] }],
    };
    expect(coerceField(status, '省级高标准')).toEqual({ ok: true, value: 'provincialHighStandard' });
    expect(coerceField(status, '省级')).toEqual({ ok: false, message: '只能是 省级高标准示范 之一' });
  });
});
