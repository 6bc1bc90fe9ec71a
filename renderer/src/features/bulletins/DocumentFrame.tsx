/**
 * The print preview of a printable document (通报, 考核扣款明细表): the exact HTML the PDF is made from
 * (bulletins.html / statements.html), shown as A4 sheets in a sandboxed frame — no scripts may run in it, and its
 * styles (the GB/T 9704 page) stay out of the console's. The sheet is scaled down to the pane's width, as a print
 * preview is; 打印 prints the frame itself with the browser's (or Electron's) print dialog at full size, so paper
 * and PDF come from the same page.
 */
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react';

export interface DocumentFrameHandle {
  print(): boolean;
}

/** An A4 sheet on screen (210 mm at 96 dpi) with the grey margin around it. */
const SHEET_PX = 794 + 40;

export const DocumentFrame = forwardRef<DocumentFrameHandle, { html: string | null; title: string; testId?: string }>(function DocumentFrame(
  { html, title, testId = 'document-frame' },
  ref,
) {
  const frame = useRef<HTMLIFrameElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useImperativeHandle(ref, () => ({
    print() {
      const win = frame.current?.contentWindow;
      if (!win) return false;
      win.focus();
      win.print();
      return true;
    },
  }));
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setScale(Math.min(1, el.clientWidth / SHEET_PX)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const size = `${100 / scale}%`;
  return (
    <div ref={box} className="doc-frame-box">
      {html == null ? (
        <div className="doc-frame-empty muted">正在生成预览…</div>
      ) : (
        // allow-same-origin only so that the console may call print() on the frame; without allow-scripts nothing in it runs.
        <iframe
          ref={frame}
          className="doc-frame"
          title={title}
          sandbox="allow-same-origin allow-modals"
          srcDoc={html}
          style={{ width: size, height: size, transform: `scale(${scale})` }}
          data-testid={testId}
        />
      )}
    </div>
  );
});
