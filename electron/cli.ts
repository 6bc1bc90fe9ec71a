/**
 * The admin CLI (`npm run cli -- <command>`): the same services as the console, in-process.
 *
 *   serve  [--data DIR] [--port N] [--host H]    headless host (browser console)
 *   demo   --data DIR                            load the demo district into an empty workspace
 *   api    <method> [json] [--data DIR] [--user LOGIN]   one contract call; prints the JSON result, exit 1 on an error
 *   check  [--data DIR]                          integrity_check + audit chain verification
 *   import <ledger> FILE [--dry-run] [--valid-only] [--template NAME] [--sheet NAME] [--data DIR]
 *   export <ledger> --out FILE.xlsx|FILE.csv [--data DIR]
 *   template <ledger> --out FILE.xlsx [--data DIR]
 *   backup [--out FILE] [--data DIR]             checked online backup (+ retention in backups/)
 *   backups [--data DIR]                         list the backups
 *   restore FILE [--data DIR]                    restore a backup (the current state is backed up first)
 *
 * Without --data every command uses the default workspace folder, the one the Electron app uses.
 * Commands run in-process as the built-in administrator (whoever can run them holds the workspace file anyway);
 * `--user LOGIN` runs them as another active user instead, so the audit log names that person and their role applies.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { callApi } from '../db/api';
import { serializeResult } from '../db/contract';
import { verifyAudit } from '../db/audit/audit';
import type { Ctx } from '../db/context';
import { loadDemoWorkspace } from '../db/demo/full';
import { ApiError } from '../db/errors';
import { LEDGERS } from '../db/ledgers';
import { CliUsageError as UsageError, exportCommand, importCommand, templateCommand } from './cli-io';
import { defaultOperator, getUserByLogin, type User } from '../db/users/users';
import type { Database } from '../db/sqlite';
import { defaultWorkspaceDir, openWorkspace } from '../db/workspace/workspace';
import { createBackup, listBackups, pruneBackups, REASON_LABELS, type BackupEntry } from '../db/backup/backup';
import { restoreWorkspace } from '../db/backup/restore';
import { startBackupSchedule } from '../db/backup/schedule';
import { acquireWorkspaceLock } from '../db/workspace/lock';
import { startHttpHost } from './host/http';
import { demoLoadedMessage, loginHint, openConsoleWorkspace } from './host/open-workspace';

const USAGE = `用法: npm run cli -- <命令> [参数]
  serve  [--data 目录] [--port 端口] [--host 地址]   启动浏览器版控制台(默认 127.0.0.1)
  demo   --data 目录                                 向空工作区载入示例区数据
  api    <方法> [JSON] [--data 目录] [--user 用户名]  调用一个接口方法,输出 JSON 结果(按该用户的角色检查权限)
  check  [--data 目录]                               检查数据库完整性和审计日志哈希链
  import <台账> 文件 [--dry-run] [--valid-only] [--template 模板名] [--sheet 工作表] [--data 目录]
                                                     导入 .xlsx/.csv;--dry-run 只预检并列出问题
  export <台账> --out 文件.xlsx|文件.csv [--data 目录]    导出台账
  template <台账> --out 文件.xlsx [--data 目录]          生成空白导入模板
  backup [--out 文件] [--data 目录]                  立即备份(联机备份 + 完整性检查),并清理过期备份
  backups [--data 目录]                              列出全部备份
  restore 文件 [--data 目录]                         从备份恢复;先备份当前状态,恢复可撤销;工作区损坏时也可用
  台账:${Object.keys(LEDGERS).join('、')}

  命令行以系统管理员(admin)身份运行:能运行命令的人本来就持有工作区文件。
  加 --user 用户名 则以该在用用户的身份和角色运行,审计日志记下此人,例如 --user luru。
  忘记系统管理员密码时:npm run cli -- api users.resetPassword '{"id":1,"password":"新密码"}' --data 目录`;

interface Args {
  positional: string[];
  options: Record<string, string>;
}

export function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) options[key] = inline;
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[key] = argv[++i];
      else options[key] = 'true';
    } else positional.push(arg);
  }
  return { positional, options };
}

function print(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The CLI's operator: the built-in administrator, or the active user named with --user. */
async function cliUser(db: Database, login: string | undefined): Promise<User> {
  if (login === undefined) return defaultOperator(db);
  if (login === 'true' || !login.trim()) throw new UsageError('--user 后面需要一个用户名,如 --user luru');
  const user = await getUserByLogin(db, login);
  if (!user) {
    throw new ApiError('unauthenticated', `没有名为“${login}”的在用用户。请检查 --user 后的用户名(可用 npm run cli -- api users.list 查看全部用户)。`);
  }
  return user;
}

