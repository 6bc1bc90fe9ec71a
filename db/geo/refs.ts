/**
 * A community as clerks write it in a sheet or a pasted cell: its 12-digit code, its name or an alias when that
 * is unique in the district, or qualified by its street when it is not (“城关街道/和平社区”, “城关 和平社区”,
 * “城关街道和平社区”). Unknown and ambiguous names are refused with the choices, never guessed.
 */
import { normalizeText } from '../text';
import type { GeoIndex } from './geo';

export type Resolved = { ok: true; id: number } | { ok: false; message: string };

const SEPARATORS = /\s*[/|>·\s-]\s*/;

export function resolveCommunityName(geo: GeoIndex, raw: string): Resolved {
  const text = normalizeText(raw);
  if (/^\d{12}$/.test(text)) {
    const byCode = [...geo.communities.values()].find((c) => c.code === text);
    return byCode ? { ok: true, id: byCode.id } : { ok: false, message: `没有编号为 ${text} 的社区(村),请核对` };
  }
  const direct = geo.communityIdByName(null, text);
  if (direct != null) return { ok: true, id: direct };

  const parts = text.split(SEPARATORS).filter(Boolean);
  if (parts.length === 2) {
    const streetId = geo.streetIdByName(parts[0]);
    const id = streetId == null ? undefined : geo.communityIdByName(streetId, parts[1]);
    if (id != null) return { ok: true, id };
  }
  // “城关街道和平社区”: a street's name, short name or alias followed by the community's name.
  for (const street of geo.streets.values()) {
    for (const name of [street.name, street.shortName, ...street.aliases]) {
      if (!name) continue;
      const prefix = normalizeText(name);
      if (text.length > prefix.length && text.startsWith(prefix)) {
        const id = geo.communityIdByName(street.id, text.slice(prefix.length));
        if (id != null) return { ok: true, id };
      }
    }
  }

  const same = [...geo.communities.values()].filter((c) => [c.name, ...c.aliases].some((n) => normalizeText(n) === text));
  if (same.length > 1) {
    const where = same.map((c) => `${c.streetName}/${c.name}`).join('、');
    return { ok: false, message: `有 ${same.length} 个社区(村)叫“${text}”(${where}),请连同街道写成“街道/社区”,如“${where.split('、')[0]}”` };
  }
  return { ok: false, message: `没有名为“${text}”的社区(村),请从列表中选择,或先在社区(村)台账中添加` };
}
