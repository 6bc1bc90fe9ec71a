/**
 * What is wrong with a workspace file that a backup can put right: damaged (quick_check fails), unreadable
 * (truncated or overwritten so that SQLite cannot read it), foreign (another program's database), or empty
 * (0 bytes, e.g. a copy interrupted at the start). A file from a NEWER SaniDesk is not on this list: it is
 * healthy, and restoring an older backup over it would throw away newer work — the answer there is to upgrade.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_VERSION } from '../migrations';
import { APPLICATION_ID, DB_FILE_NAME } from '../workspace/paths';
import { inspectBackupFile } from './backup';

export type FileProblemKind = 'damaged' | 'unreadable' | 'foreign' | 'empty';

export interface WorkspaceFileProblem {
  kind: FileProblemKind;
  /** Absolute path of the workspace file. */
  file: string;
  /** What SQLite said (the first lines of quick_check, or the error), for the technician. */
  details: string[];
}

/**
 * The application id written in the file's 100-byte SQLite header (offset 68), or null when the file does not
 * start like a SQLite database. SQLite itself refuses to read anything from a truncated file (the page count
 * in the header no longer matches), but the header still says whose file it was.
 */
function headerApplicationId(file: string): number | null {
  const header = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  try {
    if (readSync(fd, header, 0, 100, 0) < 100) return null;
  } finally {
    closeSync(fd);
  }
  if (header.subarray(0, 16).toString('latin1') !== 'SQLite format 3\0') return null;
  return header.readUInt32BE(68);
}

/** The problem of the workspace file in `dir`, or null when there is none a restore should fix (or no file). */
export async function workspaceFileProblem(dir: string): Promise<WorkspaceFileProblem | null> {
  const file = join(dir, DB_FILE_NAME);
  if (!existsSync(file)) return null;
  if (statSync(file).size === 0) return { kind: 'empty', file, details: [] };
  const info = await inspectBackupFile(file, 'quick_check');
  if (info.applicationId === APPLICATION_ID) {
    if (info.schemaVersion > SCHEMA_VERSION) return null;
    return info.problems ? { kind: 'damaged', file, details: info.problems.slice(0, 3) } : null;
  }
  // inspectBackupFile reports a file it could not read at all with application id 0 and the reason.
  if (info.problems) {
    const kind = headerApplicationId(file) === APPLICATION_ID ? 'damaged' : 'unreadable';
    return { kind, file, details: info.problems.slice(0, 3) };
  }
  // A SQLite file without tables is a new workspace (openWorkspace fills it); one with tables is someone else's.
  return info.tables > 0 ? { kind: 'foreign', file, details: [] } : null;
}

/** One sentence in Chinese saying what is wrong with the file (SQLite's own words stay in `details`). */
export function fileProblemMessage(problem: WorkspaceFileProblem): string {
  switch (problem.kind) {
    case 'damaged':
      return `工作区文件已损坏,SaniDesk 不能打开它:${problem.file}。`;
    case 'unreadable':
      return `工作区文件已损坏,无法读取(可能被截断、被覆盖或只复制了一部分):${problem.file}。`;
    case 'foreign':
      return `工作区文件不是 SaniDesk 的数据,而是其他程序的数据库:${problem.file}。`;
    case 'empty':
      return `工作区文件是空的(0 字节),可能在复制或写入时被中断:${problem.file}。`;
  }
}
