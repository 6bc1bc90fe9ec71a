/**
 * Ledger rows against the audit log (rows.ts): every way the program writes a row (create, update, batch paste
 * with undo, delete and restore, bulk import, an estate decision, renames that triggers carry into contracts and
 * sections) leaves rows that match their audit trail; every way someone could change the file around the
 * program (an edited field, a deletion mark, a row inserted or removed) is found and named.
 */
import sqlite3 from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { contractors } from '../contractors/service';
import { contracts } from '../contracts/service';
import { decideEstateStatus } from '../estates/decide';
import { estates } from '../estates/service';
import { streets } from '../geo/streets';
import { testWorkspace, type TestWorkspace } from '../testing';
import { exportToilets } from '../toilets/api';
import { toilets } from '../toilets/service';
import { loadWorkbook, workbookBytes } from '../io/import/testing';
import { openWorkspace } from '../workspace/workspace';
import { verifyLedgerRows } from './rows';

/** Tampering as someone holding the file would: a separate connection, no audit entry. */
function tamper(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, (err) => {
      if (err) return reject(err);
      db.exec(sql, (execErr) => db.close(() => (execErr ? reject(execErr) : resolve())));
    });
  });
}

describe('ledger rows against the audit log', () => {
  let t: TestWorkspace;
  beforeEach(async () => {
    t = await testWorkspace({ demo: true });
  });
  afterEach(() => t.close());

  async function reopen() {
    await t.ctx.ws.db.close();
    t.ctx.ws = await openWorkspace(t.dir);
  }

  it('finds nothing after every kind of write the program makes', async () => {
    const ctx = t.ctx;
    const [a, b] = await toilets.list(ctx.ws.db);
    await toilets.update(ctx, { id: a.id, version: a.version, patch: { name: '人民路一号公厕', free: false, attachedFunctions: ['驿站'] } });
    await toilets.delete(ctx, { id: b.id, reason: '已拆除' });
    await toilets.restore(ctx, { id: b.id });
    const pasted = await toilets.applyBatch(ctx, {
      updates: [{ sourceRow: 1, id: b.id, version: b.version + 2, patch: { remarks: '粘贴' } }],
      creates: [{ sourceRow: 2, values: { ...(await toilets.get(ctx.ws.db, a.id)), id: undefined, code: 'GC-NEW-1', name: '新公厕', streetId: a.streetName, communityId: a.communityName } }].map((c) => ({
        ...c,
        values: Object.fromEntries(Object.entries(c.values).filter(([k]) => toilets.writable.some((f) => f.key === k))),
      })),
    });
    // The pasted block undone: its new row deleted in a batch.
    await toilets.applyBatch(ctx, { updates: [], creates: [], deletes: [{ sourceRow: 2, id: pasted.created[0] }] });

    const consortium = (await contracts.list(ctx.ws.db)).find((c) => c.consortiumMembers.length > 0)!;
    const member = (await contractors.list(ctx.ws.db)).find((c) => c.name === consortium.consortiumMembers[0])!;
    await contractors.update(ctx, { id: member.id, version: member.version, patch: { name: `${member.name}(更名)` } });
    expect((await contracts.get(ctx.ws.db, consortium.id)).consortiumMembers[0]).toBe(`${member.name}(更名)`);
    const street = (await streets.list(ctx.ws.db))[0];
    await streets.update(ctx, { id: street.id, version: street.version, patch: { name: `${street.name}新` } });

    const estate = (await estates.list(ctx.ws.db)).find((e) => e.status === 'none' && (e.dropOffPoints ?? 0) > 0 && e.sortingMode !== 'none');
    expect(estate).toBeDefined();
    if (estate) {
      await decideEstateStatus(ctx, { estateId: estate.id, version: estate.version, toStatus: 'pilot', decidedAt: '2023-01-01', decisionDoc: '文1' } as never);
    }
    // An import that updates one row (a name changed in the exported sheet) and adds new ones.
    const book = await loadWorkbook((await exportToilets(ctx, {}, 'xlsx')).content);
    const sheet = book.worksheets[0];
    sheet.getCell(4, 2).value = `${String(sheet.getCell(4, 2).value)}(改)`;
    sheet.addRow(['GC-IMP-1', '导入公厕', a.streetName, a.communityName, '某路1号', '独立式', null, '二类']);
    const imported = await callApi(ctx, 'import.commit', {
      ledger: 'toilets',
      fileName: '公厕.xlsx',
      base64: (await workbookBytes(book)).toString('base64'),
      mapping: {},
      validOnly: true,
    });
    expect(imported).toMatchObject({ ok: true, data: { updated: 1 } });

    const result = await verifyLedgerRows(ctx.ws.db);
    expect(result.differences).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.rows).toBeGreaterThan(1000);
    console.log(`row check after every kind of write: ${result.rows} rows in ${result.tables.length} ledgers, ${result.total} differences`);
  });

  it('names a field edited in the file, with the audit value and the file value', async () => {
    const row = (await toilets.list(t.ctx.ws.db))[4];
    await reopen();
    await t.ctx.ws.db.close();
    await tamper(t.ctx.ws.file, `UPDATE toilets SET name = 'x', free = 0 WHERE id = ${row.id}; UPDATE contracts SET consortium_members = '["某公司"]' WHERE id = 1;`);
    t.ctx.ws = await openWorkspace(t.dir);
    const result = await verifyLedgerRows(t.ctx.ws.db);
    expect(result.ok).toBe(false);
    const [name, free] = result.differences.filter((d) => d.table === 'toilets');
    expect(name).toMatchObject({ table: 'toilets', id: row.id, field: 'name', label: '公厕名称', audit: `“${row.name}”`, file: '“x”' });
    expect(name.message).toBe(`公厕台账(toilets)编号 ${row.id} 的公厕“公厕名称”:审计记录 #${name.auditId} 为 “${row.name}”,文件中为 “x”(在程序之外被改动)`);
    expect(free).toMatchObject({ field: 'free', audit: 'true', file: 'false' });
    expect(result.differences.find((d) => d.table === 'contracts')).toMatchObject({ id: 1, field: 'consortiumMembers', file: '["某公司"]' });
    expect(result.tables.find((x) => x.table === 'toilets')).toMatchObject({ rows: 150, differences: 2 });
  });

  it('finds a row deleted, undeleted, inserted or removed outside the program', async () => {
    const [a, b] = await toilets.list(t.ctx.ws.db);
    await toilets.delete(t.ctx, { id: b.id });
    await t.ctx.ws.db.close();
    await tamper(
      t.ctx.ws.file,
      `UPDATE toilets SET deleted_at = '2025-01-01T00:00:00.000Z' WHERE id = ${a.id};
       UPDATE toilets SET deleted_at = NULL WHERE id = ${b.id};
       CREATE TEMP TABLE copy AS SELECT * FROM toilets WHERE id = ${a.id};
       UPDATE copy SET id = NULL, code = 'GC-999', name = '暗中添加', deleted_at = NULL;
       INSERT INTO toilets SELECT * FROM copy;
       PRAGMA foreign_keys = OFF; DELETE FROM estate_tonnage WHERE id = 3;`,
    );
    t.ctx.ws = await openWorkspace(t.dir);
    const result = await verifyLedgerRows(t.ctx.ws.db, { limit: 100 });
    const found = result.differences.map((d) => [d.table, d.id, d.field]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['toilets', a.id, 'deletedAt'],
        ['toilets', b.id, 'deletedAt'],
        ['toilets', 151, ''],
        ['estate_tonnage', 3, ''],
      ]),
    );
    expect(result.total).toBe(4);
    expect(result.differences.find((d) => d.id === 151)!.message).toContain('审计日志中却没有任何记录');
    expect(result.differences.find((d) => d.table === 'estate_tonnage')!.message).toContain('文件中却没有');
  });
});
