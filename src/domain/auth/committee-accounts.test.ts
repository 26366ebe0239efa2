import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CommitteeHolder, planCommitteeAccounts, usernameCandidates } from './committee-accounts.ts';

const holder = (over: Partial<CommitteeHolder>): CommitteeHolder => ({
  orgId: 1,
  orgCode: 'A1a',
  orgName: '甲一村党支部',
  personId: 10,
  personName: '李秀英',
  post: 'secretary',
  hasAccount: false,
  accountUsername: null,
  ...over,
});

describe('usernames of committee accounts', () => {
  test('the organisation code in lower case and the post in pinyin, then numbered variants', () => {
    const names = usernameCandidates('A1a', 'secretary');
    assert.deepEqual(names.slice(0, 3), ['a1a-shuji', 'a1a-shuji-2', 'a1a-shuji-3']);
    assert.equal(names.length, 9);
    assert.equal(usernameCandidates('A1a', 'organization')[0], 'a1a-zuzhi');
  });

  test('a code of 40 characters is cut so that every variant fits the 40 of a username', () => {
    const code = 'X'.repeat(40);
    for (const u of usernameCandidates(code, 'organization')) {
      assert.ok(u.length <= 40, u);
      assert.match(u, /^[A-Za-z0-9_.@-]{2,40}$/);
    }
    assert.equal(usernameCandidates(code, 'secretary').at(-1)!.length, 40);
  });

  test('the same code and post always give the same names', () => {
    assert.deepEqual(usernameCandidates('S1001-QU01', 'secretary'), usernameCandidates('S1001-QU01', 'secretary'));
  });
});

describe('planning committee accounts', () => {
  test('each holder without an account gets one with the 书记/委员 role and the first free name', () => {
    const plan = planCommitteeAccounts(
      [
        holder({}),
        holder({ personId: 11, personName: '王强', post: 'organization' }),
        holder({ orgId: 2, orgCode: 'a1A', orgName: '另一支部', personId: 12, personName: '周明' }),
      ],
      new Set(),
    );
    assert.deepEqual(
      plan.map((r) => [r.personName, r.action, r.username, r.action === 'create' ? r.role : r.reason]),
      [
        ['李秀英', 'create', 'a1a-shuji', 'secretary'],
        ['王强', 'create', 'a1a-zuzhi', 'secretary'],
        // Codes differing only in case: the second takes the next variant.
        ['周明', 'create', 'a1a-shuji-2', 'secretary'],
      ],
    );
  });

  test('someone with an account, or holding a second post, is skipped with the reason', () => {
    const plan = planCommitteeAccounts(
      [
        holder({ hasAccount: true, accountUsername: 'a-sec' }),
        holder({ personId: 11, post: 'organization', hasAccount: true, accountUsername: null }),
        holder({ orgId: 2, orgCode: 'B', personId: 12 }),
        holder({ orgId: 3, orgCode: 'C', personId: 12, post: 'organization' }),
      ],
      new Set(),
    );
    assert.deepEqual(
      plan.map((r) => [r.action, r.action === 'skip' ? r.reason : null, r.username]),
      [
        ['skip', 'has_account', 'a-sec'],
        ['skip', 'has_account', null],
        ['create', null, 'b-shuji'],
        ['skip', 'second_post', 'b-shuji'],
      ],
    );
  });

  test('names in use are passed over; when all are taken the holder is skipped', () => {
    const taken = new Set(usernameCandidates('A1a', 'secretary'));
    const plan = planCommitteeAccounts([holder({}), holder({ personId: 11, orgCode: 'B' })], taken);
    assert.deepEqual(
      plan.map((r) => [r.action, r.action === 'skip' ? r.reason : r.username]),
      [
        ['skip', 'no_username'],
        ['create', 'b-shuji'],
      ],
    );
    const some = planCommitteeAccounts([holder({})], new Set(['a1a-shuji', 'a1a-shuji-2']));
    assert.equal(some[0]!.username, 'a1a-shuji-3');
  });
});
