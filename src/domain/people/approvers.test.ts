import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import {
  type ApproverFacts,
  checkApprover,
  checkAuthorityGrant,
  eligibleApprovers,
  isStrictlyBelow,
} from './approvers.ts';

const RULES = ruleSetOn('2026-06-01');
const county: ApproverFacts = {
  id: 1,
  name: '某县委',
  path: '1',
  type: 'committee',
  active: true,
  approvalAuthority: true,
  temporary: false,
  unitLevel: null,
};
const town: ApproverFacts = { ...county, id: 2, name: '某镇党委', path: '1.2', approvalAuthority: true };
const village: ApproverFacts = {
  ...county,
  id: 3,
  name: '某村党委',
  path: '1.2.3',
  approvalAuthority: false,
  unitLevel: 'village',
};
const BRANCH = '1.2.3.4';

describe('approvers on the tree (发展党员工作细则: 审批权限)', () => {
  it('a base committee or working committee may hold the authority', () => {
    assert.equal(checkAuthorityGrant(town, RULES).ok, true);
    assert.equal(checkAuthorityGrant({ ...town, type: 'working_committee' }, RULES).ok, true);
  });

  it('a general branch, a branch or a group may not', () => {
    for (const type of ['general_branch', 'branch', 'joint_branch', 'group'] as const) {
      const r = checkAuthorityGrant({ ...town, type }, RULES);
      assert.equal(r.ok, false, type);
      if (!r.ok) assert.equal(r.code, 'approverGrantType');
    }
  });

  it('village and community committees and temporary organisations never hold it [C]', () => {
    for (const o of [village, { ...town, unitLevel: 'community' as const }, { ...town, temporary: true }]) {
      const r = checkAuthorityGrant(o, RULES);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.code, 'approverGrantExcluded');
        assert.equal(r.rule.tag, 'C');
        assert.match(r.message, /不能具有审批发展党员的权限/);
      }
    }
  });

  it('an approving step needs an active organisation strictly above the branch holding the authority', () => {
    assert.equal(checkApprover('approval', town, BRANCH, RULES).ok, true);
    const self = checkApprover('approval', { ...town, path: BRANCH }, BRANCH, RULES);
    assert.equal(self.ok ? '' : self.code, 'approverNotAbove');
    const sideways = checkApprover('approval', { ...town, path: '1.9' }, BRANCH, RULES);
    assert.equal(sideways.ok ? '' : sideways.code, 'approverNotAbove');
    const gone = checkApprover('approval', { ...town, active: false }, BRANCH, RULES);
    assert.equal(gone.ok ? '' : gone.code, 'approverDissolved');
    const none = checkApprover('approval', { ...town, approvalAuthority: false }, BRANCH, RULES);
    assert.equal(none.ok ? '' : none.code, 'approverNoAuthority');
  });

  it('a village committee cannot approve even when the data says it holds the authority', () => {
    const r = checkApprover('full_approval', { ...village, approvalAuthority: true }, BRANCH, RULES);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, 'approverExcluded');
      assert.match(r.message, /村级党组织/);
      assert.match(r.message, /发展党员工作细则/);
    }
    const temp = checkApprover('pre_review', { ...town, temporary: true }, BRANCH, RULES);
    assert.equal(temp.ok ? '' : temp.code, 'approverExcluded');
  });

  it('filings go to any active organisation above; the branch decides its own votes', () => {
    assert.equal(checkApprover('activist_filed', village, BRANCH, RULES).ok, true);
    assert.equal(checkApprover('approval_filed', county, BRANCH, RULES).ok, true);
    assert.equal(checkApprover('branch_vote', { ...village, path: '9' }, BRANCH, RULES).ok, true);
  });

  it('the eligible approvers come nearest first, skipping those without the authority', () => {
    const all = eligibleApprovers('approval', [county, town, village], BRANCH, RULES);
    assert.deepEqual(
      all.map((o) => o.name),
      ['某镇党委', '某县委'],
    );
    const filing = eligibleApprovers('candidate_filed', [county, town, village], BRANCH, RULES);
    assert.deepEqual(
      filing.map((o) => o.name),
      ['某村党委', '某镇党委', '某县委'],
    );
    assert.deepEqual(eligibleApprovers('approval', [village], BRANCH, RULES), []);
  });

  it('paths compare by whole ids, not by prefix of digits', () => {
    assert.equal(isStrictlyBelow('1.23', '1.2'), false);
    assert.equal(isStrictlyBelow('1.2.3', '1.2'), true);
    assert.equal(isStrictlyBelow('1.2', '1.2'), false);
  });
});
