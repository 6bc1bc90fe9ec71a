/** Words and rules of the rectification screen: the status filters, a row's status text, who may do what when. */
import type { Rectification, Role } from '../../../../../db/api';
import { ROLE_LABEL, roleAtLeast } from '../../../app/roles';
import { localDate } from '../../../format';

export { roleAtLeast };

export type FilterKey = 'all' | 'open' | 'overdue' | 'fixed' | 'closed' | 'waived';

export const FILTERS: Array<{ key: FilterKey; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'open', label: '待整改' },
  { key: 'overdue', label: '逾期未整改' },
  { key: 'fixed', label: '已整改待复核' },
  { key: 'closed', label: '已销号' },
  { key: 'waived', label: '已免除' },
];

/** 待整改 holds every open order (the overdue ones too); 逾期未整改 only those past their deadline. */
export function inFilter(r: Rectification, key: FilterKey): boolean {
  if (key === 'all') return true;
  if (key === 'overdue') return r.overdue;
  return r.status === key;
}

export const STATUS_LABEL: Record<Rectification['status'], string> = {
  open: '待整改',
  fixed: '已整改待复核',
  closed: '已销号',
  waived: '已免除',
};

/** Today in local time (deadlines and fix dates are the office's calendar days). */
export const localToday = (): string => localDate();

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The status as a badge label and the note beside it: 逾期未整改 · 逾期 3 天, 待整改 · 还剩 2 天, 已整改待复核 · 超期 1 天完成. */
export function statusParts(r: Rectification, today = localToday()): { label: string; note: string; tone: 'overdue' | 'open' | 'fixed' | 'closed' | 'waived' } {
  if (r.status === 'open' && r.overdue) return { label: '逾期未整改', note: `逾期 ${r.daysLate} 天`, tone: 'overdue' };
  if (r.status === 'open') {
    const left = daysBetween(today, r.deadline);
    return { label: '待整改', note: left === 0 ? '今天到期' : `还剩 ${left} 天`, tone: 'open' };
  }
  const late = r.daysLate > 0 ? `超期 ${r.daysLate} 天完成` : '';
  return { label: STATUS_LABEL[r.status], note: r.status === 'waived' ? '' : late, tone: r.status };
}

export function statusText(r: Rectification): string {
  const { label, note } = statusParts(r);
  return note ? `${label}(${note})` : label;
}


export type ActionKind = 'reportFixed' | 'close' | 'reopen' | 'extend' | 'waive';

export interface ActionDef {
  kind: ActionKind;
  /** The button: the action and the role that may do it. */
  button: string;
  title: string;
  role: Role;
  from: Rectification['status'][];
  /** Why the action is not open for an order in another status. */
  refuse: string;
}

export const ACTIONS: ActionDef[] = [
  { kind: 'reportFixed', button: '登记整改完成(录入员)', title: '登记整改完成', role: 'clerk', from: ['open'], refuse: '只有待整改(含逾期)的整改单可以登记整改完成' },
  { kind: 'close', button: '复核销号(审核员)', title: '复核销号', role: 'supervisor', from: ['fixed'], refuse: '只有已整改待复核的整改单可以复核销号' },
  { kind: 'reopen', button: '复核不通过(审核员)', title: '复核不通过', role: 'supervisor', from: ['fixed'], refuse: '只有已整改待复核的整改单可以复核不通过' },
  { kind: 'extend', button: '延期(审核员)', title: '延长整改期限', role: 'supervisor', from: ['open'], refuse: '只有待整改(含逾期)的整改单可以延期' },
  { kind: 'waive', button: '免除(审核员)', title: '免除整改', role: 'supervisor', from: ['open', 'fixed'], refuse: '已销号或已免除的整改单不能免除' },
];


/** Null when the user may do the action on the order now; otherwise why not (shown as the button's tooltip). */
export function actionBlocked(action: ActionDef, r: Rectification | null, role: Role): string | null {
  if (!r) return '请先在表格中选中一张整改单';
  if (!roleAtLeast(role, action.role)) return `${action.title}需要${ROLE_LABEL[action.role]}及以上角色,当前为${ROLE_LABEL[role]}`;
  if (!action.from.includes(r.status)) return `${action.refuse}(当前为“${statusParts(r).label}”)`;
  return null;
}
