/**
 * Reading the audit log (系统 → 审计日志): newest first, filtered by what was changed, by whom, by method and by
 * date; a page at a time. Bulk entries are listed with their size rather than their (large) row data.
 *
 * Each entry also comes with what a supervisor reads: the object's and the method's Chinese names and the
 * changed fields (label, before → after as display text), so the screen answers "who changed this, when, from
 * what to what" without knowing every ledger's field table. The first page carries the facets (which objects,
 * users and methods the log holds) so the filters list only what is there: a supervisor may not list users.
 */
import { creditRecords } from '../contractors/service';
import type { FieldDef } from '../fields';
import { displayValue } from '../ledger/record';
import { LEDGERS, type AnyLedger } from '../ledgers';
import type { Database } from '../sqlite';

export interface AuditListFilter {
  entity?: string;
  entityId?: number;
  userId?: number;
  /** A method name or its prefix: `inspections.` lists the whole module. */
  method?: string;
  /** YYYY-MM-DD, inclusive, calendar days of the office (the host's local time; `at` is stored in UTC). */
  from?: string;
  to?: string;
  /** Words in the user's name, the reason, the method, the object's Chinese name or the recorded values. */
  search?: string;
  offset?: number;
  limit?: number;
}

/** One field an entry changed, as display text (enum labels, 是/否, names for referenced rows). */
export interface AuditChange {
  field: string;
  /** The field's Chinese label where the object is a ledger row, else the recorded key. */
  label: string;
  before: string;
  after: string;
}

export interface AuditListEntry {
  id: number;
  at: string;
  userId: number;
  userName: string;
  method: string;
  /** 修改, 新增, 批准, … ; the method itself when no label is known. */
  methodLabel: string;
  entity: string;
  /** 公厕, 生活小区, … ; the entity itself when no label is known. */
  entityLabel: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
  /** The keys whose recorded value differs between before and after (every recorded key for a create). */
  changes: AuditChange[];
  reason: string | null;
  /** For a bulk write: how many rows it wrote (its row data is not repeated here). */
  bulkRows: number | null;
}

export interface AuditFacets {
  entities: Array<{ entity: string; label: string; count: number }>;
  /** Everyone who appears in the log, by their latest recorded name. */
  users: Array<{ userId: number; userName: string; count: number }>;
  methods: Array<{ method: string; label: string; count: number }>;
}

export interface AuditListResult {
  total: number;
  entries: AuditListEntry[];
  /** On the first page only (offset 0): the whole log's objects, users and methods, unfiltered. */
  facets?: AuditFacets;
}

/** Above this size the before/after text is cut, so one entry cannot flood a page. */
const MAX_TEXT = 20_000;

/** Ledger rows go through LedgerService: their nouns and field tables come from there, not from a second list. */
const LEDGER_BY_ENTITY = new Map<string, AnyLedger>(
  [...Object.values(LEDGERS), creditRecords as unknown as AnyLedger].map((l) => [l.def.entity, l]),
);

/** Objects written outside the ledgers (assessment, ranking, system). */
const OTHER_ENTITY_LABELS: Record<string, string> = {
  inspection: '检查记录',
  rectification: '整改单',
  correction: '成绩更正',
  attachment: '照片附件',
  assessment_scheme: '考核细则',
  assessment_scheme_family: '考核细则类别',
  component_input: '分项成绩',
  month: '考核月份',
  ranking_run: '排名',
  bulletin: '通报',
  estateStatusDecision: '小区状态决定',
  user: '用户',
  settings: '设置',
  workspace: '工作区',
  import_template: '导入模板',
};

export function entityLabel(entity: string): string {
  return LEDGER_BY_ENTITY.get(entity)?.def.noun ?? OTHER_ENTITY_LABELS[entity] ?? entity;
}

/** Whole method names that read better than their verb alone. */
const METHOD_LABELS: Record<string, string> = {
  'demo.load': '载入示例数据',
  'import.commit': '导入',
  'backup.restore': '从备份恢复',
  'auth.login': '登录',
  'auth.loginFailed': '登录失败',
  'auth.lockout': '账号锁定',
  'auth.setup': '初始设置',
  'auth.changePassword': '修改密码',
  'users.resetPassword': '重置密码',
  'externalScores.import': '导入外部成绩',
  'attachments.upload': '上传照片',
  'scores.setComponent': '录入分项成绩',
  'scores.setMoneyInputs': '录入核拨数据',
  'corrections.open': '发起更正',
  'corrections.supersede': '更正成绩',
  'rectifications.reportFixed': '报告已整改',
  'ranking.compute': '计算排名',
};

