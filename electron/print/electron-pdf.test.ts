/**
 * The desktop PDF engine against a stand-in window (the Electron binary cannot be downloaded here): the print
 * window keeps the hardened options, drops the preload and disables JavaScript; the document goes in as a data:
 * URL, comes out through printToPDF with the page's own A4 rules, and the window is destroyed even when printing
 * fails.
 */
import { describe, expect, it, vi } from 'vitest';
import { hardenedWindowOptions } from '../security';
import { electronPdfEngine, printWindowOptions, type PrintWindowLike } from './electron-pdf';

function fakeWindow(fail = false) {
  const win = {
    destroyed: false,
    loadURL: vi.fn(async (_url: string) => undefined),
    isDestroyed() {
      return this.destroyed;
    },
    destroy() {
      this.destroyed = true;
    },
    webContents: {
      printToPDF: vi.fn(async () => {
        if (fail) throw new Error('printer gone');
        return Buffer.from('%PDF-1.7 fake');
      }),
    },
  };
  return win;
}

describe('electron printToPDF engine', () => {
  it('prints in a hidden sandboxed window with no preload and JavaScript off', () => {
    const base = hardenedWindowOptions({ preloadPath: '/app/out/preload/preload.cjs', devTools: false, title: 't', show: true });
    const options = printWindowOptions(base);
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true });
    expect(options.webPreferences).not.toHaveProperty('preload');
  });

  it('loads the document as a data: URL and returns the PDF with the page’s own size and margins', async () => {
    const win = fakeWindow();
    const engine = electronPdfEngine(() => win as unknown as PrintWindowLike);
    const pdf = await engine.render('<!DOCTYPE html><p>通报</p>');
    expect(pdf.toString('latin1')).toMatch(/^%PDF-/);
    const url = win.loadURL.mock.calls[0][0];
    expect(url.startsWith('data:text/html;charset=utf-8;base64,')).toBe(true);
    expect(Buffer.from(url.split(',')[1], 'base64').toString('utf8')).toBe('<!DOCTYPE html><p>通报</p>');
    expect(win.webContents.printToPDF).toHaveBeenCalledWith({ printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false });
    expect(win.destroyed).toBe(true);
  });

  it('destroys the window when printing fails', async () => {
    const win = fakeWindow(true);
    const engine = electronPdfEngine(() => win as unknown as PrintWindowLike);
    await expect(engine.render('<p>x</p>')).rejects.toThrow('printer gone');
    expect(win.destroyed).toBe(true);
  });
});
