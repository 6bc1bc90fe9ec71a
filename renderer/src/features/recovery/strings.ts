/** Words of the recovery screen (zh-CN): the first screen of a console whose workspace file cannot be opened. */
export const recoveryText = {
  title: '工作区无法打开',
  newestTitle: '最新的完好备份',
  newestChecked: '刚刚检查通过',
  restore: '用此备份恢复',
  restoring: '正在恢复…',
  keepDamaged: '恢复时,损坏的文件会改名为 …-damaged.db 保留在 backups 文件夹中,不会删除。恢复后请用您的用户名和密码登录。',
  fields: (time: string, reason: string, size: string, version: number) => `${time} · ${reason} · ${size} · 数据版本 ${version}`,
  othersTitle: (n: number) => `其他备份(${n} 份,选中后恢复前会做完整性检查)`,
  colTime: '备份时间',
  colReason: '原因',
  colSize: '大小',
  colSchema: '数据版本',
  restored: (time: string) => `已从 ${time} 的备份恢复工作区,请登录。`,
  details: '技术信息',
};
