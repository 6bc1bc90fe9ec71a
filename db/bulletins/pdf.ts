/**
 * Which engine turns a printable document into PDF bytes. Electron sets its own at start (printToPDF in a hidden
 * sandboxed window); every other host (headless host, CLI, tests, bench) uses a headless Chromium found on the
 * machine. Without either, printing to PDF is refused with a message that says what to install.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../errors';
import { ChromiumPdfEngine, findChromium, type PdfEngine } from './chromium';

export type { PdfEngine } from './chromium';

let engine: PdfEngine | null = null;

/** Installs the engine of this process (Electron's), or null to fall back to a system Chromium again. */
export function setPdfEngine(next: PdfEngine | null): void {
  engine = next;
}

export const NO_PDF_ENGINE_MESSAGE =
  '本机没有找到可以生成 PDF 的浏览器组件(Chromium、Chrome 或 Edge)。请安装其中之一,或设置环境变量 SANIDESK_CHROMIUM 指向其程序文件后重新启动;也可以在桌面版 SaniDesk 中生成。';

export function pdfEngine(): PdfEngine {
  if (engine) return engine;
  const executable = findChromium();
  if (!executable) throw new ApiError('workspace', NO_PDF_ENGINE_MESSAGE);
  engine = new ChromiumPdfEngine(executable);
  return engine;
}

export interface RenderedPdf {
  pdf: Buffer;
  sha256: string;
  pages: number;
}

/** Pages of a PDF as Chromium and Electron write it (one `/Type /Page` object per page, no object streams). */
export function countPdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}

export async function renderPdf(html: string): Promise<RenderedPdf> {
  let pdf: Buffer;
  try {
    pdf = await pdfEngine().render(html);
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError('workspace', `生成 PDF 失败:${(err as Error).message}。请稍后重试;如仍失败,请重新启动 SaniDesk。`);
  }
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new ApiError('workspace', '生成 PDF 失败:打印组件返回的不是 PDF 文件。请稍后重试。');
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), pages: countPdfPages(pdf) };
}
