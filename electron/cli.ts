/**
 * The admin CLI (`npm run cli -- <command>`): the same services as the console, in-process.
 *
 *   serve  [--data DIR] [--port N] [--lan [ADDR]]   headless host (browser console); --lan needs the admin's setting
 *   demo   --data DIR                            load the demo district into an empty workspace
 *   api    <method> [json] [--data DIR] [--user LOGIN]   one contract call; prints the JSON result, exit 1 on an error
 *   check  [--data DIR]                          integrity_check + audit chain + ledger rows against the audit log
 *   import <ledger> FILE [--dry-run] [--valid-only] [--template NAME] [--sheet NAME] [--data DIR]
 *   export <ledger> --out FILE.xlsx|FILE.csv [--data DIR]
 *   template <ledger> --out FILE.xlsx [--data DIR]
 *   backup [--out FILE] [--data DIR]             checked online backup (+ retention in backups/)
 *   backups [--data DIR]                         list the backups
 *   restore FILE [--data DIR]                    restore a backup (the current state is backed up first)
 *   rank --period P --category C [--unit-type T] [--source internal|external] --format json|csv [--data DIR]
 *   scores import FILE --period P --category C [--unit-type T] [--sheet NAME] [--create-units] [--dry-run] [--data DIR]
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
import { verifyLedgerRows } from '../db/audit/rows';
import type { Ctx } from '../db/context';
import { loadDemoWorkspace } from '../db/demo/full';
import { ApiError } from '../db/errors';
import { LEDGERS } from '../db/ledgers';
import { rankCommand, scoresImportCommand, UNIT_TYPES as RANK_UNIT_TYPES, type CliOutput } from '../db/ranking/cli';
import type { RankUnitType } from '../db/ranking/types';
import { booleanFlag, CliUsageError as UsageError, exportCommand, importCommand, templateCommand } from './cli-io';
import { defaultOperator, getUserByLogin, type User } from '../db/users/users';
import type { Database } from '../db/sqlite';
import { defaultWorkspaceDir, openWorkspace } from '../db/workspace/workspace';
import { createBackup, listBackups, pruneBackups, REASON_LABELS, type BackupEntry } from '../db/backup/backup';
import { retentionPolicy } from '../db/settings/settings';
import { restoreWorkspace } from '../db/backup/restore';
import { recoveryStartLines } from '../db/backup/recovery';
import { startBackupSchedule, type BackupSchedule } from '../db/backup/schedule';
import { acquireWorkspaceLock } from '../db/workspace/lock';
import { demoLoadedMessage, loginHint, startConsoleHost, type ConsoleHost } from './host/open-workspace';

const USAGE = `用法: npm run cli -- <命令> [参数]
  serve  [--data 目录] [--port 端口] [--lan [地址]]  启动浏览器版控制台(只在本机 127.0.0.1;--lan 供办公室其他电脑登录使用,
                                                     须系统管理员先开启“允许局域网访问”;工作区损坏时以恢复模式启动)
  demo   --data 目录                                 向空工作区载入示例区数据
  api    <方法> [JSON] [--data 目录] [--user 用户名]  调用一个接口方法,输出 JSON 结果(按该用户的角色检查权限)
  check  [--data 目录]                               检查数据库完整性、审计日志哈希链,以及台账数据与审计日志是否一致
  import <台账> 文件 [--dry-run] [--valid-only] [--template 模板名] [--sheet 工作表] [--data 目录]
                                                     导入 .xlsx/.csv;--dry-run 只预检并列出问题
  export <台账> --out 文件.xlsx|文件.csv [--data 目录]    导出台账
  template <台账> --out 文件.xlsx [--data 目录]          生成空白导入模板
  backup [--out 文件] [--data 目录]                  立即备份(联机备份 + 完整性检查),并清理过期备份
  backups [--data 目录]                              列出全部备份
  restore 文件 [--data 目录]                         从备份恢复;先备份当前状态,恢复可撤销;工作区损坏时也可用
  rank --period 期间 --category 类别 [--unit-type 对象] [--source internal|external] --format json|csv [--data 目录]
                                                     输出排名(每个单位一条:单位、得分、名次、并列、等级、公布名次、是否不符、扣款);
                                                     期间 2025-10、2025-10~2025-11、2025-Q4、2025;对象 ${RANK_UNIT_TYPES.join('、')}
  scores import 文件 --period 期间 --category 类别 [--unit-type 对象] [--sheet 工作表] [--create-units] [--dry-run] [--data 目录]
                                                     导入外部成绩表(.xlsx/.csv);本区没有的单位加 --create-units 登记为外部单位
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

/** The address `serve` binds: 127.0.0.1, or with --lan [ADDRESS] / a non-loopback --host the LAN (0.0.0.0 by default). */
function serveAddress(args: Args): string {
  const { lan, host } = args.options;
  if (host === 'true') throw new UsageError('--host 后面需要一个地址,如 --host 127.0.0.1');
  if (lan === undefined) return host ?? '127.0.0.1';
  return host ?? (lan === 'true' ? '0.0.0.0' : lan);
}

