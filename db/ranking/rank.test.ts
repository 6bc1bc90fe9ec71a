import { describe, expect, it } from 'vitest';
import { chineseNumber, chineseOrdinal, parsePublishedRank, rankRows } from './rank';

const row = (name: string, score: number | null, sortOrder: number, ranked = true) => ({ name, score, sortOrder, ranked });

describe('rankRows', () => {
  it('gives standard competition ranks on the 2-decimal score: 93, 91, 89, 89, 88 → 1, 2, 3, 3, 5', () => {
    const ranked = rankRows([row('a', 88, 5), row('b', 89, 4), row('c', 93, 1), row('d', 89.001, 2), row('e', 91, 3)]);
    expect(ranked.map((r) => [r.name, r.rank, r.tied])).toEqual([
      ['c', 1, false],
      ['e', 2, false],
      ['d', 3, true],
      ['b', 3, true],
      ['a', 5, false],
    ]);
  });

  it('rounds half-up before ranking: 87.625 and 87.63 tie, 87.624 does not', () => {
    const ranked = rankRows([row('x', 87.625, 1), row('y', 87.63, 2), row('z', 87.624, 3)]);
    expect(ranked.map((r) => [r.name, r.scoreRounded, r.rank])).toEqual([
      ['x', 87.63, 1],
      ['y', 87.63, 1],
      ['z', 87.62, 3],
    ]);
  });

  it('prints unranked rows at their score without a rank, and 未检查 rows last', () => {
    const ranked = rankRows([row('村1', 90, 1), row('未查村', null, 2), row('省道215', 88, 99, false), row('村2', 87, 3)]);
    expect(ranked.map((r) => [r.name, r.rank, r.status])).toEqual([
      ['村1', 1, 'ranked'],
      ['省道215', null, 'unranked'],
      ['村2', 2, 'ranked'],
      ['未查村', null, 'notInspected'],
    ]);
  });
});

describe('Chinese ordinals', () => {
  it('writes ranks as bulletins do', () => {
    expect([1, 10, 13, 20, 21, 100, 105, 110].map(chineseNumber)).toEqual(['一', '十', '十三', '二十', '二十一', '一百', '一百零五', '一百一十']);
    expect(chineseOrdinal(4)).toBe('第四名');
  });

  it('reads published ranks written any way', () => {
    expect(parsePublishedRank('3')).toEqual({ rank: 3, tied: false });
    expect(parsePublishedRank('第3名')).toEqual({ rank: 3, tied: false });
    expect(parsePublishedRank('第十三名')).toEqual({ rank: 13, tied: false });
    expect(parsePublishedRank('并列第三')).toEqual({ rank: 3, tied: true });
    expect(parsePublishedRank('第 ２ 名')).toEqual({ rank: 2, tied: false });
    expect(parsePublishedRank(7)).toEqual({ rank: 7, tied: false });
    expect(parsePublishedRank('优秀')).toBeNull();
    expect(parsePublishedRank('')).toBeNull();
  });
});
