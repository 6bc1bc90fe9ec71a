/**
 * The workspace's SQLite connection: pragmas, promise wrappers and the serialized write queue.
 *
 * Why two handles on one file: sqlite3 runs every statement of a connection on one queue, so a read issued
 * while a write transaction is half-way through would see that transaction's uncommitted rows (and keep
 * seeing them if it is later rolled back). Reads therefore go through a second, read-only handle; in WAL
 * mode it always sees the last committed state. All writes go through `write()`, one transaction at a time,
 * opened with BEGIN IMMEDIATE.
 */
import sqlite3 from 'sqlite3';

export type SqlValue = string | number | bigint | null | Buffer;
export type Params = SqlValue[] | Record<string, SqlValue>;
export type Row = Record<string, unknown>;

/** The statements a transaction body may run; the same shape as the read side, plus run/exec. */
export interface Tx {
  all<T = Row>(sql: string, params?: Params): Promise<T[]>;
  get<T = Row>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<{ changes: number; lastID: number }>;
  exec(sql: string): Promise<void>;
}

/** sqlite3's Backup object (the online backup API); its typings are missing from the package. */
interface SqliteBackup {
  step(pages: number, callback: (err: Error | null) => void): void;
  finish(callback: (err: Error | null) => void): void;
  completed: boolean;
}
type BackupCapable = {
  backup(file: string, destName: string, sourceName: string, fileIsDest: boolean, callback: (err: Error | null) => void): SqliteBackup;
};

function openHandle(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const handle = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(handle)));
  });
}

function statements(handle: sqlite3.Database): Tx {
  return {
    all: <T>(sql: string, params: Params = []) =>
      new Promise<T[]>((resolve, reject) => handle.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as T[])))),
    get: <T>(sql: string, params: Params = []) =>
      new Promise<T | undefined>((resolve, reject) =>
        handle.get(sql, params, (err, row) => (err ? reject(err) : resolve(row as T | undefined))),
      ),
    run: (sql: string, params: Params = []) =>
      new Promise((resolve, reject) =>
        handle.run(sql, params, function (this: sqlite3.RunResult, err: Error | null) {
          if (err) reject(err);
          else resolve({ changes: this.changes, lastID: this.lastID });
        }),
      ),
    exec: (sql: string) => new Promise<void>((resolve, reject) => handle.exec(sql, (err) => (err ? reject(err) : resolve()))),
  };
}

export interface OpenOptions {
  /** Open without creating the file and without the writer (used to inspect foreign or newer files). */
  readonly?: boolean;
}

export class Database {
  private writeChain: Promise<unknown> = Promise.resolve();
  private closed = false;
  readonly read: Tx;
  private readonly writer: Tx;

  private constructor(
    readonly file: string,
    private readonly writeHandle: sqlite3.Database | null,
    private readonly readHandle: sqlite3.Database,
  ) {
    this.read = statements(readHandle);
    this.writer = writeHandle ? statements(writeHandle) : this.read;
  }

  static async open(file: string, options: OpenOptions = {}): Promise<Database> {
    if (options.readonly) {
      const handle = await openHandle(file, sqlite3.OPEN_READONLY);
      return new Database(file, null, handle);
    }
    const writeHandle = await openHandle(file, sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE);
    const w = statements(writeHandle);
    // Scores and money are ledgers: FULL sync, WAL for readers beside the writer.
    await w.exec(
      'PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;',
    );
    const readHandle = await openHandle(file, sqlite3.OPEN_READONLY);
    await statements(readHandle).exec('PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA query_only=ON;');
    return new Database(file, writeHandle, readHandle);
  }

  /**
   * Runs `body` as one transaction, after every write queued before it. A thrown error rolls back
   * everything the body did and is rethrown to the caller; the queue goes on with the next write.
   */
  write<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.writeHandle) return Promise.reject(new Error('database opened read-only'));
    const run = async (): Promise<T> => {
      if (this.closed) throw new Error('database is closed');
      await this.writer.exec('BEGIN IMMEDIATE');
      try {
        const result = await body(this.writer);
        await this.writer.exec('COMMIT');
        return result;
      } catch (err) {
        await this.writer.exec('ROLLBACK').catch(() => undefined);
        throw err;
      }
    };
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  /** Statements outside a transaction on the writer (pragmas, VACUUM); queued like writes. */
  writerExec(sql: string): Promise<void> {
    const run = () => this.writer.exec(sql);
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  /** SQLite's online backup API into `destFile`; safe while the workspace is in use. */
  backupTo(destFile: string): Promise<void> {
    return this.onlineBackup(destFile, true);
  }

  /**
   * The backup API in reverse: replaces this database's content with `sourceFile`'s, page by page, as one
   * write on the queue (readers see the old state until it is done). Used by restore; needs the writer.
   */
  restoreFrom(sourceFile: string): Promise<void> {
    if (!this.writeHandle) return Promise.reject(new Error('database opened read-only'));
    return this.onlineBackup(sourceFile, false);
  }

  private onlineBackup(file: string, fileIsDest: boolean): Promise<void> {
    const handle = this.writeHandle ?? this.readHandle;
    const run = () =>
      new Promise<void>((resolve, reject) => {
        const backup = (handle as unknown as BackupCapable).backup(file, 'main', 'main', fileIsDest, (err: Error | null) => {
          if (err) return reject(err);
          backup.step(-1, (stepErr: Error | null) => {
            if (stepErr) return reject(stepErr);
            if (!backup.completed) return reject(new Error('backup did not complete'));
            backup.finish((finishErr: Error | null) => (finishErr ? reject(finishErr) : resolve()));
          });
        });
      });
    const result = this.writeChain.then(run, run);
    this.writeChain = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.writeChain;
    this.closed = true;
    const closeHandle = (h: sqlite3.Database) => new Promise<void>((resolve, reject) => h.close((e) => (e ? reject(e) : resolve())));
    await closeHandle(this.readHandle);
    if (this.writeHandle) await closeHandle(this.writeHandle);
  }
}
