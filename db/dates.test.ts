import { describe, expect, it } from 'vitest';
import { parseDate } from './dates';
import { formatYuan, parseMoney } from './money';

describe('parseDate (DOMAIN E9)', () => {
  it.each([
    ['2023-04-01', '2023-04-01'],
    ['2023.4.1', '2023-04-01'],
    ['2023/4/1', '2023-04-01'],
    ['2023年4月1日', '2023-04-01'],
    ['２０２３．４．１', '2023-04-01'],
    ['20230401', '2023-04-01'],
    ['45017', '2023-04-01'],
  ])('reads %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));
  it('reads Excel serial numbers and refuses impossible dates', () => {
    expect(parseDate(45017)).toBe('2023-04-01');
    expect(parseDate('2023-02-30')).toBeNull();
    expect(parseDate('2017-2017年')).toBeNull();
    expect(parseDate(12)).toBeNull();
  });
});

describe('parseMoney (DOMAIN E9)', () => {
  it.each([
    ['2800000', 280_000_000],
    ['2,800,000.00元', 280_000_000],
    ['387万元', 387_000_000],
    ['9580.08万元/年', 9_580_080_000],
    ['￥1,234.5', 123_450],
    ['贰佰捌拾万元整', 280_000_000],
    ['壹仟贰佰叁拾肆元伍角陆分', 123_456],
    ['壹亿肆仟叁佰柒拾万零壹拾贰元', 14_370_001_200],
  ])('reads %s as %d fen', (raw, fen) => expect(parseMoney(raw)).toEqual({ ok: true, fen }));
  it('reads bare numbers in the column unit, and refuses text it cannot read', () => {
    expect(parseMoney('387', 'wan')).toEqual({ ok: true, fen: 387_000_000 });
    expect(parseMoney(12.345)).toEqual({ ok: true, fen: 1235 });
    expect(parseMoney('三百多万').ok).toBe(false);
    expect(parseMoney('12元3').ok).toBe(false);
  });
  it('formats fen as 元 with separators', () => {
    expect(formatYuan(280_000_000)).toBe('2,800,000.00');
    expect(formatYuan(-5)).toBe('-0.05');
  });
});