async function withWorkspaceAs<T>(dir: string, body: (ctx: Ctx) => Promise<T>, create = true, userLogin?: string): Promise<T> {
  const ws = await openWorkspace(dir, { create });
  try {
    return await body({ ws, user: await cliUser(ws.db, userLogin) });
  } finally {
    await ws.db.close();
  }
}

function backupLine(b: BackupEntry): string {
  const size = `${(b.sizeBytes / 1024 / 1024).toFixed(2)} MB`;
  const check = b.integrity === 'ok' ? '完整性检查通过' : '未检查(旧版本写入)';
  return `${new Date(b.createdAt).toLocaleString('zh-CN')}  ${REASON_LABELS[b.reason]}  ${size}  数据版本 ${b.schemaVersion}  ${check}  ${b.path}`;
}

/** The built renderer next to the sources (electron/ → out/renderer). */
export function rendererDir(): string {
  return resolve(__dirname, '..', 'out', 'renderer');
}

async function serve(args: Args): Promise<number> {
  // One host per workspace, locked before anything in it is opened (or migrated).
  const lockDir = args.options.data ?? defaultWorkspaceDir();
  mkdirSync(lockDir, { recursive: true });
  const lock = acquireWorkspaceLock(lockDir);
  const { ws, demoLoaded } = await openConsoleWorkspace(args.options.data).catch((err: unknown) => {
    lock.release();
    throw err;
  });
  if (demoLoaded) console.log(demoLoadedMessage(ws.dir, demoLoaded));
  if (!existsSync(join(rendererDir(), 'index.html'))) {
    console.error('控制台界面尚未构建,请先运行 npm run build(npm start 会自动构建)。');
    await ws.db.close();
    lock.release();
    return 1;
  }
  const backups = await startBackupSchedule(ws, { onError: (err) => console.error('[sanidesk] 定时备份失败,下次再试:', err) });
  const port = args.options.port ? Number(args.options.port) : 4310;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口 ${args.options.port} 无效`);
  const host = await startHttpHost({ ws, rendererDir: rendererDir(), port, host: args.options.host, token: args.options.token });
  console.log(`SaniDesk 控制台(浏览器模式)已启动,工作区:${ws.dir}${ws.kind === 'demo' ? '(示例数据)' : ''}`);
  console.log(`请在浏览器中打开:${host.openUrl}`);
  const hint = await loginHint(ws);
  if (hint) console.log(hint);
  const stop = async () => {
    backups.stop();
    await host.close();
    await ws.db.close();
    lock.release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // runs until stopped
}

export async function runCli(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const [command, ...rest] = args.positional;
  const dir = args.options.data ?? defaultWorkspaceDir();
  const userLogin = args.options.user;
  const withWorkspace = <T>(d: string, body: (ctx: Ctx) => Promise<T>, create = true) => withWorkspaceAs(d, body, create, userLogin);
  switch (command) {
    case 'serve':
      return serve(args);
    case 'demo':
      if (!args.options.data) throw new UsageError('demo 需要 --data 目录(示例数据只载入新的空工作区)');
      return withWorkspace(dir, async (ctx) => {
        const loaded = await loadDemoWorkspace(ctx);
        console.log(
          `已载入示例区:${loaded.streets} 个街道(镇)、${loaded.communities} 个社区(村)、${loaded.toilets} 座公厕、近三个月 ${loaded.inspections} 次考核检查 → ${ctx.ws.file}`,
        );
        return 0;
      });
    case 'api': {
      const [methodName, json] = rest;
      if (!methodName) throw new UsageError('api 需要方法名,如 toilets.list');
      let input: unknown = {};
      if (json !== undefined) {
        try {
          input = JSON.parse(json);
        } catch {
          throw new UsageError(`参数不是有效的 JSON:${json}`);
        }
      }
      return withWorkspace(
        dir,
        async (ctx) => {
          const result = await callApi(ctx, methodName, input);
          process.stdout.write(`${serializeResult(result, 2)}\n`);
          return result.ok ? 0 : 1;
        },
        false,
      );
    }
    case 'check':
      return withWorkspace(
        dir,
        async (ctx) => {
          const integrity = await ctx.ws.db.read.all<{ integrity_check: string }>('PRAGMA integrity_check');
          const audit = await verifyAudit(ctx.ws.db);
          const integrityOk = integrity.length === 1 && integrity[0].integrity_check === 'ok';
          print({ file: ctx.ws.file, integrity: integrityOk ? 'ok' : integrity.map((r) => r.integrity_check), audit });
          console.error(
            integrityOk && audit.ok
              ? `检查通过:数据库完整,审计日志 ${audit.entries} 条,哈希链完整。`
              : `检查未通过:${integrityOk ? '' : '数据库完整性检查失败;'}${audit.firstBroken ? audit.firstBroken.reason : ''}`,
          );
          return integrityOk && audit.ok ? 0 : 1;
        },
        false,
      );
    case 'import':
      return withWorkspace(dir, (ctx) => importCommand(ctx, args), false);
    case 'export':
      return withWorkspace(dir, (ctx) => exportCommand(ctx, args), false);
    case 'template':
      return withWorkspace(dir, (ctx) => templateCommand(ctx, args), false);
    case 'backup':
      return withWorkspace(
        dir,
        async (ctx) => {
          const out = args.options.out;
          if (out === 'true') throw new UsageError('--out 后面需要文件名');
          const backup = await createBackup(ctx.ws, 'manual', { out });
          const pruned = await pruneBackups(ctx.ws.dir);
          console.log(`已备份:${backup.path}`);
          console.log(`大小 ${backup.sizeBytes} 字节,数据版本 ${backup.schemaVersion},审计日志 ${backup.auditEntries} 条,完整性检查:${backup.integrity}`);
          if (pruned.length) console.log(`按保留规则删除了 ${pruned.length} 份过期备份。`);
          return 0;
        },
        false,
      );
    case 'backups':
      return withWorkspace(
        dir,
        async (ctx) => {
          const all = await listBackups(ctx.ws.dir);
          if (!all.length) console.log(`工作区 ${ctx.ws.dir} 还没有备份。运行 npm run cli -- backup --data ${ctx.ws.dir} 立即备份。`);
          for (const b of all) console.log(backupLine(b));
          return 0;
        },
        false,
      );
    case 'restore': {
      const [file] = rest;
      if (!file) throw new UsageError('restore 需要要恢复的备份文件,可先用 backups 命令查看');
      const { ws, result } = await restoreWorkspace(dir, file);
      await ws.db.close();
      console.log(`已恢复:${result.restored}(数据版本 ${result.restoredSchemaVersion}${result.restoredSchemaVersion < ws.schemaVersion ? `,已升级到 ${ws.schemaVersion}` : ''})→ ${ws.file}`);
      if (result.preRestoreBackup) console.log(`恢复前的状态已备份到:${result.preRestoreBackup.path}(如需撤销,恢复这份备份即可)`);
      if (result.damagedFile) console.log(`损坏的工作区文件已移到:${result.damagedFile}`);
      return 0;
    }
    case undefined:
    case 'help':
      console.log(USAGE);
      return command ? 0 : 2;
    default:
      throw new UsageError(`未知命令“${command}”`);
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
      else if (err instanceof ApiError) console.error(err.message);
      else console.error('出错了:', err);
      process.exit(err instanceof UsageError ? 2 : 1);
    },
  );
}
