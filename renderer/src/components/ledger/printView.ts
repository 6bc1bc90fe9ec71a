/**
 * Ctrl+P on a grid: the rows as they are on screen (filter, sort, visible columns) in a plain table that
 * only the print stylesheet shows. AG Grid renders only the rows in view, so printing the grid itself would
 * print one screenful; this table holds them all. Built with DOM text nodes (escaped by construction) and
 * removed after printing.
 */
export interface PrintTable {
  title: string;
  subtitle: string;
  headers: string[];
  /** Which columns hold numbers (right-aligned). */
  numeric: boolean[];
  rows: string[][];
}

const VIEW_CLASS = 'print-view';

export function printTable(table: PrintTable): void {
  document.querySelectorAll(`.${VIEW_CLASS}`).forEach((el) => el.remove());
  const root = document.createElement('div');
  root.className = VIEW_CLASS;
  const title = document.createElement('h1');
  title.textContent = table.title;
  const subtitle = document.createElement('p');
  subtitle.textContent = table.subtitle;
  const grid = document.createElement('table');
  const head = grid.createTHead().insertRow();
  table.headers.forEach((text, i) => {
    const th = document.createElement('th');
    th.textContent = text;
    if (table.numeric[i]) th.className = 'num';
    head.appendChild(th);
  });
  const body = grid.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    row.forEach((text, i) => {
      const td = tr.insertCell();
      td.textContent = text;
      if (table.numeric[i]) td.className = 'num';
    });
  }
  root.append(title, subtitle, grid);
  printElement(root);
}

/**
 * Prints one element built for paper: it is added to the page (print CSS shows only it), the browser's
 * print runs, and it is removed again after printing.
 */
export function printElement(root: HTMLElement): void {
  document.body.appendChild(root);
  const cleanup = () => {
    window.removeEventListener('afterprint', cleanup);
    root.remove();
  };
  window.addEventListener('afterprint', cleanup);
  window.print();
}
