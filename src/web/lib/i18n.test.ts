import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MESSAGES, type MessageKey, tableProblems } from '../../domain/messages.ts';
import { setLang, t, tm, webMessageTable } from './i18n.ts';

describe('the web’s message table and the shared server table', () => {
  it('has every key of the web table in both languages, none empty, with the same placeholders', () => {
    assert.deepEqual(tableProblems(webMessageTable()), []);
  });

  it('has every key of the shared server table in both languages, none empty, with the same placeholders', () => {
    assert.deepEqual(tableProblems(MESSAGES), []);
  });

  it('keeps the two tables apart: no key is in both', () => {
    const web = new Set(Object.keys(webMessageTable()));
    assert.deepEqual(
      Object.keys(MESSAGES).filter((k) => web.has(k)),
      [],
    );
  });

  it('renders the web’s keys and the server’s through t(), and a server message through tm(), in both languages', () => {
    setLang('en');
    try {
      assert.equal(t('nav.week'), 'This week');
      assert.equal(t('progress.units', { done: 10, assigned: 10 }), 'Done 10/10 organisations');
      assert.equal(
        tm(
          { key: 'notice.assigned.title', params: { task: '发展壮大村级集体经济' } },
          '收到新任务：发展壮大村级集体经济',
        ),
        'New task: 发展壮大村级集体经济',
      );
      // No key, or one this build does not know: the Chinese text the server sent.
      assert.equal(tm(null, '消息'), '消息');
      assert.equal(tm({ key: 'err.not.in.this.build' }, '旧的消息'), '旧的消息');
      for (const key of Object.keys(MESSAGES) as MessageKey[]) assert.notEqual(t(key), key, key);
    } finally {
      setLang('zh-CN');
    }
    assert.equal(t('progress.units', { done: 10, assigned: 10 }), '完成 10/10 个单位');
  });
});
