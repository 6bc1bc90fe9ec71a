/** The ledgers' AG Grid look (UX.md "Look"): Quartz, compact rows, 13 px CJK font stack, one quiet accent. */
import { themeQuartz } from 'ag-grid-community';

export const FONT_STACK = ['Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'sans-serif'];

export const ledgerTheme = themeQuartz.withParams({
  // Our own stack replaces Quartz's web font, which would be fetched from the internet.
  fontFamily: FONT_STACK,
  fontSize: 13,
  headerFontSize: 13,
  headerFontWeight: 600,
  rowHeight: 28,
  headerHeight: 32,
  spacing: 5,
  cellHorizontalPadding: 8,
  accentColor: '#2563a8',
  foregroundColor: '#1f2933',
  borderColor: '#dfe3e8',
  headerBackgroundColor: '#f3f5f8',
  oddRowBackgroundColor: '#fafbfc',
  rowHoverColor: '#eef3f9',
  selectedRowBackgroundColor: '#e2ecf7',
  wrapperBorderRadius: 4,
  borderRadius: 3,
});
