/**
 * Photos and documents attached to findings, rectification reports and corrections. They are stored inside
 * the workspace file with their sha256, so the transaction that cites them and every backup carry them too;
 * the same bytes uploaded twice are stored once.
 */
import { createHash } from 'node:crypto';
import { appendAudit } from '../audit/audit';
import type { Ctx } from '../context';
import { ApiError, validationError } from '../errors';
import type { Database } from '../sqlite';
import { normalizeText } from '../text';

/** Large enough for a phone photo or a scanned appeal letter; the HTTP host's 32 MB body limit covers it in base64. */
export const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

/** What an attachment may be, by its first bytes: the declared type is not trusted. */
const SIGNATURES: Array<{ mime: string; test: (b: Buffer) => boolean }> = [
  { mime: 'image/jpeg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/webp', test: (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
  { mime: 'application/pdf', test: (b) => b.length > 5 && b.toString('latin1', 0, 5) === '%PDF-' },
];

export interface AttachmentMeta {
  id: number;
  sha256: string;
  fileName: string;
  mime: string;
  size: number;
  createdAt: string;
}

export async function uploadAttachment(ctx: Ctx, input: { fileName: string; dataBase64: string }): Promise<AttachmentMeta> {
  const fileName = normalizeText(input.fileName).replace(/[\\/]/g, '_') || '附件';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.dataBase64)) throw validationError({ dataBase64: '文件内容编码有误,请重新选择文件' }, { dataBase64: '文件' });
  const data = Buffer.from(input.dataBase64, 'base64');
  if (!data.length) throw validationError({ dataBase64: `“${fileName}”是空文件` }, { dataBase64: '文件' });
  if (data.length > MAX_ATTACHMENT_BYTES) {
    throw validationError({ dataBase64: `“${fileName}”有 ${(data.length / 1024 / 1024).toFixed(1)} MB,超过 15 MB 上限,请压缩后再上传` }, { dataBase64: '文件' });
  }
  const kind = SIGNATURES.find((s) => s.test(data));
  if (!kind) throw validationError({ dataBase64: `“${fileName}”不是 JPG、PNG、WEBP 图片或 PDF 文件` }, { dataBase64: '文件' });
  const sha256 = createHash('sha256').update(data).digest('hex');
  const id = await ctx.ws.db.write(async (tx) => {
    const existing = await tx.get<{ id: number }>('SELECT id FROM attachments WHERE sha256 = ?', [sha256]);
    if (existing) return existing.id;
    const { lastID } = await tx.run(
      'INSERT INTO attachments (sha256, file_name, mime, size, data, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [sha256, fileName, kind.mime, data.length, data, new Date().toISOString(), ctx.user.id],
    );
    await appendAudit(tx, ctx.user, {
      method: 'attachments.upload',
      entity: 'attachment',
      entityId: lastID,
      after: { fileName, mime: kind.mime, size: data.length, sha256 },
    });
    return lastID;
  });
  return (await attachmentMeta(ctx.ws.db, [id]))[0];
}

export async function attachmentMeta(db: Database, ids: number[]): Promise<AttachmentMeta[]> {
  if (!ids.length) return [];
  return db.read.all<AttachmentMeta>(
    `SELECT id, sha256, file_name AS fileName, mime, size, created_at AS createdAt FROM attachments WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
    ids,
  );
}

/** The file as a data: URL (the console's CSP allows images from data: only), checked against its sha256. */
export async function readAttachment(db: Database, id: number): Promise<AttachmentMeta & { dataUrl: string }> {
  const row = await db.read.get<AttachmentMeta & { data: Buffer }>(
    'SELECT id, sha256, file_name AS fileName, mime, size, created_at AS createdAt, data FROM attachments WHERE id = ?',
    [id],
  );
  if (!row) throw new ApiError('not_found', `附件(编号 ${id})不存在`);
  const { data, ...meta } = row;
  if (createHash('sha256').update(data).digest('hex') !== meta.sha256) {
    throw new ApiError('workspace', `附件“${meta.fileName}”的内容与登记的校验值不符,文件可能已损坏。请从备份恢复。`);
  }
  return { ...meta, dataUrl: `data:${meta.mime};base64,${data.toString('base64')}` };
}
