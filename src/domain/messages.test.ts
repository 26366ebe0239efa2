import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyOfChinese, MESSAGES, type MessageText, msg, renderMessage, tableProblems, zhOf } from './messages.ts';

describe('the shared table of server-made text', () => {
  it('has every key in both languages, none empty, with the same placeholders', () => {
    assert.deepEqual(tableProblems(MESSAGES), []);
  });

  it('finds a missing language, an empty text and a placeholder that differs (the check itself)', () => {
    const broken = {
      'a.empty': { zh: '', en: 'x' },
      'a.missing': { zh: '文字' } as unknown as MessageText,
      'a.placeholders': { zh: '完成 {done}/{total}', en: 'Done {done}/{all}' },
      'a.fine': { zh: '完成 {n}', en: 'Done {n}' },
    };
    assert.deepEqual(tableProblems(broken), [
      'a.empty: zh is missing or empty',
      'a.missing: en is missing or empty',
      'a.placeholders: placeholders differ (zh {done,total}, en {all,done})',
    ]);
  });

  it('names keys in lowercase dotted segments, apart from the web’s prefixes', () => {
    for (const key of Object.keys(MESSAGES)) assert.match(key, /^(err|val|schema|progress|notice|rule|label)\.[\w.]+$/);
  });

  it('renders parameters: text, numbers, vocabulary labels, nested messages and lists, in either language', () => {
    const m = msg('val.failed', {
      issues: [
        msg('val.issue', {
          field: msg('val.where', { part: msg('val.part.body'), path: 'orgId' }),
          problem: msg('val.required'),
        }),
        msg('val.issue', { field: 'title', problem: msg('val.tooBig.string', { max: 300 }) }),
      ],
    });
    assert.equal(zhOf(m), '请求参数有误：请求内容 orgId：必须填写；title：不能超过 300 个字');
    assert.equal(
      renderMessage(m, 'en'),
      'Invalid request: body orgId: is required; title: must be at most 300 characters',
    );
    const wrongSide = msg('rule.transition.wrongSide', {
      event: { zh: '验收通过', en: 'Accept' },
      side: { zh: '交办方', en: 'Assigner' },
    });
    assert.equal(zhOf(wrongSide), '“验收通过”只能由交办方操作');
    assert.equal(renderMessage(wrongSide, 'en'), '“Accept” is for the Assigner only');
    assert.equal(renderMessage(msg('val.unknownKeys', { keys: ['a', 'b'] }), 'zh'), '含有不认识的字段：a、b');
    assert.equal(renderMessage(msg('val.unknownKeys', { keys: ['a', 'b'] }), 'en'), 'has unknown fields: a, b');
  });

  it('renders what came over the wire: an unknown key as itself, a missing parameter as its placeholder', () => {
    assert.equal(renderMessage({ key: 'no.such.key' }, 'en'), 'no.such.key');
    assert.equal(
      renderMessage({ key: 'progress.units', params: { done: 1 } }, 'en'),
      'Done 1/{assigned} organisations',
    );
  });

  it('finds the key of a message a schema states in Chinese, and nothing for other text', () => {
    assert.equal(keyOfChinese('任务名称不能为空'), 'schema.taskTitleRequired');
    assert.equal(keyOfChinese('完全不在表里的一句话'), null);
  });
});
