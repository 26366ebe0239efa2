/**
 * What one kind of list looks like to the spreadsheet importer (rosters today; problem lists, figures, ledgers and
 * tallies next): its target fields, each with its type, whether the list needs it, and the names offices give its
 * column. The importer proposes a column mapping from these, reads the cells by the field's kind and skips rows
 * that are not records; the list's own service checks the records it is handed.
 */

export type FieldKind =
  /** A row number of the form itself (序号): never data. */
  | 'seq'
  /** Written by an export for people to read, never read back. */
  | 'info'
  | 'text'
  /** A person's name: the key of a record (a row without a real one is not a record). */
  | 'personName'
  | 'date'
  /** A date where a year and month alone (出生年月) may stand. */
  | 'dateOrMonth'
  | 'idNumber'
  | 'choice'
  | 'yesNo'
  | 'integer'
  | 'number'
  | 'phone';

export type ListField<F extends string = string> = {
  field: F;
  /** The header the template writes. */
  header: string;
  kind: FieldKind;
  /** The list needs this column. */
  required: boolean;
  /** Other names the column goes by in templates and systems in public use. */
  aliases: readonly string[];
  /** For 'choice': the accepted texts (folded) and what each stands for. */
  choices?: ReadonlyMap<string, string>;
  /** For 'choice' and 'yesNo': the choices named in messages. */
  choiceLabels?: readonly string[];
  maxLength?: number;
};

export type ListSpec<F extends string = string> = {
  /** The list's name, for messages (党员花名册). */
  name: string;
  fields: readonly ListField<F>[];
  /** The field that makes a row a record (the name of a person, the title of a problem). */
  keyField: F;
};

/**
 * Header text as offices write it, folded for matching: full-width forms, spaces and line breaks, marks of a
 * required column (*), format hints in brackets anywhere (“出生年月\n(格式:1980.01)”, “入党时间（YYYY-MM-DD）”) and
 * trailing colons go.
 */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[(（[【<《][^()（）[\]【】<>《》]*[)）\]】>》]/g, '')
    .replace(/[*※★☆:：]+/g, '');
}

/** A choice as typed: full-width forms and spaces folded, upper case. */
export function foldChoice(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}
