/** Backup methods in the contract (db/api.ts lists them). */
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { method } from '../contract';
import { ApiError } from '../errors';
import { backupsDir } from '../workspace/paths';
import { createBackup, listBackups, pruneBackups } from './backup';
import { restoreBackup } from './restore';

/** A file inside the workspace's `backups/` folder, given by name or path; any other place is refused. */
function backupInFolder(dir: string, file: string): string {
  const folder = resolve(backupsDir(dir));
  const path = resolve(folder, file);
  const rel = relative(folder, path);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.includes('/') || rel.includes('\\') || !path.endsWith('.db')) {
    throw new ApiError('validation', `只能恢复本工作区 backups 文件夹(${folder})中的 .db 备份;“${file}”不在其中。其他位置的备份请用命令行 npm run cli -- restore 文件 --data 目录。`, {
      file: '请从备份列表中选择',
    });
  }
  return path;
}

export const backupMethods = {
  'backups.list': method({
    summary: '本工作区的备份,最新的在前:文件、时间、原因、大小、数据版本、完整性检查结果、审计条数',
    role: 'reader',
    input: z.strictObject({}),
    output: 'BackupEntry[]',
    errors: [],
    writes: false,
    handler: (ctx) => listBackups(ctx.ws.dir),
  }),
  'backups.create': method({
    summary: '立即备份工作区(联机备份并做完整性检查),然后按保留规则清理旧备份',
    role: 'admin',
    input: z.strictObject({}),
    output: '{ backup: BackupEntry, pruned: number }',
    errors: ['workspace'],
    writes: false,
    handler: async (ctx) => {
      const backup = await createBackup(ctx.ws, 'manual');
      const pruned = await pruneBackups(ctx.ws.dir);
      return { backup, pruned: pruned.length };
    },
  }),
  'backups.restore': method({
    summary: '用 backups 文件夹中的一份备份替换当前数据;先备份当前状态,恢复本身可以撤销',
    role: 'admin',
    input: z.strictObject({ file: z.string().min(1).max(260) }),
    output: '{ restored, restoredSchemaVersion, preRestoreBackup: BackupEntry, damagedFile: null }',
    errors: ['validation', 'not_found', 'workspace'],
    writes: true,
    handler: (ctx, input) => restoreBackup(ctx, backupInFolder(ctx.ws.dir, input.file)),
  }),
};
