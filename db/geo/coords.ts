/**
 * Coordinates as clerks paste them (DOMAIN §2.2, §7 E10): both or neither, inside China's bounding box, a
 * hint when latitude and longitude look swapped, and a warning when the coordinate system is not named
 * (a BD-09 point pasted from Baidu into a WGS-84 column is off by hundreds of metres).
 * Any ledger with `lat`, `lng` and `coordSystem` fields uses this one rule.
 */
import type { FieldErrors } from '../errors';
import type { Values, Warning } from '../ledger/record';

export const LAT_RANGE = [3.8, 53.6] as const;
export const LNG_RANGE = [73.5, 135.1] as const;

export const COORD_SYSTEMS = [
  { value: 'WGS84', label: 'WGS84' },
  { value: 'GCJ02', label: 'GCJ02' },
  { value: 'BD09', label: 'BD09' },
];

const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

export function checkCoordinates(v: Values, errors: FieldErrors, warnings: Warning[]): void {
  const lat = typeof v.lat === 'number' ? v.lat : null;
  const lng = typeof v.lng === 'number' ? v.lng : null;
  if ((lat == null) !== (lng == null)) {
    errors[lat == null ? 'lat' : 'lng'] = '经度和纬度要同时填写';
    return;
  }
  if (lat == null || lng == null) return;
  if (!inRange(lat, LAT_RANGE) || !inRange(lng, LNG_RANGE)) {
    const swapped = inRange(lng, LAT_RANGE) && inRange(lat, LNG_RANGE);
    const message = swapped
      ? '经度和纬度似乎填反了(纬度应在 3.8–53.6 之间,经度应在 73.5–135.1 之间)'
      : '坐标不在中国境内(纬度 3.8–53.6,经度 73.5–135.1),请检查';
    if (!inRange(lat, LAT_RANGE)) errors.lat = message;
    if (!inRange(lng, LNG_RANGE)) errors.lng = message;
  } else if (v.coordSystem == null) {
    warnings.push({ field: 'coordSystem', message: '填写了坐标但没有注明坐标系(WGS84、GCJ02 或 BD09)' });
  }
}
