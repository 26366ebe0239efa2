// Two modules of ExcelJS's own that its typings leave out: the helpers its readers convert values with, and its
// table of built-in number formats. The .xlsx sheet reader (src/server/import/xlsx-sheets.ts) reads cells with them
// so that it reads every value as ExcelJS's streaming reader did.
declare module 'exceljs/lib/utils/utils.js' {
  const utils: {
    /** Whether a number format shows a date or a time (ExcelJS then reads the number as a Date). */
    isDateFmt(fmt: string | undefined): boolean;
    /** An Excel serial as a Date (1900 or 1904 date system). */
    excelToDate(v: number, date1904: boolean | undefined): Date;
    /** The five XML entities decoded (once more: the parser has decoded them already). */
    xmlDecode(text: string): string;
  };
  export default utils;
}

declare module 'exceljs/lib/xlsx/defaultnumformats.js' {
  /** Built-in number formats by numFmtId: `f` for the locale-neutral ones, per-locale codes for the others. */
  const formats: Record<number, { f?: string } | undefined>;
  export default formats;
}
