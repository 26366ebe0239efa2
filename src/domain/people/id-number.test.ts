import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMessage } from '../messages.ts';
import { checkDigitOf, checkIdNumber, maskIdNumber } from './id-number.ts';

// Test numbers use region 339901: a valid province code (33) with an unallocated prefecture, so no real person.
const TODAY = '2026-11-23';
const withCheck = (first17: string): string => first17 + checkDigitOf(first17);
const build = (birth: string, seq = '001'): string => withCheck(`339901${birth}${seq}`);

test('checkDigitOf weighs the 17 digits mod 11 into 10X98765432', () => {
  // 3·7+3·9+9·10+9·5+0·8+1·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2 = 268; 268 mod 11 = 4 → '8'
  assert.equal(checkDigitOf('33990119900101001'), '8');
  assert.equal(checkDigitOf('33990119851231107'), 'X');
  assert.throws(() => checkDigitOf('3399011990010100'), RangeError);
  assert.throws(() => checkDigitOf('3399011990010100A'), RangeError);
});

test('accepts a well-formed number and reads birth date, gender and region from it', () => {
  assert.deepEqual(checkIdNumber('339901199001010018', TODAY), {
    ok: true,
    normalized: '339901199001010018',
    birthDate: '1990-01-01',
    gender: 'male',
    regionCode: '339901',
  });
  const female = checkIdNumber(build('19900101', '002'), TODAY);
  assert.equal(female.ok && female.gender, 'female');
});

test('normalises spaces, a lowercase x and full-width characters', () => {
  const cases: [string, string][] = [
    ['  33990119851231107X ', '33990119851231107X'],
    ['33990119851231107x', '33990119851231107X'],
    ['３３９９０１１９９００１０１００１８', '339901199001010018'],
  ];
  for (const [raw, normalized] of cases) {
    const r = checkIdNumber(raw, TODAY);
    assert.equal(r.ok && r.normalized, normalized, raw);
  }
  const x = checkIdNumber('33990119851231107x', TODAY);
  assert.equal(x.ok && x.gender, 'male');
});

test('refuses a number with a wrong check character without naming the character to type', () => {
  const zh = '校验位错误：号码中有录错的数字，请对照身份证逐位核对后重新填写';
  const en = 'wrong check digit: a digit was mistyped; compare the number with the ID card digit by digit';
  for (const raw of ['339901199001010019', '339901199001010010', '339901198512311070', '33990119900101001X']) {
    const r = checkIdNumber(raw, TODAY);
    assert.ok(!r.ok, raw);
    assert.deepEqual({ code: r.code, message: r.message }, { code: 'ID_CHECK_DIGIT', message: zh }, raw);
    assert.equal(renderMessage(r.msg, 'en'), en);
    // Neither language names the expected character (8, 8, X, 8): typing it in would make a wrong number pass.
    assert.doesNotMatch(`${r.message} ${renderMessage(r.msg, 'en')}`, /应为|should be/);
  }
});

test('refuses empty input, the wrong length and non-digits', () => {
  const cases: [string, string][] = [
    ['', 'ID_EMPTY'],
    ['   ', 'ID_EMPTY'],
    ['33990119900101001', 'ID_LENGTH'],
    ['3399011990010100188', 'ID_LENGTH'],
    ['339901900101001', 'ID_LENGTH'],
    ['3399011990O1010018', 'ID_FORMAT'],
    ['X39901199001010018', 'ID_FORMAT'],
    ['33990119900101001Y', 'ID_FORMAT'],
  ];
  for (const [raw, code] of cases) {
    const r = checkIdNumber(raw, TODAY);
    assert.equal(r.ok ? 'ok' : r.code, code, raw);
  }
  const short = checkIdNumber('33990119900101001', TODAY);
  assert.equal(!short.ok && short.message, '应为18位（当前17位）');
});

test('refuses a number whose first two digits are not a province code', () => {
  const cases: [string, boolean][] = [
    ['10', false],
    ['11', true],
    ['15', true],
    ['16', false],
    ['20', false],
    ['46', true],
    ['47', false],
    ['54', true],
    ['55', false],
    ['65', true],
    ['66', false],
    ['71', true],
    ['72', false],
    ['81', true],
    ['82', true],
    ['83', false],
    ['91', false],
  ];
  for (const [province, valid] of cases) {
    const r = checkIdNumber(withCheck(`${province}990119900101001`), TODAY);
    assert.equal(r.ok ? 'ok' : r.code, valid ? 'ok' : 'ID_REGION', province);
  }
});

test('refuses a birth date that is not a real day, is after today or before 1900', () => {
  const cases: [string, string][] = [
    ['20000229', 'ok'],
    ['20240229', 'ok'],
    ['19000229', 'ID_BIRTH_DATE'],
    ['20230229', 'ID_BIRTH_DATE'],
    ['19901301', 'ID_BIRTH_DATE'],
    ['19900431', 'ID_BIRTH_DATE'],
    ['19900100', 'ID_BIRTH_DATE'],
    ['18991231', 'ID_BIRTH_DATE'],
    ['19000101', 'ok'],
    ['20261122', 'ok'],
    ['20261123', 'ok'],
    ['20261124', 'ID_BIRTH_DATE'],
  ];
  for (const [birth, expected] of cases) {
    const r = checkIdNumber(build(birth), TODAY);
    assert.equal(r.ok ? 'ok' : r.code, expected, birth);
  }
  const leap = checkIdNumber(build('20000229'), TODAY);
  assert.equal(leap.ok && leap.birthDate, '2000-02-29');
});

test('masks an identity number for display', () => {
  const cases: [string, string][] = [
    ['339901199001010018', '339901********001*'],
    ['33990119851231107X', '339901********107*'],
    ['339901900101001', '33***********01'],
    ['12345', '12*45'],
    ['1234', '****'],
    ['', ''],
  ];
  for (const [id, masked] of cases) assert.equal(maskIdNumber(id), masked, id);
});
