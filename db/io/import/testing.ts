/** Test support for the importer: GB18030 bytes (Node can decode them but not encode them) and workbooks. */
import ExcelJS from 'exceljs';

let gbTable: Map<string, number[]> | null = null;

/** Text as WPS saves a CSV on Chinese Windows: ASCII as is, other characters as their GB18030 two-byte codes. */
export function encodeGb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead += 1) {
      for (let trail = 0x40; trail <= 0xfe; trail += 1) {
        if (trail === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([lead, trail]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbTable.get(ch);
      if (!pair) throw new Error(`no two-byte GB18030 code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

/** A workbook's bytes. */
export async function workbookBytes(book: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A workbook from bytes, to change a few cells of a fixture the way a clerk would fix them. */
export async function loadWorkbook(content: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(content as unknown as ArrayBuffer);
  return book;
}
