/**
 * Opening hours as clerks write them (DOMAIN §2.7): `0:00-24:00`, `24小时`, `06:00-22:00`,
 * `06:00-12:00,14:00-22:00`, and seasonal lists such as `夏季06:00-22:00;冬季06:00-20:00` or
 * `4月-10月 06:00-22:00;11月-3月 06:00-20:00` (summer = Apr 1 – Oct 31, winter = Nov 1 – Mar 31).
 * Stored as the canonical text this module prints; parsed again when a rule needs the intervals.
 */
export type Season = 'summer' | 'winter';

export interface OpenInterval {
  season?: Season;
  from: string; // HH:MM
  to: string; // HH:MM, 24:00 allowed
}

export type HoursParse = { ok: true; intervals: OpenInterval[]; text: string } | { ok: false; message: string };

const ALL_DAY = /^(24\s*(小时|h|H)|全天(开放)?|全天候|24小时开放|0?0:00\s*-\s*24:00)$/;
const SEASON_WORDS: Array<[RegExp, Season]> = [
  [/^(夏季|夏|夏令|4\s*月?\s*-\s*10\s*月)/, 'summer'],
  [/^(冬季|冬|冬令|11\s*月?\s*-\s*3\s*月)/, 'winter'],
];
const SEASON_LABEL: Record<Season, string> = { summer: '夏季', winter: '冬季' };

function parseClock(text: string): number | null {
  const m = /^(\d{1,2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2] ?? '0');
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function parseOpenHours(raw: string): HoursParse {
  // NFKC turns full-width colons and dashes into ASCII; other dash-like marks are unified by hand.
  const text = raw
    .normalize('NFKC')
    .replace(/[~〜—–－至到]/g, '-')
    .replace(/[;;]/g, ';')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text) return { ok: false, message: '开放时间不能为空,如 06:00-22:00 或 24小时' };
  const intervals: OpenInterval[] = [];
  for (let part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    let season: Season | undefined;
    for (const [pattern, s] of SEASON_WORDS) {
      const m = pattern.exec(part);
      if (m) {
        season = s;
        part = part.slice(m[0].length).replace(/^[::\s]+/, '');
        break;
      }
    }
    for (const span of part.split(/[,,、]/).map((p) => p.trim()).filter(Boolean)) {
      if (ALL_DAY.test(span.replace(/\s/g, ''))) {
        intervals.push({ season, from: '00:00', to: '24:00' });
        continue;
      }
      const m = /^(\d{1,2}(?::\d{2})?)\s*-\s*(\d{1,2}(?::\d{2})?)$/.exec(span);
      const from = m ? parseClock(m[1]) : null;
      const to = m ? parseClock(m[2]) : null;
      if (from == null || to == null) {
        return { ok: false, message: `无法识别“${span}”,请写成 06:00-22:00、24小时,或 夏季06:00-22:00;冬季06:00-20:00` };
      }
      if (from >= to) return { ok: false, message: `“${span}”的开始时间应早于结束时间` };
      intervals.push({ season, from: formatClock(from), to: formatClock(to) });
    }
  }
  if (!intervals.length) return { ok: false, message: '开放时间不能为空,如 06:00-22:00 或 24小时' };
  return { ok: true, intervals, text: formatOpenHours(intervals) };
}

export function formatOpenHours(intervals: OpenInterval[]): string {
  const groups = new Map<Season | undefined, string[]>();
  for (const i of intervals) {
    const span = i.from === '00:00' && i.to === '24:00' ? '00:00-24:00' : `${i.from}-${i.to}`;
    groups.set(i.season, [...(groups.get(i.season) ?? []), span]);
  }
  return [...groups.entries()].map(([season, spans]) => `${season ? SEASON_LABEL[season] : ''}${spans.join(',')}`).join(';');
}