/** The verb after the dot, for every module alike. */
const VERB_LABELS: Record<string, string> = {
  create: '新增',
  update: '修改',
  delete: '删除',
  restore: '恢复',
  batch: '批量修改',
  import: '导入',
  commit: '导入',
  save: '保存',
  submit: '提交',
  approve: '批准',
  return: '退回',
  lock: '锁定',
  unlock: '解锁',
  issue: '签发',
  close: '关闭',
  reopen: '重新打开',
  extend: '延期',
  waive: '免于整改',
  discard: '作废',
  decide: '决定',
  compute: '计算',
  load: '载入',
};

export function methodLabel(method: string): string {
  return METHOD_LABELS[method] ?? VERB_LABELS[method.slice(method.lastIndexOf('.') + 1)] ?? method;
}

function parse(text: string | null): unknown {
  if (text == null) return null;
  if (text.length > MAX_TEXT) return `${text.slice(0, MAX_TEXT)}…(已截断,共 ${text.length} 字)`;
  return JSON.parse(text) as unknown;
}

/** Keys recorded for objects that have no ledger field table (the user's account). */
const OTHER_FIELD_LABELS: Record<string, string> = {
  login: '用户名',
  name: '姓名',
  role: '角色',
  active: '在用',
  passwordSet: '设置密码',
  passwordReset: '重置密码',
  passwordChanged: '修改密码',
  lockLifted: '解除锁定',
  lockedUntil: '锁定至',
  failedLogins: '连续输错次数',
};

/** A recorded value as text: strings as they are, 是/否 for booleans, everything else as compact JSON. */
function plainText(value: unknown): string {
  if (value == null || value === '') return '';
  if (typeof value === 'boolean') return value ? '是' : '否';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value != null && typeof value === 'object' && !Array.isArray(value);
}

/** Names of referenced rows per ledger field, read once per page. */
type RefNameCache = Map<string, Promise<Map<number, string>>>;

async function changesOf(db: Database, entity: string, before: unknown, after: unknown, cache: RefNameCache): Promise<AuditChange[]> {
  if (!isRecord(before) && !isRecord(after)) {
    // A value that is not an object (a truncated text, a list): shown whole, if it changed at all.
    const [b, a] = [plainText(before), plainText(after)];
    return b === a ? [] : [{ field: '', label: '内容', before: b, after: a }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const ledger = LEDGER_BY_ENTITY.get(entity);
  const fields = new Map<string, FieldDef>((ledger?.def.fields ?? []).map((f) => [f.key, f]));
  const changes: AuditChange[] = [];
  for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])]) {
    const field = fields.get(key);
    let names: Map<number, string> | undefined;
    if (field?.kind === 'ref' && ledger?.def.refNames) {
      const cacheKey = `${entity}.${key}`;
      if (!cache.has(cacheKey)) cache.set(cacheKey, ledger.def.refNames(db, field));
      names = await cache.get(cacheKey);
    }
    const text = (v: unknown) => (field ? displayValue(field, v, names) : plainText(v));
    const change = {
      field: key,
      label: field?.label ?? (key === 'deletedAt' ? '删除时间' : (OTHER_FIELD_LABELS[key] ?? key)),
      before: text(b[key]),
      after: text(a[key]),
    };
    if (change.before !== change.after) changes.push(change);
  }
  return changes;
}

