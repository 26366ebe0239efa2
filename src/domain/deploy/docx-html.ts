/**
 * The text of a Word document whose tables matter: mammoth's HTML (paragraphs, headings, lists, tables — a small,
 * well-formed vocabulary) read back as plain text, paragraphs separated by a blank line as mammoth's raw text has
 * them, and each table row as one line of tab-separated cells (a cell's own paragraphs joined by a space), so that a
 * task table keeps its rows and columns for tables.ts instead of falling apart into one cell per line. Pure.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li']);

export function textOfDocxHtml(html: string): string {
  const blocks: string[] = [];
  let text = '';
  let tableDepth = 0;
  let row: string[] | null = null;
  let cell: string[] | null = null;
  const flush = () => {
    const t = text.replace(/[ \t]+/g, ' ').trim();
    text = '';
    if (t === '') return;
    if (cell) cell.push(t);
    else blocks.push(t);
  };
  const tag = /<(\/?)([a-zA-Z0-9]+)[^>]*?(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(html); m !== null; m = tag.exec(html)) {
    text += decode(html.slice(at, m.index));
    at = m.index + m[0].length;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (name === 'br') {
      text += cell ? ' ' : '\n';
      continue;
    }
    if (BLOCK.has(name)) {
      flush();
      continue;
    }
    if (name === 'table') {
      flush();
      tableDepth += closing ? -1 : 1;
      if (tableDepth < 0) tableDepth = 0;
      continue;
    }
    if (tableDepth === 0) continue;
    if (name === 'tr') {
      flush();
      if (closing) {
        if (row?.some((c) => c !== '')) blocks.push(row.join('\t'));
        row = null;
      } else if (tableDepth === 1) row = [];
    } else if (name === 'td' || name === 'th') {
      if (tableDepth > 1) {
        if (closing) text += ' ';
        continue;
      }
      if (closing) {
        flush();
        row?.push((cell ?? []).join(' '));
        cell = null;
      } else cell = [];
    }
  }
  text += decode(html.slice(at));
  flush();
  return blocks.join('\n\n');
}
