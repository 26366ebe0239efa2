/** RFC 6266 / 5987 Content-Disposition for a download: an ASCII fallback for old clients, the UTF-8 name for the rest. */
export function attachment(filename: string, asciiFallback?: string): string {
  const ascii = (asciiFallback ?? filename.replace(/[^\x20-\x7e]/g, '_')).replace(/"/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
