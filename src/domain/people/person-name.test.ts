import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPersonName, PERSON_NAME_MAX } from './person-name.ts';

describe('person names', () => {
  const accepted: [string, string][] = [
    ['张海生', '张海生'],
    ['  李秀英 ', '李秀英'],
    ['阿依古丽·买买提', '阿依古丽·买买提'],
    ['阿依古丽•买买提', '阿依古丽•买买提'],
    ['阿依古丽・买买提', '阿依古丽・买买提'],
    ['次仁 多吉', '次仁 多吉'],
    ['次仁\u3000\u3000多吉', '次仁 多吉'],
    ['Maria  Müller', 'Maria Müller'],
    ['欧阳娜娜', '欧阳娜娜'],
    ['王', '王'],
    ['啊'.repeat(PERSON_NAME_MAX), '啊'.repeat(PERSON_NAME_MAX)],
  ];
  for (const [raw, stored] of accepted) {
    test(`accepts ${JSON.stringify(raw)} as ${JSON.stringify(stored)}`, () => {
      assert.deepEqual(checkPersonName(raw), { ok: true, name: stored });
    });
  }

  const refused: [string, string, RegExp][] = [
    ['', 'NAME_EMPTY', /请填写姓名/],
    ['   ', 'NAME_EMPTY', /请填写姓名/],
    ['啊'.repeat(PERSON_NAME_MAX + 1), 'NAME_TOO_LONG', /不能超过50个字（现有51个）/],
    ['<script>', 'NAME_CHARACTERS', /不能含有“<”/],
    ['张三>', 'NAME_CHARACTERS', /不能含有“>”/],
    ['张&三', 'NAME_CHARACTERS', /“&”/],
    ['张"三', 'NAME_CHARACTERS', /“"”/],
    ["张'三", 'NAME_CHARACTERS', /“'”/],
    ['张`三', 'NAME_CHARACTERS', /“`”/],
    ['张\u0000三', 'NAME_CHARACTERS', /控制字符/],
    ['张\n三', 'NAME_CHARACTERS', /控制字符/],
    ['张\u200b三', 'NAME_CHARACTERS', /控制字符/],
    ['张\u202e三', 'NAME_CHARACTERS', /控制字符/],
    ['张三1', 'NAME_CHARACTERS', /“1”/],
    ['张三（示例）', 'NAME_CHARACTERS', /“（”/],
    ['·', 'NAME_CHARACTERS', /须含有汉字或字母/],
    ['·买买提', 'NAME_SEPARATOR', /间隔号/],
    ['阿依古丽·', 'NAME_SEPARATOR', /间隔号/],
    ['阿依古丽··买买提', 'NAME_SEPARATOR', /间隔号/],
  ];
  for (const [raw, code, message] of refused) {
    test(`refuses ${JSON.stringify(raw)} (${code})`, () => {
      const r = checkPersonName(raw);
      assert.equal(r.ok, false);
      if (r.ok) return;
      assert.equal(r.code, code);
      assert.match(r.message, message);
      assert.match(r.rule.source, /平台规则/);
    });
  }
});
