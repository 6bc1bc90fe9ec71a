/** Names inside a workspace folder, shared by the workspace and its backups (kept apart to avoid an import cycle). */
import { join } from 'node:path';

export const DB_FILE_NAME = 'sanidesk.db';
/** `PRAGMA application_id` of every SaniDesk file ("SANI"), so a foreign SQLite file is recognised. */
export const APPLICATION_ID = 0x53414e49;

export function backupsDir(dir: string): string {
  return join(dir, 'backups');
}

/** A time as a file-name part: ISO 8601 with `:` and `.` replaced, valid on every file system. */
export function fileTimestamp(date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
