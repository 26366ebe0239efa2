/**
 * PostgreSQL array literals ('{"a","b",NULL}') built directly, for the bulk inserts that pass one array per column
 * to `unnest` (a roster import sends 50,000 values a column). node-postgres turns a JavaScript array into the same
 * text through a generic path (each element prepared, escaped with a regular expression, dates formatted with their
 * zone): a third of the importing process's time in the insert. The literal is sent as a text parameter and cast by
 * the statement (`$1::text[]`), on PostgreSQL and PGlite alike.
 */

const NEEDS_ESCAPE = /["\\]/;

/**
 * Text (or date 'YYYY-MM-DD') elements: each one quoted, so that no value is read as NULL, as a nested array or
 * with its spaces trimmed; `"` and `\` are escaped with a backslash; null is NULL.
 */
export function textArrayLiteral(values: readonly (string | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else parts[i] = NEEDS_ESCAPE.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

/** Integer elements (ids); null is NULL. A value that is not a safe integer is a programming error. */
export function intArrayLiteral(values: readonly (number | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) parts[i] = 'NULL';
    else if (Number.isSafeInteger(v)) parts[i] = String(v);
    else throw new RangeError(`not an integer: ${v}`);
  }
  return `{${parts.join(',')}}`;
}

/** Boolean elements: t / f; null is NULL. */
export function boolArrayLiteral(values: readonly (boolean | null | undefined)[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? 'NULL' : v ? 't' : 'f';
  }
  return `{${parts.join(',')}}`;
}
