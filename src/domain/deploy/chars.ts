/**
 * Character classes as lookup tables over UTF-16 code units, for the scanners' inner loops: `table[text.charCodeAt(i)]`
 * allocates nothing, where `SET.includes(text[i])` makes a string of every CJK character it reads. An index out of
 * range reads NaN, which is in no table.
 */
export type CodeTable = Uint8Array;

/** The table of the first code unit of each of `words` (of each character, for a string of single characters). */
export function codeTable(words: Iterable<string>): CodeTable {
  const table = new Uint8Array(0x10000);
  for (const w of words) if (w.length > 0) table[w.charCodeAt(0)] = 1;
  return table;
}

/** Whether the code unit is in the table: false for NaN (past either end of a string), which is never used as an
 *  index (a NaN index would make every lookup take V8's slow path). */
export function inTable(table: CodeTable, code: number): boolean {
  return code >= 0 && table[code] === 1;
}

/** What `\s` matches in a JavaScript regular expression: white space and line terminators. */
export function isJsSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

const HAN = /\p{Script=Han}/u;

/** What `/\p{Script=Han}/u` says of one code unit (false for NaN), CJK Unified Ideographs without running it. */
export function isHanUnit(c: number): boolean {
  if (c >= 0x4e00 && c <= 0x9fff) return true;
  if (!(c >= 0x2e80)) return false;
  return HAN.test(String.fromCharCode(c));
}
