import { describe, expect, it } from 'vitest';
import { parseOpenHours } from './hours';

describe('parseOpenHours', () => {
  it.each([
    ['0:00-24:00', '00:00-24:00'],
    ['24小时', '00:00-24:00'],
    ['全天开放', '00:00-24:00'],
    ['06:00-22:00', '06:00-22:00'],
    ['6:00~22:00', '06:00-22:00'],
    ['０６：００－２２：００', '06:00-22:00'],
    ['6-22', '06:00-22:00'],
    ['06:00-12:00,14:00-22:00', '06:00-12:00,14:00-22:00'],
    ['夏季06:00-22:00;冬季06:00-20:00', '夏季06:00-22:00;冬季06:00-20:00'],
    ['4月-10月 06:00-22:00;11月-3月 06:00-20:00', '夏季06:00-22:00;冬季06:00-20:00'],
    ['夏季：06:00至22:00；冬季：06:00至18:00', '夏季06:00-22:00;冬季06:00-18:00'],
  ])('reads %s as %s', (raw, canonical) => {
    const parsed = parseOpenHours(raw);
    expect(parsed.ok && parsed.text).toBe(canonical);
  });

  it('keeps the season of each interval', () => {
    const parsed = parseOpenHours('夏季06:00-22:00;冬季06:00-20:00');
    expect(parsed.ok && parsed.intervals).toEqual([
      { season: 'summer', from: '06:00', to: '22:00' },
      { season: 'winter', from: '06:00', to: '20:00' },
    ]);
  });

  it.each([
    ['', '不能为空'],
    ['25:00-26:00', '无法识别'],
    ['22:00-06:00', '开始时间应早于结束时间'],
    ['早上到晚上', '无法识别'],
    ['06:61-22:00', '无法识别'],
  ])('refuses %s', (raw, message) => {
    const parsed = parseOpenHours(raw);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });
});
