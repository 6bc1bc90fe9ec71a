/** Streets and communities as choices for reference fields (所属街道, 社区(村)), in official order. */
import type { ApiResult } from '../../../../db/api';
import { call } from '../../api';
import type { RefOption } from '../../components/ledger/types';

export async function loadGeoRefOptions(): Promise<ApiResult<Record<string, RefOption[]>>> {
  const [streets, communities] = await Promise.all([call('geo.streets', {}), call('geo.communities', {})]);
  if (!streets.ok) return streets;
  if (!communities.ok) return communities;
  return {
    ok: true,
    data: {
      streets: streets.data.map((s) => ({ value: s.id, label: s.name })),
      communities: communities.data.map((c) => ({ value: c.id, label: c.name, parentId: c.streetId })),
    },
  };
}
