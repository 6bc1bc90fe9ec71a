/**
 * The bulletin PDF of a 60-row ranking (goal ≤ 1 s) through the path issuing takes (db/bulletins: the GB/T 9704
 * document, then the PDF engine — here the headless Chromium the headless host uses), beside a one-page blank
 * document printed by the same engine in the same run. Median of five, after one print that starts the browser
 * (reported on its own line: the first bulletin after the host starts pays for it).
 */
import { performance } from 'node:perf_hooks';
import { bulletinDefaults, headerDefaults } from '../db/bulletins/defaults';
import { bulletinHtml } from '../db/bulletins/document';
import { htmlDocument, pageCss } from '../db/bulletins/page';
import { pdfEngine, renderPdf } from '../db/bulletins/pdf';
import { sampleRun } from '../db/bulletins/sample';

type Line = (label: string, value: string, baseline: string, verdict: string) => void;

const ROWS = 60;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(html: string): Promise<{ ms: number; pages: number }> {
  const t0 = performance.now();
  const { pages } = await renderPdf(html);
  return { ms: performance.now() - t0, pages };
}

export async function benchBulletinPdf(line: Line) {
  const run = sampleRun(ROWS);
  const fields = { ...bulletinDefaults(run, headerDefaults('示例区', 'contractor'), '2025-11-03'), docNumber: '示城管〔2025〕12号' };
  const bulletin = () => bulletinHtml({ kind: 'bulletin', status: 'issued', fields, run, correction: null });
  const blank = htmlDocument('空白', pageCss({ mark: null, pageNumbers: true }), '<p>&nbsp;</p>');

  const cold = await timed(bulletin());
  const bulletinMs: number[] = [];
  const blankMs: number[] = [];
  let pages = 0;
  for (let i = 0; i < RUNS; i += 1) {
    // The document is built each time too: issuing builds it from the stored fields and run.
    const t = await timed(bulletin());
    bulletinMs.push(t.ms);
    pages = t.pages;
    blankMs.push((await timed(blank)).ms);
  }
  await pdfEngine().close();
  const ms = median(bulletinMs);
  const fmt = (n: number) => `${n.toFixed(1)} ms`;
  line(`bulletin PDF, ${ROWS}-row ranking (${pages} pages)`, fmt(ms), `${fmt(median(blankMs))} blank page`, `goal ≤ 1000 ms ${ms <= 1000 ? 'MET' : 'MISSED'}`);
  line('bulletin PDF, first after start (browser start)', fmt(cold.ms), `${fmt(ms)} warm`, '');
}
