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

export interface CsvLimits {
  /** Records with something in them (blank lines are not kept and not counted). */
  maxRows: number;
  maxColumns: number;
  maxCellChars: number;
}

const NO_LIMITS: CsvLimits = { maxRows: Infinity, maxColumns: Infinity, maxCellChars: Infinity };

/** Which limit a record passed, where (record number = the row Excel shows), for the reader's message. */
export class CsvLimitExceeded extends Error {
  constructor(
    readonly limit: 'rows' | 'columns' | 'cell' | 'nul',
    readonly row: number,
    readonly column: number,
  ) {
    super(`${limit} limit at record ${row}`);
  }
}

/**
 * RFC 4180 records, each handed to `onRecord` with its number; a record may span lines inside quotes. Limits
 * are checked while reading, so a hostile file (a 10 MB line of commas, one endless cell) stops at once
 * instead of first becoming millions of strings.
 */
function eachRecord(text: string, delimiter: string, limits: CsvLimits, onRecord: (fields: string[], recordNo: number) => void) {
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let recordNo = 1;
  let i = 0;
  const endField = () => {
    if (record.length >= limits.maxColumns) throw new CsvLimitExceeded('columns', recordNo, record.length);
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    onRecord(record, recordNo);
    record = [];
    recordNo += 1;
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
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) endField();
    else if (ch === '\r') {
      endRecord();
      if (text[i + 1] === '\n') i += 1;
    } else if (ch === '\n') endRecord();
    else field += ch;
    if (field.length > limits.maxCellChars) throw new CsvLimitExceeded('cell', recordNo, record.length);
    i += 1;
  }
  if (field !== '' || record.length) endRecord();
}

/** RFC 4180 records; a record may span lines inside quotes. Trailing empty records are dropped. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): string[][] {
  const records: string[][] = [];
  eachRecord(text, delimiter, NO_LIMITS, (fields) => records.push(fields));
  while (records.length && records[records.length - 1].every((f) => f === '')) records.pop();
  return records;
}

/**
 * Our own CSV export puts an apostrophe before text starting with = + - @ (so that Excel does not run it as a
 * formula); reading such a file back takes the apostrophe off again.
 */
function unguarded(field: string): string {
  return field.length > 1 && field[0] === "'" && /[=+\-@\t\r]/.test(field[1]) ? field.slice(1) : field;
}

/**
 * A CSV file as a Sheet: blank records are left out (an .xlsx has no rows for them either), the numbers of the
 * others kept. Throws CsvLimitExceeded at the first limit passed; refuses text with NUL characters (a binary
 * file or UTF-16 without its byte-order mark).
 */
export function readCsv(name: string, content: Uint8Array, limits: CsvLimits = NO_LIMITS): Sheet {
  const { text, encoding } = decodeText(content);
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    let line = 1;
    for (let i = text.indexOf('\n'); i >= 0 && i < nul; i = text.indexOf('\n', i + 1)) line += 1;
    throw new CsvLimitExceeded('nul', line, 0);
  }
  const rows: SheetRow[] = [];
  eachRecord(text, detectDelimiter(text), limits, (fields, recordNo) => {
    if (fields.every((f) => f === '')) return;
    if (rows.length >= limits.maxRows) throw new CsvLimitExceeded('rows', recordNo, 0);
    rows.push({ row: recordNo, cells: fields.map((f) => (f === '' ? null : unguarded(f))) });
  });
  return { name, sheets: [name], rows, merges: [], format: 'csv', encoding };
}
