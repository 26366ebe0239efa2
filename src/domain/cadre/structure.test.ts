import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ruleSetOn } from '../rules/ruleset.ts';
import { cadreLevelOf } from './levels.ts';
import { isPostRank, poolCategory, recordDatesValid } from './pool.ts';
import {
  ageGroupOf,
  isYoungCadre,
  reElectionPlan,
  structureFindings,
  type TeamMember,
  teamStructure,
} from './structure.ts';

const rules = ruleSetOn('2026-12-01');
const m = (birthDate: string | null, gender: 'male' | 'female' = 'male', extra: Partial<TeamMember> = {}) => ({
  gender,
  birthDate,
  education: null,
  ethnicity: null,
  termsBefore: 0,
  ...extra,
});

describe('cadre structure: 老中青 and young cadres on the birthday', () => {
  test('age groups at their edges (youngMax 40, middleMax 50)', () => {
    assert.equal(ageGroupOf(40, rules), 'young');
    assert.equal(ageGroupOf(41, rules), 'middle');
    assert.equal(ageGroupOf(50, rules), 'middle');
    assert.equal(ageGroupOf(51, rules), 'old');
  });

  test('a village young cadre is ≤ 35: 36 on the birthday itself is no longer young', () => {
    // born 1990-12-10: 35 until 2026-12-09, 36 from 2026-12-10
    assert.equal(isYoungCadre('1990-12-10', '2026-12-09', 'village', rules), true);
    assert.equal(isYoungCadre('1990-12-10', '2026-12-10', 'village', rules), false);
    assert.equal(isYoungCadre('1990-12-10', '2026-12-11', 'village', rules), false);
    // a committee's young cadre is ≤ 40: 41 from the birthday
    assert.equal(isYoungCadre('1985-12-10', '2026-12-09', 'committee', rules), true);
    assert.equal(isYoungCadre('1985-12-10', '2026-12-10', 'committee', rules), false);
    assert.equal(isYoungCadre('1985-12-10', '2026-12-11', 'committee', rules), false);
  });

  test('the gradient moves on the birthday: 40 the day before is young, 41 on the day is middle', () => {
    const before = teamStructure([m('1985-12-10')], '2025-12-09', 'committee', rules);
    const on = teamStructure([m('1985-12-10')], '2026-12-10', 'committee', rules);
    const after = teamStructure([m('1985-12-10')], '2026-12-11', 'committee', rules);
    assert.deepEqual(before.byGroup, { young: 1, middle: 0, old: 0 }); // 39
    assert.deepEqual(on.byGroup, { young: 0, middle: 1, old: 0 }); // 41 on the day
    assert.deepEqual(after.byGroup, { young: 0, middle: 1, old: 0 });
    assert.deepEqual(teamStructure([m('1985-12-11')], '2026-12-10', 'committee', rules).byGroup, {
      young: 1,
      middle: 0,
      old: 0,
    }); // 40 the day before the 41st birthday
  });

  test('counts, shares, mean age, education, ethnicity, returning; unknown ages left out of the mean', () => {
    const s = teamStructure(
      [
        m('1990-01-01', 'female', { education: 'bachelor', ethnicity: '汉族' }),
        m('1970-01-01', 'male', { education: 'bachelor', ethnicity: '回族', termsBefore: 2 }),
        m(null, 'male'),
      ],
      '2026-12-10',
      'committee',
      rules,
    );
    assert.equal(s.size, 3);
    assert.equal(s.unknownAge, 1);
    assert.equal(s.meanAge, (36 + 56) / 2);
    assert.deepEqual(s.byGroup, { young: 1, middle: 0, old: 1 });
    assert.equal(s.young, 1);
    assert.equal(s.youngShare, 1 / 3);
    assert.deepEqual([s.women, s.womenShare], [1, 1 / 3]);
    assert.deepEqual(s.byEducation, { bachelor: 2, unknown: 1 });
    assert.deepEqual(s.byEthnicity, { 汉族: 1, 回族: 1, unknown: 1 });
    assert.equal(s.returning, 1);
    assert.deepEqual(teamStructure([], '2026-12-10', 'committee', rules).youngShare, null);
  });

  test('findings at the limits: no woman, no young cadre, mean age exactly 50 within, above it outside', () => {
    const at = teamStructure([m('1976-12-10', 'female'), m('1990-01-01')], '2026-12-10', 'committee', rules);
    // ages 50 and 36: mean 43
    assert.deepEqual(structureFindings(at, rules), []);
    const fifty = teamStructure(
      [m('1976-12-10', 'female'), m('1976-12-10'), m('1990-01-01')],
      '2026-12-10',
      'committee',
      rules,
    );
    assert.equal(fifty.meanAge, (50 + 50 + 36) / 3);
    const limit = { ...fifty, meanAge: 50 };
    assert.deepEqual(structureFindings(limit, rules), []);
    assert.deepEqual(structureFindings({ ...fifty, meanAge: 50.01 }, rules), ['meanAgeHigh']);
    const men = teamStructure([m('1960-01-01'), m('1962-01-01')], '2026-12-10', 'committee', rules);
    assert.deepEqual(structureFindings(men, rules), ['noWoman', 'noYoung', 'meanAgeHigh']);
    assert.deepEqual(structureFindings(teamStructure([], '2026-12-10', 'village', rules), rules), []);
  });

  test('the 换届 plan from the term: remind 6 months, request 2 months before, ±1 year with approval', () => {
    assert.deepEqual(reElectionPlan('2027-06-30', rules), {
      remindOn: '2026-12-30',
      requestBy: '2027-04-30',
      dueOn: '2027-06-30',
      earliestOn: '2026-06-30',
      latestOn: '2028-06-30',
    });
  });

  test('levels, pool categories, ranks, record dates', () => {
    assert.equal(cadreLevelOf({ type: 'committee', unit_level: null }), 'committee');
    assert.equal(cadreLevelOf({ type: 'branch', unit_level: 'village' }), 'village');
    assert.equal(cadreLevelOf({ type: 'committee', unit_level: 'community' }), 'community');
    assert.equal(cadreLevelOf({ type: 'general_branch', unit_level: null }), 'branch');
    assert.equal(poolCategory('town_young', rules)?.zh, '乡镇（街道）年轻干部');
    assert.equal(poolCategory('nope', rules), undefined);
    assert.equal(isPostRank('副科级', rules), true);
    assert.equal(isPostRank('局长', rules), false);
    assert.equal(recordDatesValid('2026-01-01', '2026-01-01'), true);
    assert.equal(recordDatesValid('2026-01-02', '2026-01-01'), false);
    assert.equal(recordDatesValid('2026-01-02', null), true);
  });
});
