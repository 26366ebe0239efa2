import type { RuleRef } from '../rules/ruleset.ts';

/**
 * A person's name as the platform stores it (every form, import and API that writes one runs this): trimmed, runs of
 * spaces folded to one, 1–PERSON_NAME_MAX characters of letters (汉字 and other scripts), the middle dots of
 * transliterated minority and foreign names (阿依古丽·买买提) and spaces — nothing else, so that no markup
 * (< > & " ' `) or control character reaches a page, an export or a document.
 */
export const PERSON_NAME_MAX = 50;

export const PERSON_NAME_RULE: RuleRef = {
  source: '落实平台规则（默认值）：姓名只可含汉字、字母、间隔号和空格',
  article: null,
  confidence: 'S',
};

/** The separators a name may hold between its parts: 间隔号 as typed on Chinese and other keyboards, and a space. */
const DOTS = '·•・‧';
const ALLOWED = new RegExp(`^[\\p{L}\\p{M}${DOTS} ]+$`, 'u');
const LETTER = /[\p{L}]/u;

export type PersonNameCode = 'NAME_EMPTY' | 'NAME_TOO_LONG' | 'NAME_CHARACTERS' | 'NAME_SEPARATOR';

export type PersonNameResult =
  | { ok: true; name: string }
  | { ok: false; code: PersonNameCode; message: string; rule: RuleRef };

function refuse(code: PersonNameCode, message: string): PersonNameResult {
  return { ok: false, code, message, rule: PERSON_NAME_RULE };
}

/** How a refused character is named in the message: itself when visible, else what kind of character it is. */
function describe(ch: string): string {
  if (/[\p{Cc}\p{Cf}]/u.test(ch)) return '控制字符';
  if (/\s/u.test(ch)) return '特殊空白字符';
  return `“${ch}”`;
}

/** Checks and normalizes a person's name: the stored form, or why it cannot be stored. */
export function checkPersonName(raw: string): PersonNameResult {
  // Ordinary spaces (also the full-width one and no-break space) fold into one; other white space is refused below.
  const name = raw.replace(/[ \u3000\u00a0]+/g, ' ').trim();
  if (name === '') return refuse('NAME_EMPTY', '请填写姓名');
  const length = [...name].length;
  if (length > PERSON_NAME_MAX) return refuse('NAME_TOO_LONG', `姓名不能超过${PERSON_NAME_MAX}个字（现有${length}个）`);
  if (!ALLOWED.test(name)) {
    const bad = [...name].find((ch) => !ALLOWED.test(ch)) ?? '';
    return refuse('NAME_CHARACTERS', `姓名不能含有${describe(bad)}：只可填写汉字、字母、间隔号“·”和空格`);
  }
  if (!LETTER.test(name)) return refuse('NAME_CHARACTERS', '姓名须含有汉字或字母');
  if (DOTS.includes(name[0]!) || DOTS.includes(name[name.length - 1]!) || /[·•・‧] ?[·•・‧]/u.test(name)) {
    return refuse('NAME_SEPARATOR', '间隔号“·”只能用在姓名的两部分之间');
  }
  return { ok: true, name };
}
