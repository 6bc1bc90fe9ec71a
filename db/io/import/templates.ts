/**
 * Import templates: a column mapping saved under a name per ledger, keyed by the header text (not the column
 * position), so a district's recurring sheet maps itself even when columns are added or moved. Saving under an
 * existing name replaces that template's mapping. Every save and delete is audited.
 */
import { appendAudit } from '../../audit/audit';
import type { Ctx } from '../../context';
import { ApiError } from '../../errors';
import type { Database } from '../../sqlite';
import { normalizeText } from '../../text';
import { importableLedger } from './registry';

export interface ImportTemplate {
  id: number;
  ledger: string;
  name: string;
  /** Header text → field key, or null for a column the import leaves out. */
  mapping: Record<string, string | null>;
  updatedAt: string;
  updatedBy: string;
}

interface TemplateRow {
  id: number;
  ledger: string;
  name: string;
  mapping: string;
  updatedAt: string;
  updatedBy: string;
}

const SELECT = `SELECT t.id, t.ledger, t.name, t.mapping, t.updated_at AS updatedAt, u.name AS updatedBy
                  FROM import_templates t JOIN users u ON u.id = t.updated_by`;

function decode(row: TemplateRow): ImportTemplate {
  return { ...row, mapping: JSON.parse(row.mapping) as ImportTemplate['mapping'] };
}

export async function listTemplates(db: Database, ledger?: string): Promise<ImportTemplate[]> {
  const rows = await db.read.all<TemplateRow>(`${SELECT} ${ledger ? 'WHERE t.ledger = ?' : ''} ORDER BY t.ledger, t.name`, ledger ? [ledger] : []);
  return rows.map(decode);
}

export async function getTemplate(db: Database, id: number): Promise<ImportTemplate> {
  const row = await db.read.get<TemplateRow>(`${SELECT} WHERE t.id = ?`, [id]);
  if (!row) throw new ApiError('not_found', `没有编号为 ${id} 的导入模板(可能已被删除)`);
  return decode(row);
}

export async function findTemplate(db: Database, ledger: string, name: string): Promise<ImportTemplate> {
  const row = await db.read.get<TemplateRow>(`${SELECT} WHERE t.ledger = ? AND t.name = ?`, [ledger, normalizeText(name)]);
  if (!row) {
    const names = (await listTemplates(db, ledger)).map((t) => `“${t.name}”`);
    throw new ApiError('not_found', `${importableLedger(ledger).def.title}没有名为“${name}”的导入模板${names.length ? `;已有:${names.join('、')}` : ''}`);
  }
  return decode(row);
}

export interface SaveTemplateInput {
  ledger: string;
  name: string;
  mapping: Record<string, string | null>;
}

export async function saveTemplate(ctx: Ctx, input: SaveTemplateInput): Promise<ImportTemplate> {
  const ledger = importableLedger(input.ledger);
  const name = normalizeText(input.name);
  if (!name) throw new ApiError('validation', '模板名称不能为空', { name: '必填' });
  const headers = Object.keys(input.mapping);
  if (headers.length && headers.every((h) => /^\d{1,3}$/.test(h.trim()))) {
    // A preview's mapping is by column position; a template must say which header each field is under.
    throw new ApiError('validation', '模板要按列名保存对应关系(如 {"公厕编号": "code"}),收到的是列序号;请用预检结果中的列名(headers[].header)作为键', {
      mapping: '应以列名为键',
    });
  }
  const mapping: Record<string, string | null> = {};
  const fields = new Map(ledger.def.fields.map((f) => [f.key, f]));
  const problems: string[] = [];
  for (const [header, key] of Object.entries(input.mapping)) {
    const text = normalizeText(header);
    if (!text) continue;
    const field = key == null ? null : fields.get(key);
    if (key != null && (!field || field.derived)) problems.push(`“${text}”对应的“${key}”不是${ledger.def.title}可导入的字段`);
    mapping[text] = key;
  }
  if (problems.length) throw new ApiError('validation', `模板有误:${problems.join(';')}`, { mapping: problems.join(';') });
  if (!Object.values(mapping).some((k) => k != null)) {
    throw new ApiError('validation', '模板至少要有一列对应到字段', { mapping: '至少要有一列对应到字段' });
  }
  const id = await ctx.ws.db.write(async (tx) => {
    const now = new Date().toISOString();
    const json = JSON.stringify(mapping);
    const existing = await tx.get<{ id: number; mapping: string }>('SELECT id, mapping FROM import_templates WHERE ledger = ? AND name = ?', [input.ledger, name]);
    if (existing) {
      if (existing.mapping !== json) {
        await tx.run('UPDATE import_templates SET mapping = ?, updated_at = ?, updated_by = ? WHERE id = ?', [json, now, ctx.user.id, existing.id]);
        await appendAudit(tx, ctx.user, {
          method: 'templates.save',
          entity: 'import_template',
          entityId: existing.id,
          before: { mapping: JSON.parse(existing.mapping) },
          after: { mapping },
        });
      }
      return existing.id;
    }
    const { lastID } = await tx.run(
      'INSERT INTO import_templates (ledger, name, mapping, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [input.ledger, name, json, now, ctx.user.id, now, ctx.user.id],
    );
    await appendAudit(tx, ctx.user, { method: 'templates.save', entity: 'import_template', entityId: lastID, after: { ledger: input.ledger, name, mapping } });
    return lastID;
  });
  return getTemplate(ctx.ws.db, id);
}

export async function deleteTemplate(ctx: Ctx, id: number): Promise<{ id: number }> {
  await ctx.ws.db.write(async (tx) => {
    const row = await tx.get<{ ledger: string; name: string; mapping: string }>('SELECT ledger, name, mapping FROM import_templates WHERE id = ?', [id]);
    if (!row) throw new ApiError('not_found', `没有编号为 ${id} 的导入模板(可能已被删除)`);
    await tx.run('DELETE FROM import_templates WHERE id = ?', [id]);
    await appendAudit(tx, ctx.user, {
      method: 'templates.delete',
      entity: 'import_template',
      entityId: id,
      before: { ledger: row.ledger, name: row.name, mapping: JSON.parse(row.mapping) },
    });
  });
  return { id };
}