/** A local calendar day's first instant as the ISO text `at` is stored in, so the filter matches what the screen shows. */
function localDayStart(date: string, plusDays = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d + plusDays).toISOString();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function facets(db: Database): Promise<AuditFacets> {
  // One pass over the log; SQLite takes the bare user_name from the row of max(id): the latest name.
  const rows = await db.read.all<{ entity: string; method: string; userId: number; userName: string; n: number }>(
    `SELECT entity, method, user_id AS userId, user_name AS userName, max(id) AS lastId, count(*) AS n
       FROM audit_log GROUP BY entity, method, user_id ORDER BY lastId`,
  );
  const entities = new Map<string, number>();
  const methods = new Map<string, number>();
  const users = new Map<number, { userName: string; count: number }>();
  for (const r of rows) {
    entities.set(r.entity, (entities.get(r.entity) ?? 0) + r.n);
    methods.set(r.method, (methods.get(r.method) ?? 0) + r.n);
    // Rows come oldest-last-entry first, so the last name set is the newest one.
    users.set(r.userId, { userName: r.userName, count: (users.get(r.userId)?.count ?? 0) + r.n });
  }
  const byLabel = (x: { label: string }, y: { label: string }) => x.label.localeCompare(y.label, 'zh-CN');
  return {
    entities: [...entities].map(([entity, count]) => ({ entity, label: entityLabel(entity), count })).sort(byLabel),
    users: [...users].map(([userId, u]) => ({ userId, userName: u.userName, count: u.count })).sort((x, y) => x.userName.localeCompare(y.userName, 'zh-CN')),
    methods: [...methods].map(([method, count]) => ({ method, label: methodLabel(method), count })).sort((x, y) => x.method.localeCompare(y.method)),
  };
}

export async function listAudit(db: Database, filter: AuditListFilter): Promise<AuditListResult> {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (filter.entity) where.push('entity = ?'), params.push(filter.entity);
  if (filter.entityId != null) where.push('id IN (SELECT audit_id FROM audit_refs WHERE entity = ? AND entity_id = ?)'), params.push(filter.entity ?? '', filter.entityId);
  if (filter.userId != null) where.push('user_id = ?'), params.push(filter.userId);
  if (filter.method) {
    if (filter.method.endsWith('.')) where.push("method LIKE ? ESCAPE '\\'"), params.push(`${escapeLike(filter.method)}%`);
    else where.push('method = ?'), params.push(filter.method);
  }
  if (filter.from) where.push('at >= ?'), params.push(localDayStart(filter.from));
  if (filter.to) where.push('at < ?'), params.push(localDayStart(filter.to, 1));
  if (filter.search) {
    const like = `%${escapeLike(filter.search)}%`;
    const terms = ['user_name', 'reason', 'method', 'before', 'after'].map((c) => `${c} LIKE ? ESCAPE '\\'`);
    params.push(...terms.map(() => like));
    // 公厕 finds the toilet entries: the object's Chinese name is not stored, so it is matched here.
    const named = [...LEDGER_BY_ENTITY.keys(), ...Object.keys(OTHER_ENTITY_LABELS)].filter((e) => entityLabel(e).includes(filter.search!));
    for (const e of named) terms.push('entity = ?'), params.push(e);
    where.push(`(${terms.join(' OR ')})`);
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (await db.read.get<{ n: number }>(`SELECT count(*) AS n FROM audit_log ${clause}`, params))!.n;
  const rows = await db.read.all<{
    id: number;
    at: string;
    userId: number;
    userName: string;
    method: string;
    entity: string;
    entityId: number | null;
    before: string | null;
    after: string | null;
    reason: string | null;
    bulkRows: number | null;
  }>(
    `SELECT id, at, user_id AS userId, user_name AS userName, method, entity, entity_id AS entityId, before,
            CASE WHEN json_valid(after) AND json_type(after, '$.firstId') IS NOT NULL THEN NULL ELSE after END AS after,
            CASE WHEN json_valid(after) AND json_type(after, '$.firstId') IS NOT NULL THEN json_array_length(after, '$.rows') END AS bulkRows,
            reason
       FROM audit_log ${clause} ORDER BY id DESC LIMIT ? OFFSET ?`,
    [...params, filter.limit ?? 200, filter.offset ?? 0],
  );
  const cache: RefNameCache = new Map();
  const entries: AuditListEntry[] = [];
  for (const r of rows) {
    const before = parse(r.before);
    const after = parse(r.after);
    entries.push({
      ...r,
      methodLabel: methodLabel(r.method),
      entityLabel: entityLabel(r.entity),
      before,
      after,
      changes: await changesOf(db, r.entity, before, after, cache),
    });
  }
  return { total, entries, ...(filter.offset ? {} : { facets: await facets(db) }) };
}
