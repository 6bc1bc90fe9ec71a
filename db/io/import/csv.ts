/**
 * CSV and tab-separated text as Excel and WPS save it: UTF-8 with or without a BOM, GB18030/GBK (WPS and older
 * Excel on Chinese Windows save "CSV" in the ANSI code page), UTF-16 ("Unicode text", tab-separated); quoted
 * fields with doubled quotes and line breaks inside; comma or tab separators, whichever the file uses.
 */
import type { Sheet, SheetRow } from './sheet';

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';
}

/** Bytes → text: a BOM decides; otherwise valid UTF-8 is UTF-8 and anything else is read as GB18030. */
export function decodeText(content: Uint8Array): DecodedText {
  if (content[0] === 0xef && content[1] === 0xbb && content[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(content.subarray(3)), encoding: 'utf-8' };
  }
  if (content[0] === 0xff && content[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(content.subarray(2)), encoding: 'utf-16le' };
  if (content[0] === 0xfe && content[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(content.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(content), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(content), encoding: 'gb18030' };
  }
}

/** Comma or tab: whichever occurs more often outside quotes in the first lines. */
export function detectDelimiter(text: string): ',' | '\t' {
  let commas = 0;
  let tabs = 0;
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < 20; i += 1) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted) {
      if (ch === ',') commas += 1;
      else if (ch === '\t') tabs += 1;
      else if (ch === '\n') lines += 1;
    }
  }
  return tabs > commas ? '\t' : ',';
}

/** RFC 4180 records; a record may span lines inside quotes. Trailing empty records are dropped. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === '\r') {
      endRecord();
      if (text[i + 1] === '\n') i += 1;
    } else if (ch === '\n') endRecord();
    else field += ch;
    i += 1;
  }
  if (field !== '' || record.length) endRecord();
  while (records.length && records[records.length - 1].every((f) => f === '')) records.pop();
  return records;
}

export function readCsv(name: string, content: Uint8Array): Sheet {
  const { text, encoding } = decodeText(content);
  const rows: SheetRow[] = parseCsv(text).map((fields, i) => ({ row: i + 1, cells: fields.map((f) => (f === '' ? null : f)) }));
  return { name, sheets: [name], rows, merges: [], format: 'csv', encoding };
}