async function serve(args: Args): Promise<number> {
  // One host per workspace, locked before anything in it is opened (or migrated, or restored).
  const lockDir = args.options.data ?? defaultWorkspaceDir();
  mkdirSync(lockDir, { recursive: true });
  const lock = acquireWorkspaceLock(lockDir);
  // Started once the workspace is open, which in recovery mode happens later, from the console.
  const schedule: { current: BackupSchedule | null } = { current: null };
  let started: ConsoleHost;
  try {
    if (!existsSync(join(rendererDir(), 'index.html'))) {
      console.error('控制台界面尚未构建,请先运行 npm run build(npm start 会自动构建)。');
      lock.release();
      return 1;
    }
    const port = args.options.port ? Number(args.options.port) : 4310;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`端口 ${args.options.port} 无效`);
    const address = serveAddress(args);
    started = await startConsoleHost({
      dir: args.options.data,
      rendererDir: rendererDir(),
      port,
      host: address,
      token: args.options.token,
      onOpened: async (ws, { recovered }) => {
        schedule.current = await startBackupSchedule(ws, { onError: (err) => console.error('[sanidesk] 定时备份失败,下次再试:', err) });
        if (!recovered) return;
        console.log(`已从备份恢复:${recovered.backup.file}(${new Date(recovered.backup.createdAt).toLocaleString('zh-CN')})→ ${ws.file}`);
        if (recovered.result.damagedFile) console.log(`损坏的工作区文件已移到:${recovered.result.damagedFile}`);
        const hint = await loginHint(ws);
        if (hint) console.log(hint);
      },
    });
  } catch (err) {
    lock.release();
    throw err;
  }
  const { host } = started;
  if (started.recovery) {
    for (const line of recoveryStartLines(started.recovery)) console.log(line);
    if (started.lanRefusedForRecovery) console.log('恢复模式只在本机(127.0.0.1)提供;恢复后请重新以 --lan 启动。');
    console.log(`请在浏览器中打开:${host.openUrl}`);
  } else {
    const ws = started.workspace()!;
    if (started.demoLoaded) console.log(demoLoadedMessage(ws.dir, started.demoLoaded));
    console.log(`SaniDesk 控制台(浏览器模式)已启动,工作区:${ws.dir}${ws.kind === 'demo' ? '(示例数据)' : ''}`);
    console.log(`请在浏览器中打开:${host.openUrl}`);
    if (host.lan) {
      const urls = host.lanUrls.length ? host.lanUrls.join(' 或 ') : `http://本机地址:${host.port}/`;
      console.log(`局域网模式:办公室其他电脑请在浏览器中打开 ${urls},用各自的用户名和密码登录。`);
    }
    const hint = await loginHint(ws);
    if (hint) console.log(hint);
  }
  const stop = async () => {
    schedule.current?.stop();
    await started.close();
    lock.release();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined); // runs until stopped
}

/** `rank` and `scores import` (db/ranking/cli.ts): options checked here, output printed here. */
async function rankingCommand(command: 'rank' | 'scores', args: Args, ctx: Ctx): Promise<number> {
  const option = (name: string, required: boolean): string | undefined => {
    const value = args.options[name];
    if (value === 'true' || (required && !value)) throw new UsageError(`${command} 需要 --${name} 及其值`);
    return value;
  };
  const unitType = option('unit-type', false);
  if (unitType && !(RANK_UNIT_TYPES as string[]).includes(unitType)) throw new UsageError(`--unit-type 只能是 ${RANK_UNIT_TYPES.join('、')} 之一`);
  const common = { period: option('period', true)!, category: option('category', true)!, unitType: unitType as RankUnitType | undefined };
  let out: CliOutput;
  if (command === 'rank') {
    const format = option('format', false) ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError('--format 只能是 json 或 csv');
    const source = option('source', false);
    if (source && source !== 'internal' && source !== 'external') throw new UsageError('--source 只能是 internal 或 external');
    out = await rankCommand(ctx, { ...common, format, source: source as 'internal' | 'external' | undefined });
  } else {
    const createUnits = booleanFlag(args, 'create-units');
    const dryRun = booleanFlag(args, 'dry-run');
    const [sub, file] = args.positional.slice(1);
    if (sub !== 'import' || !file) throw new UsageError('用法:scores import 文件 --period 期间 --category 类别 [--create-units]');
    out = await scoresImportCommand(ctx, { ...common, file, sheet: option('sheet', false), createUnits, dryRun });
  }
  process.stdout.write(out.stdout);
  process.stderr.write(out.stderr);
  return out.code;
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
          // The chain proves the log was not edited; the rows, that no ledger was edited around the log.
          const rows = await verifyLedgerRows(ctx.ws.db);
          const integrityOk = integrity.length === 1 && integrity[0].integrity_check === 'ok';
          print({
            file: ctx.ws.file,
            integrity: integrityOk ? 'ok' : integrity.map((r) => r.integrity_check),
            audit,
            rows: { ok: rows.ok, compared: rows.rows, differences: rows.total, tables: rows.tables, first: rows.differences },
          });
          const ok = integrityOk && audit.ok && rows.ok;
          if (ok) {
            console.error(`检查通过:数据库完整,审计日志 ${audit.entries} 条,哈希链完整;${rows.tables.length} 本台账共 ${rows.rows} 行与审计日志一致。`);
            return 0;
          }
          const problems: string[] = [];
          if (!integrityOk) problems.push('数据库完整性检查失败(文件已损坏,请从备份恢复:npm run cli -- backups 查看备份)');
          if (audit.firstBroken) problems.push(audit.firstBroken.reason);
          if (!rows.ok) problems.push(`有 ${rows.total} 处台账数据与审计日志不符(在程序之外被改动)`);
          console.error(`检查未通过:${problems.join(';')}。`);
          for (const d of rows.differences) console.error(`  ${d.message}`);
          if (rows.total > rows.differences.length) console.error(`  ……另有 ${rows.total - rows.differences.length} 处,完整列表见上方 JSON 的 rows.tables。`);
          return 1;
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
          const pruned = await pruneBackups(ctx.ws.dir, await retentionPolicy(ctx.ws.db));
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
    case 'rank':
    case 'scores':
      return withWorkspace(dir, (ctx) => rankingCommand(command, args, ctx), false);
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
