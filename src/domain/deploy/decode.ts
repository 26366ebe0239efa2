export type TextEncodingName = 'utf-8' | 'gb18030';

/**
 * Decodes the bytes of an uploaded .txt file. Chinese offices still save plain text as GB18030 (GBK) as often
 * as UTF-8, so valid UTF-8 (with or without a BOM) is read as UTF-8 and anything else as GB18030, which
 * accepts every byte sequence. A UTF-8 sequence cut off at the very end still counts as UTF-8, because
 * truncated downloads are common and GB18030 would turn the whole text into mojibake.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncodingName } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (hasBom || isUtf8(body)) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8' };
  }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
}

/** True when the bytes are well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, ≤ U+10FFFF). */
export function isUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  let sawMultibyte = false;
  while (i < n) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return false;
    for (let k = 1; k <= need; k++) {
      // Cut off by the end of the file: UTF-8 if it already held a complete multi-byte character.
      if (i + k >= n) return sawMultibyte;
      const c = bytes[i + k] ?? 0;
      const min = k === 1 ? lo : 0x80;
      const max = k === 1 ? hi : 0xbf;
      if (c < min || c > max) return false;
    }
    i += need + 1;
    sawMultibyte = true;
  }
  return true;
}
