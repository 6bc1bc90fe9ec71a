/**
 * The .xlsx container, checked before exceljs reads it. exceljs inflates every part of the workbook as it
 * comes and its XML parser keeps whole texts and the shared-string table in memory, so a crafted file of a
 * few megabytes (a "zip bomb" whose sheet inflates to gigabytes, a single text of hundreds of megabytes, ten
 * million shared strings) would take the host's memory or hours before any rule of ours ran. This pass walks
 * the parts exactly as exceljs's unzipper does (local headers one after another from the start, not the
 * central directory, which a crafted file can make disagree with them), inflates each one while counting and
 * throws the bytes away, and stops at the first limit passed. Memory stays at one inflate window.
 */
import { createInflateRaw } from 'node:zlib';
import { ApiError } from '../../errors';

/** Everything a workbook may inflate to. A 100,000-row, 38-column ledger is about 140 MB of XML. */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
/** Parts in one workbook (sheets, styles, images…); a clerk's ledger has a few dozen. */
export const MAX_ZIP_ENTRIES = 1000;
/**
 * Longest stretch of an XML part without a `<`: one text or one tag. Excel's own cell limit is 32,767
 * characters (under 200 KB even fully escaped), so a longer stretch is not a spreadsheet a clerk saved.
 */
export const MAX_XML_RUN_BYTES = 1024 * 1024;
/** Distinct texts in the shared-string table (exceljs keeps them all in memory). */
export const MAX_SHARED_STRINGS = 3_000_000;

const LOCAL_FILE = 0x04034b50;
const CENTRAL_FILE = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const END_OF_CENTRAL_BYTES = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const DATA_DESCRIPTOR_BYTES = Buffer.from([0x50, 0x4b, 0x07, 0x08]);

export interface ZipPart {
  name: string;
  method: number;
  flags: number;
  data: Buffer;
}

function damaged(name: string, detail: string): ApiError {
  return new ApiError(
    'validation',
    `无法读取“${name}”:文件不是有效的 .xlsx 工作簿,或已损坏(${detail})。请在 Excel/WPS 中打开后“另存为”.xlsx 再导入;如果是从网上或邮件下载的,请重新下载。`,
  );
}

function notASpreadsheet(name: string, what: string): ApiError {
  return new ApiError(
    'validation',
    `“${name}”${what},不像是 Excel/WPS 保存的台账表格(可能是损坏或恶意构造的文件),已拒绝导入,没有写入任何数据。如确为台账,请在 Excel/WPS 中删去多余的工作表、图片和空白行列后“另存为”.xlsx 或 .csv 再导入。`,
  );
}

/**
 * The parts as a streaming reader meets them: local headers in file order. A part whose header leaves its
 * size open (flag bit 3) ends at the next data-descriptor signature, as unzipper reads it.
 */
export function zipParts(name: string, content: Buffer): ZipPart[] {
  const parts: ZipPart[] = [];
  let reachedDirectory = false;
  let at = 0;
  while (at + 4 <= content.length) {
    const signature = content.readUInt32LE(at);
    if (signature === END_OF_CENTRAL) return parts;
    if (signature === CENTRAL_FILE) {
      if (at + 46 > content.length) throw damaged(name, '目录不完整');
      reachedDirectory = true;
      at += 46 + content.readUInt16LE(at + 28) + content.readUInt16LE(at + 30) + content.readUInt16LE(at + 32);
      continue;
    }
    if (signature !== LOCAL_FILE) {
      // Past the directory unzipper skips ahead to the end record and stops; before it, this is damage.
      if (reachedDirectory && content.indexOf(END_OF_CENTRAL_BYTES, at) >= 0) return parts;
      throw damaged(name, '压缩包结构有误');
    }
    if (at + 30 > content.length) throw damaged(name, '文件被截断');
    const flags = content.readUInt16LE(at + 6);
    const method = content.readUInt16LE(at + 8);
    const compressed = content.readUInt32LE(at + 18);
    const start = at + 30 + content.readUInt16LE(at + 26) + content.readUInt16LE(at + 28);
    if (start > content.length) throw damaged(name, '文件被截断');
    const partName = content.toString('utf8', at + 30, at + 30 + content.readUInt16LE(at + 26));
    if (flags & 0x1) {
      throw new ApiError('validation', `“${name}”是加了密码的工作簿,无法导入。请在 Excel/WPS 中打开,去掉密码后“另存为”.xlsx 再导入。`);
    }
    if (compressed === 0xffffffff) throw notASpreadsheet(name, '含有超过 4 GB 的 ZIP64 部件');
    let end: number;
    if (!(flags & 0x8) || compressed > 0) {
      end = start + compressed;
      if (end > content.length) throw damaged(name, '文件被截断');
      at = end;
    } else {
      // Size given after the data: the part runs to the descriptor's signature, then 16 descriptor bytes.
      end = content.indexOf(DATA_DESCRIPTOR_BYTES, start);
      if (end < 0 || end + 16 > content.length) throw damaged(name, '文件被截断');
      at = end + 16;
    }
    parts.push({ name: partName, method, flags, data: content.subarray(start, end) });
    if (parts.length > MAX_ZIP_ENTRIES) throw notASpreadsheet(name, `包含超过 ${MAX_ZIP_ENTRIES} 个部件`);
  }
  // unzipper stops quietly when the bytes run out; a workbook without its directory was cut short.
  throw damaged(name, '文件被截断,缺少压缩包目录');
}

