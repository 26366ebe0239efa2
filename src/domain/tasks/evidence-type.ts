/**
 * Evidence files (台账佐证材料): which kinds are accepted, told by their bytes rather than by the name or
 * the browser's claim. Platform rule: images, PDF, Word (.docx) and Excel (.xlsx), up to a size limit.
 */
import { type MessageText, type Msg, msg, zhOf } from '../messages.ts';

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

export const EVIDENCE_ACCEPTED: MessageText = {
  zh: '图片（JPG、PNG、GIF、WebP）、PDF、Word（.docx）、Excel（.xlsx）',
  en: 'images (JPG, PNG, GIF, WebP), PDF, Word (.docx), Excel (.xlsx)',
};
export const EVIDENCE_ACCEPTED_TEXT = EVIDENCE_ACCEPTED.zh;

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
  | { ok: false; code: 'EVIDENCE_EMPTY' | 'EVIDENCE_TOO_LARGE' | 'EVIDENCE_TYPE'; message: string; msg: Msg };

function refuse(code: 'EVIDENCE_EMPTY' | 'EVIDENCE_TOO_LARGE' | 'EVIDENCE_TYPE', m: Msg): EvidenceCheck {
  return { ok: false, code, message: zhOf(m), msg: m };
}

export function checkEvidenceFile(bytes: Uint8Array, filename: string, maxBytes: number): EvidenceCheck {
  if (bytes.length === 0) return refuse('EVIDENCE_EMPTY', msg('rule.evidence.empty', { file: filename }));
  if (bytes.length > maxBytes) {
    return refuse(
      'EVIDENCE_TOO_LARGE',
      msg('rule.evidence.tooLarge', {
        file: filename,
        size: (bytes.length / 1048576).toFixed(1),
        max: (maxBytes / 1048576).toFixed(0),
      }),
    );
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
    return refuse('EVIDENCE_TYPE', msg('rule.evidence.type', { file: filename, accepted: EVIDENCE_ACCEPTED }));
  }
  return { ok: true, kind, mime: EVIDENCE_MIME[kind] };
}
