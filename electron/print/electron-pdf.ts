/**
 * The desktop app's PDF engine: a printable document (a static HTML page from db/bulletins) rendered by
 * Electron's own Chromium with `webContents.printToPDF`, in a hidden window that has the hardened options of every
 * window (sandbox, context isolation, no Node) and, on top, JavaScript disabled and no preload: the page is our
 * own escaped HTML and needs neither. It is loaded as a data: URL by the main process (a programmatic load, which
 * the navigation policy does not see; the page itself cannot navigate anywhere).
 *
 * Types only from 'electron' (like electron/security.ts): the window factory is passed in, so this runs in the
 * unit tests on machines where the Electron binary cannot be downloaded.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfEngine } from '../../db/bulletins/pdf';

/** The print window's options: the app's hardened window options without the preload, and no JavaScript. */
export function printWindowOptions(base: BrowserWindowConstructorOptions): BrowserWindowConstructorOptions {
  const { preload: _preload, ...webPreferences } = base.webPreferences ?? {};
  return { ...base, show: false, webPreferences: { ...webPreferences, javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false } };
}

export type PrintWindowLike = Pick<BrowserWindow, 'loadURL' | 'isDestroyed' | 'destroy'> & {
  webContents: Pick<BrowserWindow['webContents'], 'printToPDF'>;
};

export function electronPdfEngine(createWindow: () => PrintWindowLike): PdfEngine {
  return {
    name: 'Electron printToPDF',
    async render(html: string): Promise<Buffer> {
      const win = createWindow();
      try {
        await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
        return await win.webContents.printToPDF({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
      } finally {
        if (!win.isDestroyed()) win.destroy();
      }
    },
    async close() {
      // Each render closes its own window; nothing stays open between prints.
    },
  };
}
