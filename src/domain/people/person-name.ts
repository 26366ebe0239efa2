import { type MessageText, type Msg, msg, zhOf } from '../messages.ts';
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
  | { ok: false; code: PersonNameCode; message: string; msg: Msg; rule: RuleRef };

function refuse(code: PersonNameCode, m: Msg): PersonNameResult {
  return { ok: false, code, message: zhOf(m), msg: m, rule: PERSON_NAME_RULE };
}

/** How a refused character is named in the message: itself when visible, else what kind of character it is. */
function describe(ch: string): MessageText {
  if (/[\p{Cc}\p{Cf}]/u.test(ch)) return { zh: '控制字符', en: 'a control character' };
  if (/\s/u.test(ch)) return { zh: '特殊空白字符', en: 'a special white-space character' };
  return { zh: `“${ch}”`, en: `“${ch}”` };
}

/** Checks and normalizes a person's name: the stored form, or why it cannot be stored. */
export function checkPersonName(raw: string): PersonNameResult {
  // Ordinary spaces (also the full-width one and no-break space) fold into one; other white space is refused below.
  const name = raw.replace(/[ \u3000\u00a0]+/g, ' ').trim();
  if (name === '') return refuse('NAME_EMPTY', msg('err.name.empty'));
  const length = [...name].length;
  if (length > PERSON_NAME_MAX)
    return refuse('NAME_TOO_LONG', msg('err.name.tooLong', { max: PERSON_NAME_MAX, length }));
  if (!ALLOWED.test(name)) {
    const bad = [...name].find((ch) => !ALLOWED.test(ch)) ?? '';
    return refuse('NAME_CHARACTERS', msg('err.name.characters', { char: describe(bad) }));
  }
  if (!LETTER.test(name)) return refuse('NAME_CHARACTERS', msg('err.name.noLetter'));
  if (DOTS.includes(name[0]!) || DOTS.includes(name[name.length - 1]!) || /[·•・‧] ?[·•・‧]/u.test(name)) {
    return refuse('NAME_SEPARATOR', msg('err.name.separator'));
  }
  return { ok: true, name };
}
