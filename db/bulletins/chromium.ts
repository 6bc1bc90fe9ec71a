/**
 * HTML → PDF with a headless Chromium (or Chrome, or Edge) found on this machine, for the hosts that are not
 * Electron: the headless HTTP host, the CLI and the tests. Electron registers its own engine (printToPDF in a
 * hidden sandboxed window, electron/print/electron-pdf.ts).
 *
 * One browser is started on first use and driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
 * no port is opened, nothing else can talk to it). Each document gets a fresh blank tab with scripts disabled; the
 * HTML is set as the tab's content (no file, no URL, no network) and printed with its own @page rules. The browser
 * stays up for a minute after the last print, so a burst of prints pays the start once (~0.4 s), and is killed
 * when this process exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export interface PdfEngine {
  readonly name: string;
  /** A static HTML document → PDF bytes (A4 and margins from the document's @page rules). */
  render(html: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** The browsers tried, in order, after SANIDESK_CHROMIUM (and CHROMIUM_PATH, which the bench uses). */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const fromEnv = [env.SANIDESK_CHROMIUM, env.CHROMIUM_PATH].filter((p): p is string => !!p);
  if (platform === 'win32') {
    const roots = [env['ProgramFiles(x86)'], env.ProgramFiles, env.LOCALAPPDATA].filter((p): p is string => !!p);
    return [
      ...fromEnv,
      ...roots.flatMap((root) => [
        join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
        join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        join(root, 'Chromium', 'Application', 'chrome.exe'),
      ]),
    ];
  }
  if (platform === 'darwin') {
    return [
      ...fromEnv,
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ];
  }
  return [
    ...fromEnv,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/microsoft-edge',
    '/snap/bin/chromium',
  ];
}

export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  return chromiumCandidates(env, platform).find((p) => existsSync(p)) ?? null;
}

const COMMAND_TIMEOUT_MS = 30_000;
const IDLE_CLOSE_MS = 60_000;

interface Pending {
  resolve(result: any): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

/** One running browser and its protocol pipe (fd 3: we write, fd 4: it writes; messages end with NUL). */
class Browser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buffer = '';
  private dead: Error | null = null;
  readonly exited: Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly profileDir: string,
  ) {
    const input = child.stdio[3] as Writable;
    const output = child.stdio[4] as Readable;
    output.on('data', (chunk: Buffer) => this.receive(chunk.toString('utf8')));
    input.on('error', (err) => this.fail(err));
    output.on('error', (err) => this.fail(err));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.fail(new Error(`PDF 打印组件(Chromium)已退出(${signal ?? code})`));
        rmSync(this.profileDir, { recursive: true, force: true });
        resolve();
      });
    });
    child.once('error', (err) => this.fail(err));
  }

  static start(executable: string): Browser {
    const profileDir = mkdtempSync(join(tmpdir(), 'sanidesk-pdf-'));
    const args = [
      '--headless',
      '--remote-debugging-pipe',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-gpu',
      '--disable-extensions',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--mute-audio',
      '--hide-scrollbars',
      `--user-data-dir=${profileDir}`,
      // Chromium will not start its sandbox as root (containers, CI). The pages it prints are our own static
      // documents with scripts disabled, so running them unsandboxed there exposes nothing.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
      'about:blank',
    ];
    const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], windowsHide: true });
    return new Browser(child, profileDir);
  }

  get alive(): boolean {
    return !this.dead;
  }

  /** While a print runs the pipe keeps the process alive; idle, it must not hold a CLI run open. */
  hold(on: boolean): void {
    for (const s of [this.child, this.child.stdio[3], this.child.stdio[4]] as Array<{ ref?(): void; unref?(): void } | null>) {
      if (on) s?.ref?.();
      else s?.unref?.();
    }
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const frame = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 1);
      let message: { id?: number; result?: unknown; error?: { message: string } };
      try {
        message = JSON.parse(frame);
      } catch {
        continue;
      }
      const waiting = message.id == null ? undefined : this.pending.get(message.id);
      if (!waiting) continue; // events: nothing here waits for them
      this.pending.delete(message.id!);
      clearTimeout(waiting.timer);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    }
  }

  private fail(err: Error): void {
    if (this.dead) return;
    this.dead = err;
    for (const [, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(err);
    }
    this.pending.clear();
  }

  send<T = any>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`PDF 打印组件在 ${COMMAND_TIMEOUT_MS / 1000} 秒内没有响应(${method})`));
        this.kill();
      }, COMMAND_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      (this.child.stdio[3] as Writable).write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  kill(): void {
    if (this.child.exitCode == null && this.child.signalCode == null) this.child.kill('SIGKILL');
  }

  async close(): Promise<void> {
    if (this.alive) await this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.kill(), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}

const running = new Set<Browser>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' handlers run synchronously: a kill is all that can be done there, and all that is needed.
  process.once('exit', () => {
    for (const b of running) b.kill();
  });
}

export class ChromiumPdfEngine implements PdfEngine {
  readonly name: string;
  private browser: Browser | null = null;
  private active = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly executable: string,
    private readonly idleCloseMs = IDLE_CLOSE_MS,
  ) {
    this.name = `Chromium(${executable})`;
  }

  private ensure(): Browser {
    if (this.browser?.alive) return this.browser;
    const browser = Browser.start(this.executable);
    running.add(browser);
    void browser.exited.then(() => running.delete(browser));
    installExitHook();
    this.browser = browser;
    return browser;
  }

  async render(html: string): Promise<Buffer> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const browser = this.ensure();
    this.active += 1;
    browser.hold(true);
    let targetId: string | null = null;
    try {
      targetId = (await browser.send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' })).targetId;
      const { sessionId } = await browser.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      await browser.send('Emulation.setScriptExecutionDisabled', { value: true }, sessionId);
      const { frameTree } = await browser.send<{ frameTree: { frame: { id: string } } }>('Page.getFrameTree', {}, sessionId);
      await browser.send('Page.setDocumentContent', { frameId: frameTree.frame.id, html }, sessionId);
      const { data } = await browser.send<{ data: string }>(
        'Page.printToPDF',
        { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, generateTaggedPDF: false },
        sessionId,
      );
      return Buffer.from(data, 'base64');
    } finally {
      if (targetId) await browser.send('Target.closeTarget', { targetId }).catch(() => undefined);
      this.active -= 1;
      if (this.active === 0) {
        browser.hold(false);
        this.idleTimer = setTimeout(() => void this.close(), this.idleCloseMs);
        this.idleTimer.unref();
      }
    }
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const browser = this.browser;
    this.browser = null;
    if (browser) await browser.close();
  }
}
