/** Words of the 系统 → 导入模板 screen (zh-CN). Messages from db/ arrive already in Chinese. */
import { t } from '../../i18n/zh-CN';

export const templatesText = {
  navEntry: '导入模板',
  title: '导入模板',
  intro:
    '导入模板记下“表格里哪一列对应台账的哪个字段”,按列名保存,表格的列顺序变了也能套用。每个台账还可以下载空白模板,按模板填写后导入最省事。',
  refresh: '刷新',
  loading: '正在读取导入模板…',
  loadFailed: '导入模板没有载入',
  blank: '下载空白模板',
  blankBusy: '正在生成…',
  blankDone: (fileName: string) => `已下载空白模板:${fileName}`,
  importOpen: '导入…',
  count: (n: number) => `${n} 个模板`,
  // The step of the import dialog where the mapping is saved, named as the dialog names it.
  empty: `导入时在“${t.import.stepMapping}”一步可保存模板`,
  colName: '模板名',
  colMapping: '对应关系(列名 → 字段)',
  colUpdatedAt: '更新时间',
  colUpdatedBy: '更新人',
  colActions: '操作',
  skipped: t.import.skipColumn,
  delete: '删除',
  deleteTitle: '删除导入模板',
  deleteWhat: (ledger: string, name: string) => `将删除${ledger}的导入模板“${name}”。`,
  deleteEffect: '已导入的数据不受影响;以后导入时不能再选用这个模板。删除记入审计日志。',
  deleting: '正在删除…',
  deleted: (name: string) => `已删除导入模板“${name}”`,
};
