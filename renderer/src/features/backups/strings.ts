/** Words of the 系统 → 备份 screen (zh-CN). Messages from db/ arrive already in Chinese. */
import type { MethodOutput } from '../../../../db/api';

type Retention = MethodOutput<'settings.get'>['retention'];

/** "1.23 MB" / "640 KB" (the same rule as db/backup/recovery.ts sizeText, which the renderer cannot import). */
export function fileSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export const backupsText = {
  navEntry: '备份',
  title: '备份',
  intro:
    'SaniDesk 自动备份整个工作区:运行时有修改就定时备份,升级前、导入前、恢复前也各备份一次;每份备份都经过完整性检查。恢复会先备份当前状态,所以恢复本身也可以撤销。',
  folder: '备份文件夹',
  retention: '保留规则',
  retentionWords: (r: Retention) =>
    [
      `今天的备份保留最新 ${r.keepLatestToday} 份`,
      r.dailyForDays > 0 ? `最近 ${r.dailyForDays} 天每天保留 1 份` : '不另按天保留',
      r.monthlyForMonths > 0 ? `最近 ${r.monthlyForMonths} 个月每月保留 1 份` : '不另按月保留',
    ].join(';') + '。最新的一份和最近一次“恢复前备份”总会保留;另存到其他位置的备份不会被删除。',
  editRetention: '修改',
  /** The boxes of the retention rule: what to type, and its unit beside the box. */
  boxes: {
    keepLatestToday: ['今天保留最新', '份'],
    dailyForDays: ['每天 1 份,保留', '天'],
    monthlyForMonths: ['每月 1 份,保留', '个月'],
  } as const,
  outOfRange: (label: string, min: number, max: number) => `“${label}”应为 ${min}–${max} 的整数`,
  save: '保存',
  saving: '保存中…',
  cancel: '取消',
  retentionSaved: '保留规则已保存,下次备份时按新规则清理',
  create: '立即备份',
  creating: '正在备份…',
  refresh: '刷新',
  loading: '正在读取备份…',
  loadFailed: '备份列表没有载入',
  empty: '还没有备份。点“立即备份”备份当前工作区;以后 SaniDesk 运行时会自动备份。',
  created: (file: string, pruned: number) => `已备份:${file}${pruned ? `;按保留规则删除了 ${pruned} 份过期备份` : ''}`,
  count: (n: number) => `共 ${n} 份备份`,
  colTime: '备份时间',
  colReason: '原因',
  colSize: '大小',
  colSchema: '数据版本',
  colIntegrity: '完整性检查',
  colFile: '文件',
  colActions: '操作',
  integrityOk: '通过',
  integrityUnchecked: '未检查(旧版本写入)',
  restore: '恢复',
  outside: '另存在备份文件夹外,请用命令行恢复',
  restoreTitle: '恢复备份',
  restoreWhat: (time: string, reason: string, size: string) => `将用 ${time} 的备份(${reason},${size})替换当前的全部数据。`,
  restoreUndo: '恢复前,当前状态会先自动备份为一份“恢复前备份”;如需撤销,恢复那一份即可。',
  restoreLogout: '恢复后所有用户(包括您)都会退出登录,控制台将重新载入,请重新登录。',
  restoreConfirm: '恢复',
  restoring: '正在恢复备份…',
  restoredTitle: '已恢复',
  restoredText: (time: string) => `已恢复 ${time} 的备份。`,
  restoredUndo: (file: string) => `恢复前的状态已备份为 ${file}。`,
  restoredLogin: '所有用户都已退出登录,请重新登录。',
  relogin: '重新登录',
};
