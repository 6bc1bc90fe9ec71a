/** Backup methods in the contract (db/api.ts lists them). */
import { z } from 'zod';
import type { Ctx } from '../context';
import { method } from '../contract';
import { retentionPolicy } from '../settings/settings';
import { backupsDir } from '../workspace/paths';
import { backupFileInFolder, createBackup, listBackups, pruneBackups } from './backup';
import { restoreBackup } from './restore';

async function userIds(ctx: Ctx): Promise<number[]> {
  return (await ctx.ws.db.read.all<{ id: number }>('SELECT id FROM users')).map((r) => r.id);
}

export const backupMethods = {
  'backups.list': method({
    summary: '本工作区的备份,最新的在前:文件、时间、原因、大小、数据版本、完整性检查结果、审计条数;以及备份文件夹',
    role: 'reader',
    input: z.strictObject({}),
    output: '{ folder: string, backups: BackupEntry[] }',
    errors: [],
    writes: false,
    handler: async (ctx) => ({ folder: backupsDir(ctx.ws.dir), backups: await listBackups(ctx.ws.dir) }),
  }),
  'backups.create': method({
    summary: '立即备份工作区(联机备份并做完整性检查),然后按保留规则(settings.get)清理旧备份',
    role: 'admin',
    input: z.strictObject({}),
    output: '{ backup: BackupEntry, pruned: number }',
    errors: ['workspace'],
    writes: false,
    handler: async (ctx) => {
      const step = (done: number, label: string) => ctx.progress?.({ job: 'backups.create', label, done, total: 2 });
      step(0, '立即备份');
      const backup = await createBackup(ctx.ws, 'manual');
      step(1, '清理过期备份');
      const pruned = await pruneBackups(ctx.ws.dir, await retentionPolicy(ctx.ws.db));
      step(2, '备份完成');
      return { backup, pruned: pruned.length };
    },
  }),
  'backups.restore': method({
    summary:
      '用 backups 文件夹中的一份备份替换当前数据;先备份当前状态,恢复本身可以撤销。恢复后所有用户(包括自己)都要重新登录',
    role: 'admin',
    input: z.strictObject({ file: z.string().min(1).max(260) }),
    output: '{ restored, restoredSchemaVersion, preRestoreBackup: BackupEntry, damagedFile: null, loggedOut: number }',
    errors: ['validation', 'not_found', 'workspace'],
    writes: true,
    handler: async (ctx, input) => {
      const path = backupFileInFolder(ctx.ws.dir, input.file);
      const before = await userIds(ctx);
      const result = await restoreBackup(ctx, path);
      // Users, roles and passwords are now those of the backup: every session, the caller's own included, ends,
      // so nobody keeps working with rights the restored state does not give them.
      let loggedOut = 0;
      for (const id of new Set([...before, ...(await userIds(ctx))])) loggedOut += ctx.session?.store.closeAllFor(id) ?? 0;
      return { ...result, loggedOut };
    },
  }),
};
