import { describe, expect, it } from 'vitest';
import { parseMoney } from '../money';
import { chineseNumeral, defaultMonthlyFeeFen, sectionDescription, sectionIndexOf, sectionMatchKey, termYears, totalDeviation, TOTAL_TOLERANCE } from './terms';

describe('section numbers', () => {
  it.each([
    ['一标段', 1],
    ['三标段:红旗路桥北至马楚公园界', 3],
    ['三标段：红旗路桥北至马楚公园界', 3],
    ['第三标段', 3],
    ['第12标段', 12],
    ['十二标段', 12],
    ['二十标段', 20],
    ['第二十一标段', 21],
    ['1标段', 1],
    ['01标段', 1],
    ['2号标段', 2],
    ['标段2', 2],
    ['二包', 2],
    ['第 4 标段', 4],
    ['５标段', 5],
  ])('reads %s as section %i', (text, index) => {
    expect(sectionIndexOf(text)).toBe(index);
  });

  it.each(['城区标段', 'A标段', '一、二标段', '环卫一体化'])('finds no number in %s', (text) => {
    expect(sectionIndexOf(text)).toBeNull();
  });

  it('reads Chinese numerals below 1000', () => {
    expect([chineseNumeral('十'), chineseNumeral('十五'), chineseNumeral('一百零五'), chineseNumeral('两百'), chineseNumeral('二〇')]).toEqual([10, 15, 105, 200, 20]);
    expect(chineseNumeral('十万')).toBeNull();
  });

  it('takes the description after the number as the default name, and compares numbers not spellings', () => {
    expect(sectionDescription('三标段:红旗路桥北至马楚公园界')).toBe('红旗路桥北至马楚公园界');
    expect(sectionDescription('一标段')).toBeNull();
    expect(sectionMatchKey('一标段')).toBe(sectionMatchKey('第1标段:城东片区'));
    expect(sectionMatchKey('城区标段')).toBe('城区标段');
  });
});

describe('contract arithmetic', () => {
  it.each([
    ['2023-04-01', '2026-03-31', 3],
    ['2023-04-01', '2026-04-01', 3],
    ['2020-01-01', '2034-12-31', 15],
    ['2024-01-01', '2024-06-30', 0.5],
    ['2024-03-15', '2025-03-14', 1],
    ['2024-01-10', '2024-12-20', 0.95],
  ])('counts the term from %s to %s as %d years', (start, end, years) => {
    expect(termYears(start, end)).toBe(years);
  });

  it('has no term when the end is not after the start', () => {
    expect(termYears('2024-01-01', '2024-01-01')).toBeNull();
  });

  it('finds the Lanzhou figures consistent: 9580.08万元/年 × 15 = 143701.20万元', () => {
    const annual = parseMoney('9580.08万元/年');
    const total = parseMoney('143701.20万元');
    expect(annual).toEqual({ ok: true, fen: 9_580_080_000 });
    expect(total).toEqual({ ok: true, fen: 143_701_200_000 });
    const deviation = totalDeviation(9_580_080_000, 143_701_200_000, termYears('2020-01-01', '2034-12-31')!);
    expect(deviation).toBe(0);
  });

  it('measures a deviation beyond ±0.5 % (a total typed in the wrong unit, a year missing)', () => {
    expect(Math.abs(totalDeviation(100_000_00, 300_000_00 * 1.004, 3)!)).toBeLessThan(TOTAL_TOLERANCE);
    expect(Math.abs(totalDeviation(100_000_00, 300_000_00 * 1.006, 3)!)).toBeGreaterThan(TOTAL_TOLERANCE);
    expect(totalDeviation(100_000_00, 200_000_00, 3)).toBeCloseTo(-1 / 3);
  });

  it('defaults the monthly fee to annual ÷ 12 in whole fen', () => {
    expect(defaultMonthlyFeeFen(9_580_080_000)).toBe(798_340_000);
    expect(defaultMonthlyFeeFen(100)).toBe(8);
  });
});
