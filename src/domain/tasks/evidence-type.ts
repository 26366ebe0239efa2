/**
 * Evidence files (台账佐证材料): which kinds are accepted, told by their bytes rather than by the name or
 * the browser's claim. Platform rule: images, PDF, Word (.docx) and Excel (.xlsx), up to a size limit.
 */
export type EvidenceKind = 'jpeg' | 'png' | 'gif' | 'webp' | 'pdf' | 'docx' | 'xlsx';

export const EVIDENCE_MIME: Record<EvidenceKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export const EVIDENCE_ACCEPTED_TEXT = '图片（JPG、PNG、GIF、WebP）、PDF、Word（.docx）、Excel（.xlsx）';

function startsWith(bytes: Uint8Array, sig: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[offset + i] !== sig[i]) return false;
  return true;
}

function containsAscii(bytes: Uint8Array, needle: string, limit = 64 * 1024): boolean {
  const n = Array.from(needle, (c) => c.charCodeAt(0));
  const end = Math.min(bytes.length, limit) - n.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < n.length; j++) if (bytes[i + j] !== n[j]) continue outer;
    return true;
  }
  return false;
}

export type EvidenceCheck =
  | { ok: true; kind: EvidenceKind; mime: string }
  | { ok: false; code: 'EVIDENCE_EMPTY' | 'EVIDENCE_TOO_LARGE' | 'EVIDENCE_TYPE'; message: string };

export function checkEvidenceFile(bytes: Uint8Array, filename: string, maxBytes: number): EvidenceCheck {
  if (bytes.length === 0) return { ok: false, code: 'EVIDENCE_EMPTY', message: `文件“${filename}”是空文件` };
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      code: 'EVIDENCE_TOO_LARGE',
      message: `文件“${filename}”大小为 ${(bytes.length / 1048576).toFixed(1)} MB，超过 ${(maxBytes / 1048576).toFixed(0)} MB 的上限`,
    };
  }
  let kind: EvidenceKind | null = null;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) kind = 'jpeg';
  else if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) kind = 'png';
  else if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) kind = 'gif';
  else if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) kind = 'webp';
  else if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) kind = 'pdf';
  else if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // Office Open XML: a zip whose entry names say which application wrote it.
    if (containsAscii(bytes, 'word/')) kind = 'docx';
    else if (containsAscii(bytes, 'xl/')) kind = 'xlsx';
  }
  if (!kind) {
    return {
      ok: false,
      code: 'EVIDENCE_TYPE',
      message: `文件“${filename}”的类型不受支持，只接受${EVIDENCE_ACCEPTED_TEXT}`,
    };
  }
  return { ok: true, kind, mime: EVIDENCE_MIME[kind] };
}
