/** Words of the 系统 → 设置 screen (zh-CN). Messages from db/ arrive already in Chinese. */
export const settingsText = {
  navEntry: '设置',
  title: '设置',
  intro: '整个工作区共用的设置,只有系统管理员可以修改;每次修改都记入审计日志。',
  loading: '正在读取设置…',
  loadFailed: '设置没有载入',
  saved: '已保存',

  workspace: '工作区',
  wsName: '名称',
  wsDemo: '示例数据',
  wsFile: '数据文件',
  wsDir: '工作区文件夹',
  wsSchema: '数据版本',
  wsApp: '程序版本',

  lan: '局域网访问',
  lanWhat: '允许后,办公室里的其他电脑可以用浏览器打开控制台,每位同事用自己的用户名和密码登录,权限与在本机相同。',
  /** Around the start command, which is shown unbroken (a line break inside it would mislead a copy). */
  lanKeysBefore: '需要两把“钥匙”同时具备才会开放:① 系统管理员在这里允许;② 负责启动程序的同事用局域网方式启动(命令 ',
  lanCommand: 'npm run cli -- serve --lan',
  lanKeysAfter: ')。只有其中一把时,控制台仍然只能在本机使用。',
  lanRisk:
    '风险:开放后,同一网络中的任何电脑都能看到登录页并尝试登录。请只在可信的办公网络开放,确认每位用户都设了可靠的密码(连续输错 5 次锁定 5 分钟),不再需要时及时关闭。',
  lanOffEffect: '关闭后,局域网上其他电脑的请求立即被拒绝;本机的控制台不受影响。',
  lanRestore: '注意:恢复备份会把这项设置一起恢复为备份时的状态。',
  lanOn: '已允许局域网访问',
  lanOff: '未允许(只能在本机使用)',
  lanSwitch: '允许局域网访问',
  lanConfirmTitle: '允许局域网访问',
  lanConfirm: '允许',
  lanReason: '原因(必填,记入审计日志)',
  lanReasonPlaceholder: '例如:科室其他同事需要在自己的电脑上录入检查记录',
  lanReasonNeeded: '请填写允许局域网访问的原因',
  lanSaving: '保存中…',
  lanTurnedOff: '已保存:已关闭局域网访问',
  lanTurnedOn: '已保存:已允许局域网访问(还需以 serve --lan 启动才会开放)',

  retention: '备份保留',
  retentionWhere: '保留规则在“系统 → 备份”中修改。',
  retentionLink: '到“备份”修改',
};