/** Follows one XML part's bytes: the longest stretch without `<`, and how many `<si` (shared strings) it holds. */
class XmlScan {
  run = 0;
  longest = 0;
  strings = 0;
  private tail = '';
  constructor(private readonly countStrings: boolean) {}

  feed(chunk: Buffer) {
    const first = chunk.indexOf(0x3c);
    if (first < 0) {
      this.run += chunk.length;
    } else {
      this.longest = Math.max(this.longest, this.run + first);
      this.run = chunk.length - 1 - chunk.lastIndexOf(0x3c);
      // Inside a chunk a stretch is shorter than the chunk (zlib hands out at most 64 KB), far below the limit.
    }
    this.longest = Math.max(this.longest, this.run);
    if (this.countStrings) {
      const text = this.tail + chunk.toString('latin1');
      let i = text.indexOf('<si');
      while (i >= 0) {
        const after = text.charCodeAt(i + 3);
        if (after === 0x3e || after === 0x20 || Number.isNaN(after)) this.strings += 1;
        i = text.indexOf('<si', i + 3);
      }
      // Keep the last bytes for a tag split across chunks; an `<si` fully inside the tail was counted already.
      this.tail = text.endsWith('<si') ? '' : text.slice(-2);
    }
  }
}

function isXml(partName: string): boolean {
  return /\.(xml|rels)$/i.test(partName);
}

/** Inflates (or, for a stored part, reads) one part, handing the bytes to `sink`; stops when `sink` throws. */
function eachChunk(part: ZipPart, sink: (chunk: Buffer) => void): Promise<void> {
  if (part.method === 0) {
    for (let i = 0; i < part.data.length; i += 64 * 1024) sink(part.data.subarray(i, i + 64 * 1024));
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let failed = false;
    inflate.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        sink(chunk);
      } catch (err) {
        failed = true;
        inflate.destroy();
        reject(err);
      }
    });
    inflate.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
    inflate.on('end', () => {
      if (!failed) resolve();
    });
    inflate.end(part.data);
  });
}

/**
 * Refuses a workbook that is damaged, encrypted, uses a compression exceljs cannot read, or would pass the
 * limits above once inflated; each message says what to do. Returns the bytes inflated (for the tests).
 */
export async function checkWorkbookContainer(name: string, content: Buffer): Promise<{ parts: number; inflated: number }> {
  const parts = zipParts(name, content);
  let inflated = 0;
  for (const part of parts) {
    if (part.method !== 0 && part.method !== 8) {
      throw notASpreadsheet(name, `的部件“${part.name.slice(0, 60)}”使用了不支持的压缩方式`);
    }
    const scan = isXml(part.name) ? new XmlScan(/sharedStrings\d*\.xml$/i.test(part.name)) : null;
    try {
      await eachChunk(part, (chunk) => {
        inflated += chunk.length;
        if (inflated > MAX_INFLATED_BYTES) {
          throw notASpreadsheet(name, `解压后超过 ${MAX_INFLATED_BYTES / 1024 / 1024} MB`);
        }
        if (!scan) return;
        scan.feed(chunk);
        if (scan.longest > MAX_XML_RUN_BYTES) {
          throw notASpreadsheet(name, `有一段文字或标记超过 ${MAX_XML_RUN_BYTES / 1024 / 1024} MB(单元格最多 32,767 字)`);
        }
        if (scan.strings > MAX_SHARED_STRINGS) {
          throw notASpreadsheet(name, `有超过 ${(MAX_SHARED_STRINGS / 10_000).toLocaleString()} 万个不同的文字`);
        }
      });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw damaged(name, `部件“${part.name.slice(0, 60)}”无法解压`);
    }
  }
  if (!parts.some((p) => /^xl\/worksheets\/sheet\d+\.xml$/.test(p.name))) {
    throw new ApiError('validation', `“${name}”中没有工作表,不是 Excel/WPS 的 .xlsx 工作簿。请确认选择了正确的文件。`);
  }
  return { parts: parts.length, inflated };
}
