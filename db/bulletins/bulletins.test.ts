/**
 * Bulletins on a real workspace: the demo district with three months of assessment (two locked), ranked by the
 * ranking service, drafted, edited and issued through the contract; the PDF read back with pdftotext. Also the
 * printed layout itself (GB/T 9704 measures, ordinals, ties, escaping), the 更正通报 after a correction, and the
 * 考核扣款明细表.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../api';
import { loadDemoAssessment } from '../assessment/demo';
import type { Ctx } from '../context';
import type { RankingRun } from '../ranking/types';
import { localToday } from '../estates/rules';
import { ctxAs, testWorkspace, type TestWorkspace } from '../testing';
import { bulletinDefaults, headerDefaults } from './defaults';
import { bulletinHtml } from './document';
import { chineseDate, printedRank } from './format';
import { chromiumCandidates } from './chromium';
import { FONT_FANGSONG } from './page';
import { countPdfPages, pdfEngine } from './pdf';
import { sampleRun } from './sample';
import { normalizeDocNumber } from './service';
import type { Bulletin, BulletinSummary } from './types';

async function ok<T = any>(ctx: Ctx, method: string, input: unknown): Promise<T> {
  const result = await callApi(ctx, method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as T;
}

async function refused(ctx: Ctx, method: string, input: unknown) {
  const result = await callApi(ctx, method, input);
  if (result.ok) throw new Error(`${method} was accepted`);
  return result.error;
}

function pdfText(dir: string, base64: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('the printed bulletin (document.ts)', () => {
  const run = sampleRun(13);
  const fields = { ...bulletinDefaults(run, headerDefaults('示例区(演示数据)', 'contractor'), '2025-11-03'), docNumber: '示城管〔2025〕12号' };

  it('follows the GB/T 9704 page: A4, 37/26/35/28 mm margins, title 22 pt, body 16 pt, page numbers — 1 — outside the type area', () => {
    const html = bulletinHtml({ kind: 'bulletin', status: 'issued', fields, run, correction: null });
    expect(html).toContain('size: A4 portrait');
    expect(html).toContain('margin: 37mm 26mm 35mm 28mm');
    expect(html).toMatch(/\.title \{[^}]*font-size: 22pt/);
    expect(html).toMatch(/body \{[^}]*font-size: 16pt/);
    expect(html).toContain('content: "— " counter(page) " —"');
    // Windows and macOS faces first, the Linux fallbacks after them.
    expect(FONT_FANGSONG.indexOf('仿宋_GB2312')).toBeLessThan(FONT_FANGSONG.indexOf('Noto Serif CJK SC'));
    expect(html).toContain(FONT_FANGSONG);
    expect(html).toContain('local("方正小标宋简体")');
    expect(html).not.toContain('草稿(未签发)');
    expect(bulletinHtml({ kind: 'bulletin', status: 'draft', fields, run, correction: null })).toContain('草稿(未签发)');
  });

  it('prints every ranked unit with its Chinese ordinal, tied units with the same one, unranked rows without, and the record lines', () => {
    const html = bulletinHtml({ kind: 'bulletin', status: 'issued', fields, run, correction: null });
    const tied = run.rows.filter((r) => r.tied);
    expect(tied.length).toBe(2);
    expect(tied[0].rankText).toBe(tied[1].rankText);
    for (const row of run.rows.filter((r) => r.status === 'ranked')) expect(html).toContain(`<td class="rank">${row.rankText}</td>`);
    expect(html.split(`<td class="rank">${tied[0].rankText}</td>`).length - 1).toBe(2);
    expect(html).toContain('第十一名');
    expect(html).toContain('<td class="rank"></td>'); // the row printed without a rank
    expect(html).toContain('未检查');
    expect(html).toContain('示城管〔2025〕12号');
    expect(html).toContain('关于2025年10月份道路清扫保洁考核情况的通报');
    expect(html).toContain('<p class="recipients">各环卫作业单位:</p>');
    expect(html).toContain('2025年11月3日');
    expect(html).toContain('抄送:区城市管理委员会各成员单位,各街道办事处、镇人民政府。');
    expect(html).toContain('2025年11月3日印发');
    expect(fields.overview).toMatch(/优秀\d+个\(占\d+\.\d\d%\)/);
  });

  it('leaves the 未检查 units out of the table when asked, and says how many there are', () => {
    const html = bulletinHtml({ kind: 'bulletin', status: 'issued', fields: { ...fields, listNotInspected: false }, run, correction: null });
    const notInspected = run.rows.find((r) => r.status === 'notInspected')!;
    expect(html).not.toContain(notInspected.unitName);
    expect(html).toContain('另有1个单位本期未检查,未列入本表。');
  });

  it('writes ties as 并列第四名 when asked, and escapes every text', () => {
    const hostile = sampleRun(5);
    hostile.rows[0].unitName = '<script>alert(1)</script>公司';
    const html = bulletinHtml({
      kind: 'bulletin',
      status: 'draft',
      fields: { ...fields, tieStyle: 'parallel', title: '通报 <img src=x onerror=alert(1)>' },
      run: hostile,
      correction: null,
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;公司');
    expect(printedRank({ rank: 4, tied: true, rankText: '第四名' }, 'parallel')).toBe('并列第四名');
    expect(printedRank({ rank: 4, tied: true, rankText: '第四名' }, 'same')).toBe('第四名');
  });

  it('writes dates and document numbers the official way', () => {
    expect(chineseDate('2025-11-03')).toBe('2025年11月3日');
    expect(chineseDate('2025-01-10')).toBe('2025年1月10日');
    expect(normalizeDocNumber('示城管[2025]12号')).toBe('示城管〔2025〕12号');
    expect(normalizeDocNumber(' 示城管(2025)12号 ')).toBe('示城管〔2025〕12号');
    expect(normalizeDocNumber('示城管〔2025〕12号')).toBe('示城管〔2025〕12号');
  });

  it('finds a browser to print with on every platform, SANIDESK_CHROMIUM first', () => {
    expect(chromiumCandidates({ SANIDESK_CHROMIUM: '/opt/c/chrome' }, 'linux')[0]).toBe('/opt/c/chrome');
    expect(chromiumCandidates({ 'ProgramFiles(x86)': 'C:\\PF86' }, 'win32').some((p) => p.endsWith('msedge.exe'))).toBe(true);
    expect(chromiumCandidates({}, 'darwin')[0]).toContain('Google Chrome.app');
  });
});

describe('bulletins through the contract', () => {
  let t: TestWorkspace;
  let supervisor: Ctx;
  let manager: Ctx;
  let month: string;
  let run: RankingRun;
  /** Numbers carry the year of the issue date (today, the draft's default). */
  const year = localToday().slice(0, 4);
  const no = (n: number) => `示城管〔${year}〕${n}号`;

  beforeAll(async () => {
    t = await testWorkspace({ demo: true });
    const loaded = await loadDemoAssessment(t.ctx);
    month = loaded.lockedMonths[1];
    supervisor = await ctxAs(t.ctx, 'supervisor');
    manager = await ctxAs(t.ctx, 'manager');
    run = await ok<RankingRun>(supervisor, 'ranking.compute', { period: month, category: 'wasteSorting' });
  }, 60_000);

  afterAll(async () => {
    await pdfEngine().close();
    await t.close();
  });

  it('refuses a bulletin from a draft run, and a draft from a clerk', async () => {
    const error = await refused(supervisor, 'bulletins.create', { runId: run.id });
    expect(error.code).toBe('validation');
    expect(error.message).toContain('还是草稿');
    expect(error.message).toContain('批准');
    expect((await t.ctx.ws.db.read.get<{ n: number }>('SELECT count(*) AS n FROM bulletins'))!.n).toBe(0);
    run = await ok<RankingRun>(manager, 'ranking.approve', { id: run.id });
    expect((await refused(await ctxAs(t.ctx, 'clerk'), 'bulletins.create', { runId: run.id })).code).toBe('forbidden');
  });

  let draft: Bulletin;

  it('drafts the bulletin from the approved run with the counts and grade shares, edits it, and keeps issued numbers unique', async () => {
    draft = await ok<Bulletin>(supervisor, 'bulletins.create', { runId: run.id });
    expect(draft.status).toBe('draft');
    expect(draft.fields.title).toBe(`关于${Number(month.slice(0, 4))}年${Number(month.slice(5))}月份${run.categoryLabel}考核情况的通报`);
    expect(draft.fields.orgName).toBe('示例区城市管理局');
    expect(draft.fields.docNumber).toBe('');
    const ranked = run.rows.filter((r) => r.status === 'ranked');
    expect(draft.fields.overview).toContain(`本次共考核${ranked.length}个生活小区`);
    expect(draft.fields.overview).toMatch(/占\d+\.\d\d%/);
    expect(draft.fields.listNotInspected).toBe(run.counts.notInspected <= 10);
    // A second draft of the same run is refused: there is one to continue.
    expect((await refused(supervisor, 'bulletins.create', { runId: run.id })).message).toContain('已有通报草稿');

    const missing = await refused(manager, 'bulletins.issue', { id: draft.id, version: draft.version });
    expect(missing.fields?.docNumber).toContain('请填写文号');

    draft = await ok<Bulletin>(supervisor, 'bulletins.update', {
      id: draft.id,
      version: draft.version,
      fields: { docNumber: `示城管[${year}]12号`, attachments: ['各小区考核扣分明细表'], cc: '区城市管理委员会各成员单位' },
    });
    expect(draft.fields.docNumber).toBe(no(12));
    const stale = await refused(supervisor, 'bulletins.update', { id: draft.id, version: draft.version - 1, fields: { title: 'x' } });
    expect(stale.code).toBe('conflict');
    const badDate = await refused(supervisor, 'bulletins.update', { id: draft.id, version: draft.version, fields: { issueDate: '2025-02-30' } });
    expect(badDate.fields?.issueDate).toContain('不是日期');
  });

  it('issues as a manager only: the PDF is stored with its sha256, reads back with every ordinal, and nothing changes afterwards', async () => {
    expect((await refused(supervisor, 'bulletins.issue', { id: draft.id, version: draft.version })).code).toBe('forbidden');
    const issued = await ok<Bulletin>(manager, 'bulletins.issue', { id: draft.id, version: draft.version });
    expect(issued.status).toBe('issued');
    expect(issued.docNumber).toBe(no(12));
    expect(issued.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(issued.issuedBy).toBe(manager.user.name);

    const pdf = await ok(t.ctx, 'bulletins.pdf', { id: draft.id });
    expect(pdf.archived).toBe(true);
    expect(pdf.sha256).toBe(issued.pdfSha256);
    const stored = (await t.ctx.ws.db.read.get<{ pdf: Buffer; pages: number }>('SELECT pdf, pdf_pages AS pages FROM bulletins WHERE id = ?', [draft.id]))!;
    expect(stored.pdf.toString('base64')).toBe(pdf.base64);
    expect(countPdfPages(stored.pdf)).toBe(stored.pages);
    const text = pdfText(t.dir, pdf.base64, 'issued.pdf');
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(issued.fields.title);
    expect(flat).toContain(no(12));
    expect(flat).toContain('抄送:区城市管理委员会各成员单位。');
    for (const row of run.rows.filter((r) => r.status === 'ranked')) {
      expect(text).toContain(row.rankText!);
    }
    const tied = run.rows.filter((r) => r.tied);
    expect(tied.length).toBeGreaterThan(1);
    expect(text.split(tied[0].rankText!).length - 1).toBeGreaterThanOrEqual(2);

    const change = await refused(supervisor, 'bulletins.update', { id: draft.id, version: issued.version, fields: { title: '改' } });
    expect(change.message).toContain('存档后不能修改');
    expect(change.message).toContain('更正通报');
    expect((await refused(supervisor, 'bulletins.delete', { id: draft.id, version: issued.version })).message).toContain('不能修改或删除');
    // Even a hand-written statement cannot change the archive.
    await expect(t.ctx.ws.db.write((tx) => tx.run("UPDATE bulletins SET title = 'x' WHERE id = ?", [draft.id]))).rejects.toThrow(/issued bulletin/);
    const audit = await t.ctx.ws.db.read.all<{ method: string }>("SELECT method FROM audit_log WHERE entity = 'bulletin' ORDER BY id");
    expect(audit.map((a) => a.method)).toEqual(['bulletins.create', 'bulletins.update', 'bulletins.issue']);
  });

  it('after a correction, refuses a second bulletin and drafts a 更正通报 that cites the original number and lists the changes', async () => {
    // A locked estate inspection of the month with findings is corrected to none: the estate scores full marks.
    const inspection = (await t.ctx.ws.db.read.get<{ id: number; targetName: string }>(
      `SELECT i.id, i.target_name AS targetName FROM inspections i WHERE i.month = ? AND i.target_type = 'estate' AND i.superseded_by IS NULL
          AND i.status = 'locked' AND EXISTS (SELECT 1 FROM findings f WHERE f.inspection_id = i.id) ORDER BY i.score LIMIT 1`,
      [month],
    ))!;
    await ok(manager, 'corrections.open', {
      month,
      reasonKind: 'appealUpheld',
      reasonText: '作业单位申诉成立,现场照片拍摄于相邻小区',
      changes: [{ inspectionId: inspection.id, findings: [] }],
    });
    const corrected = await ok<RankingRun>(supervisor, 'ranking.compute', { period: month, category: 'wasteSorting' });
    await ok(manager, 'ranking.approve', { id: corrected.id });

    const plain = await refused(supervisor, 'bulletins.create', { runId: corrected.id });
    expect(plain.message).toContain('更正通报');
    expect(plain.message).toContain(no(12));

    let correction = await ok<Bulletin>(supervisor, 'bulletins.create', { runId: corrected.id, correctsId: draft.id });
    expect(correction.kind).toBe('correction');
    expect(correction.fields.title).toBe(`关于更正《${draft.fields.title}》的通报`);
    expect(correction.fields.intro).toContain(no(12));
    expect(correction.fields.intro).toContain('申诉成立');
    expect(correction.correction!.changes.some((c) => c.unitName === inspection.targetName && c.after.score === 100)).toBe(true);
    expect(correction.suggestedDocNumber).toBe(no(13));

    correction = await ok<Bulletin>(supervisor, 'bulletins.update', { id: correction.id, version: correction.version, fields: { docNumber: no(12) } });
    const taken = await refused(manager, 'bulletins.issue', { id: correction.id, version: correction.version });
    expect(taken.fields?.docNumber).toContain('已用于');
    correction = await ok<Bulletin>(supervisor, 'bulletins.update', { id: correction.id, version: correction.version, fields: { docNumber: no(13) } });
    await ok(manager, 'bulletins.issue', { id: correction.id, version: correction.version });
    const text = pdfText(t.dir, (await ok(t.ctx, 'bulletins.pdf', { id: correction.id })).base64, 'correction.pdf').replace(/\s+/g, '');
    expect(text).toContain(no(12));
    expect(text).toContain('更正内容');
    expect(text).toContain(inspection.targetName);

    const archive = await ok<BulletinSummary[]>(t.ctx, 'bulletins.list', { status: 'issued' });
    const original = archive.find((b) => b.id === draft.id)!;
    expect(original.correctedBy).toEqual({ id: correction.id, docNumber: no(13) });
    expect(archive.find((b) => b.id === correction.id)!.correctsDocNumber).toBe(no(12));
    // The original is unchanged in the archive.
    expect((await ok(t.ctx, 'bulletins.pdf', { id: draft.id })).sha256).toBe(original.pdfSha256);
  });

  it('prints a contract’s 考核扣款明细表 with the findings, subtotals, money and both signature lines', async () => {
    const payment = (await ok(t.ctx, 'scores.monthly', { month })).payments.find((p: any) => p.money) as any;
    const doc = await ok(t.ctx, 'statements.html', { month, contractId: payment.contractId });
    expect(doc.html).toContain('考核扣款明细表');
    expect(doc.html).toContain(payment.contractNo);
    expect(doc.html).toContain('甲方(考核单位)');
    expect(doc.html).toContain('乙方(作业单位)');
    expect(doc.html).toContain('分项扣分小计');
    const pdf = await ok(t.ctx, 'statements.pdf', { month, contractId: payment.contractId });
    const text = pdfText(t.dir, pdf.base64, 'statement.pdf').replace(/\s+/g, '');
    expect(text).toContain('应付金额');
    expect(text).toContain('合同考核得分');
    expect(doc.html).toContain(payment.contractorName);
    const none = await refused(t.ctx, 'statements.html', { month, contractId: 999999 });
    expect(none.code).toBe('not_found');
    expect(none.message).toContain('没有按质核拨结果');
  });
});
