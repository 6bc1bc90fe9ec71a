/**
 * The printed page every SaniDesk document shares: A4 in the GB/T 9704-2012 layout (DOMAIN §5.1) — top margin
 * 37 mm, left 28 mm, type area 156 × 225 mm (so right 26 mm, bottom 35 mm), body 3号仿宋 (16 pt) on 22 lines of
 * the type area, page numbers "— 1 —" in 4号 half-width digits 7 mm under the type area, odd pages on the right
 * and even pages on the left, each one character in from the edge.
 *
 * Fonts: the Windows and macOS faces an office PC has are named first (仿宋_GB2312, 方正小标宋, 黑体, 楷体, 宋体 and
 * their macOS counterparts), then the free CJK faces a Linux machine has (Noto Serif/Sans CJK, WenQuanYi). The title
 * face is declared with local() so a bold fallback (Noto Serif CJK Bold) stands in for 小标宋 without making a real
 * 小标宋 bolder than it is.
 *
 * The HTML is static: no script, every text escaped; the preview shows it in a sandboxed frame and the PDF engine
 * prints it with scripts disabled.
 */

/** Escapes text for HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Plain text → one paragraph per non-empty line. */
export function paragraphs(text: string, className = 'p'): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p class="${className}">${esc(line)}</p>`)
    .join('\n');
}

export const FONT_FANGSONG = `"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "华文仿宋", "Noto Serif CJK SC", "Source Han Serif SC", "WenQuanYi Micro Hei", serif`;
export const FONT_HEITI = `"黑体", "SimHei", "STHeiti", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif`;
export const FONT_KAITI = `"楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "STKaiti", "Kaiti SC", "Noto Serif CJK SC", serif`;
export const FONT_SONGTI = `"宋体", "SimSun", "Songti SC", "STSong", "Noto Serif CJK SC", "Source Han Serif SC", serif`;

const TITLE_FACE = [
  '方正小标宋简体',
  'FZXiaoBiaoSong-B05S',
  'FZXBSJW--GB1-0',
  '方正小标宋_GBK',
  'FZXiaoBiaoSong-B05',
  '华文中宋',
  'STZhongsong',
  'Songti SC Black',
  'STSongti-SC-Black',
  'Songti SC Bold',
  'STSongti-SC-Bold',
  'Noto Serif CJK SC Bold',
  'NotoSerifCJKsc-Bold',
  'Source Han Serif SC Bold',
  'SourceHanSerifSC-Bold',
]
  .map((name) => `local("${name}")`)
  .join(', ');

/** 22 lines in the 225 mm type area (GB/T 9704 7.1: 每面排 22 行). */
export const LINE = '28.95pt';

/** The page, the fonts and the screen preview (an A4 sheet on grey); `mark` (草稿(未签发)) is printed on every page. */
export function pageCss(options: { mark: string | null; pageNumbers: boolean }): string {
  const mark = options.mark ? JSON.stringify(options.mark) : null;
  const number = (side: 'left' | 'right') =>
    `@bottom-${side} { content: "— " counter(page) " —"; font-family: ${FONT_SONGTI}; font-size: 14pt; vertical-align: top;
       padding-top: 7mm; padding-${side}: 14pt; }`;
  return `
@font-face { font-family: "SaniDesk XBS"; src: ${TITLE_FACE}; }
@page {
  size: A4 portrait;
  margin: 37mm 26mm 35mm 28mm;
  ${mark ? `@top-right { content: ${mark}; font-family: ${FONT_HEITI}; font-size: 10.5pt; color: #888; vertical-align: bottom; padding-bottom: 6mm; }` : ''}
}
${options.pageNumbers ? `@page :right { ${number('right')} }\n@page :left { ${number('left')} }` : ''}
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; font-family: ${FONT_FANGSONG}; font-size: 16pt; line-height: ${LINE}; }
p { margin: 0; }
.p { text-indent: 2em; text-align: justify; }
.h1 { text-indent: 2em; font-family: ${FONT_HEITI}; }
.h2 { text-indent: 2em; font-family: ${FONT_KAITI}; }
.xbs { font-family: "SaniDesk XBS", ${FONT_SONGTI}; font-weight: normal; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media screen {
  html { background: #e9ebee; }
  body { width: 156mm; min-height: 225mm; margin: 16px auto; padding: 37mm 26mm 35mm 28mm; background: #fff;
         box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25); }
  ${mark ? 'body::before { content: ' + mark + '; position: absolute; margin-top: -24mm; margin-left: 128mm; color: #888; font-size: 10.5pt; font-family: ' + FONT_HEITI + '; }' : ''}
}
`;
}

/** A complete static document: the CSP in the file itself allows nothing but its own inline styles and data: images. */
export function htmlDocument(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<title>${esc(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
