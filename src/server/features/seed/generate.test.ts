import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { addYearsIso, compareIso } from '../../../domain/dates.ts';
import { checkOrgSetup, type OrgFindingCode } from '../../../domain/org/setup-rules.ts';
import { canBeChildOf, type OrgType } from '../../../domain/org/vocab.ts';
import { ageOn } from '../../../domain/people/age.ts';
import { checkIdNumber } from '../../../domain/people/id-number.ts';
import { checkMemberRecord } from '../../../domain/people/member-rules.ts';
import { nameKeys } from '../../../domain/people/name-keys.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { generateCity } from './generate.ts';
import type { GeneratedCity, GeneratedOrg, GeneratedPerson } from './generate-types.ts';

const TODAY = '2026-11-23';
const rules = ruleSetOn(TODAY);
const district = generateCity('district', { today: TODAY, firstOrgId: 1, firstPersonId: 1 });
const people: GeneratedPerson[] = [...district.people()];
const byId = new Map(district.orgs.map((o) => [o.id, o]));

function fingerprint(city: GeneratedCity): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(city.orgs));
  for (const p of city.people()) h.update(JSON.stringify(p));
  for (const p of city.positions()) h.update(JSON.stringify(p));
  h.update(JSON.stringify(city.accounts));
  return h.digest('hex');
}

const within = (actual: number, target: number, tolerance = 0.15): boolean =>
  actual >= target * (1 - tolerance) && actual <= target * (1 + tolerance);

describe('generateCity: shape and determinism', () => {
  test('the same options give the same organisations, people, positions and accounts', () => {
    const again = generateCity('district', { today: TODAY, firstOrgId: 1, firstPersonId: 1 });
    assert.equal(fingerprint(again), fingerprint(district));
    // people() can be iterated more than once with the same result
    assert.deepEqual([...district.people()].slice(0, 50), people.slice(0, 50));
  });

  test('the district profile has about 500 organisations and 20,000 people (±15%)', () => {
    assert.ok(within(district.orgs.length, 500), `orgs ${district.orgs.length}`);
    assert.ok(within(district.personCount, 20_000), `people ${district.personCount}`);
    assert.equal(people.length, district.personCount);
  });

  test('the city and province profiles hit their scale targets (structure only)', () => {
    const city = generateCity('city', { today: TODAY, firstOrgId: 1, firstPersonId: 1 });
    assert.ok(within(city.orgs.length, 15_000), `city orgs ${city.orgs.length}`);
    assert.ok(within(city.personCount, 600_000), `city people ${city.personCount}`);
    const province = generateCity('province', { today: TODAY, firstOrgId: 1, firstPersonId: 1 });
    assert.ok(within(province.orgs.length, 300_000), `province orgs ${province.orgs.length}`);
    assert.ok(within(province.personCount, 6_000_000), `province people ${province.personCount}`);
    assert.equal(province.root.name, '青岚省委');
  });

  test('ids run from firstOrgId/firstPersonId; every path is the parent path plus the id', () => {
    for (const [i, o] of district.orgs.entries()) assert.equal(o.id, 1 + i);
    for (const [i, p] of people.entries()) assert.equal(p.id, 1 + i);
    for (const o of district.orgs) {
      if (o.parentId === null) {
        assert.equal(o.path, String(o.id));
        continue;
      }
      const parent = byId.get(o.parentId);
      assert.ok(parent && parent.id < o.id, `parent of ${o.id} comes first`);
      assert.equal(o.path, `${parent.path}.${o.id}`);
    }
  });

  test('region_id is the id of the root’s child on the path (the root’s own id for the root)', () => {
    for (const o of district.orgs) {
      const ids = o.path.split('.').map(Number);
      assert.equal(o.regionId, ids[1] ?? ids[0], o.path);
    }
    for (const p of people) assert.equal(p.regionId, byId.get(p.orgId)?.regionId);
  });

  test('there is exactly one root, and every child type is allowed under its parent (党小组 only under branches)', () => {
    assert.equal(district.orgs.filter((o) => o.parentId === null).length, 1);
    for (const o of district.orgs) {
      if (o.parentId === null) continue;
      const parent = byId.get(o.parentId)!;
      assert.ok(canBeChildOf(parent.type as OrgType, o.type), `${parent.type} → ${o.type} (${o.name})`);
      if (o.type === 'group') assert.ok(parent.type === 'branch' || parent.type === 'joint_branch');
    }
    const types = new Set(district.orgs.map((o) => o.type));
    for (const t of ['committee', 'working_committee', 'general_branch', 'branch', 'joint_branch', 'group']) {
      assert.ok(types.has(t as OrgType), `has a ${t}`);
    }
  });

  test('codes are unique and valid; names fit the column; people only on organisations with a roll', () => {
    const codes = new Set(district.orgs.map((o) => o.code));
    assert.equal(codes.size, district.orgs.length);
    for (const o of district.orgs) {
      assert.match(o.code, /^[A-Za-z0-9_-]{1,40}$/);
      assert.ok(o.name.length >= 1 && o.name.length <= 100);
    }
    for (const p of people) assert.ok(byId.get(p.orgId)!.rollSize > 0);
  });

  test('with offsets and a prefix, ids, codes, usernames and ID-number counties move along', () => {
    const moved = generateCity('district', {
      today: TODAY,
      firstOrgId: 1001,
      firstPersonId: 50_001,
      codePrefix: 'S1001-',
      idNumberCounty: 1,
    });
    assert.equal(moved.orgs.length, district.orgs.length);
    assert.equal(moved.root.id, 1001);
    assert.equal(moved.root.path, '1001');
    assert.ok(moved.orgs.every((o) => o.code.startsWith('S1001-')));
    assert.ok(moved.accounts.every((a) => a.username.startsWith('s1001-')));
    const first = moved.people().next().value as GeneratedPerson;
    assert.equal(first.id, 50_001);
    assert.equal(first.idNumber.slice(0, 6), '339901');
  });
});

describe('generateCity: member records', () => {
  test('name_pinyin and name_initials are what nameKeys gives for the name', () => {
    for (const p of people)
      assert.deepEqual({ pinyin: p.namePinyin, initials: p.nameInitials }, nameKeys(p.name), p.name);
  });

  test('every ID number is valid (GB 11643), unique, of the fictional prefix 3399, and agrees with birth date and sex', () => {
    const seen = new Set<string>();
    for (const p of people) {
      const id = checkIdNumber(p.idNumber, TODAY);
      assert.ok(id.ok, `${p.idNumber}: ${id.ok ? '' : id.message}`);
      assert.equal(id.birthDate, p.birthDate);
      assert.equal(id.gender, p.gender);
      assert.ok(p.idNumber.startsWith('3399'));
      assert.ok(!seen.has(p.idNumber), `duplicate ${p.idNumber}`);
      seen.add(p.idNumber);
    }
  });

  test('every record passes the member-record rules; joined at 18 or older, full member one year after joining', () => {
    for (const p of people) {
      const problems = checkMemberRecord(p, TODAY, rules);
      assert.deepEqual(problems, [], `${p.id} ${p.name} ${p.status}`);
      assert.ok(ageOn(p.birthDate, TODAY) >= 18);
      assert.equal(p.phone, null);
      if (p.joinDate !== null) {
        assert.ok(ageOn(p.birthDate, p.joinDate) >= 18, `${p.id} joined at ${ageOn(p.birthDate, p.joinDate)}`);
        assert.ok(p.appliedOn !== null && compareIso(p.appliedOn, p.joinDate) < 0);
      }
      if (p.status === 'full' || p.status === 'transferred_out' || p.status === 'deceased') {
        assert.equal(p.fullDate, addYearsIso(p.joinDate!, 1));
        assert.ok(compareIso(p.fullDate!, TODAY) <= 0);
      } else if (p.status === 'probationary') {
        assert.equal(p.fullDate, null);
        assert.ok(
          compareIso(p.joinDate!, addYearsIso(TODAY, -1)) > 0,
          'a probationary member joined within the last year',
        );
      } else {
        assert.equal(p.joinDate, null);
        assert.equal(p.fullDate, null);
        assert.ok(p.appliedOn !== null);
      }
    }
  });

  test('the make-up follows the national statistics (women, minorities, education, age) and the status mix', () => {
    const members = people.filter((p) => p.status === 'full' || p.status === 'probationary');
    const share = (pred: (p: GeneratedPerson) => boolean, of: GeneratedPerson[] = members) =>
      of.filter(pred).length / of.length;
    const near = (actual: number, target: number, slack: number, what: string) =>
      assert.ok(Math.abs(actual - target) <= slack, `${what}: ${(actual * 100).toFixed(1)}%`);
    near(
      share((p) => p.gender === 'female'),
      0.309,
      0.03,
      'women',
    );
    near(
      share((p) => p.ethnicity !== '汉族'),
      0.077,
      0.015,
      'minorities',
    );
    near(
      share((p) => ['postgraduate', 'bachelor', 'college'].includes(p.education)),
      0.576,
      0.04,
      'junior college or above',
    );
    near(
      share((p) => ageOn(p.birthDate, TODAY) <= 30),
      0.122,
      0.03,
      'aged 30 or under',
    );
    near(
      share((p) => ageOn(p.birthDate, TODAY) >= 61),
      0.289,
      0.03,
      'aged 61 or over',
    );
    near(
      share((p) => p.status === 'full', people),
      0.88,
      0.03,
      'full members',
    );
    near(
      share((p) => p.isFloating),
      0.04,
      0.015,
      'floating',
    );
    assert.ok(
      share(
        (p) => p.isRetired,
        members.filter((p) => ageOn(p.birthDate, TODAY) >= 61),
      ) > 0.8,
      'most over 60 are retired',
    );
    for (const s of ['probationary', 'candidate', 'activist', 'applicant', 'transferred_out', 'deceased']) {
      assert.ok(
        people.some((p) => p.status === s),
        `has ${s}`,
      );
    }
  });
});

describe('generateCity: committees, terms and accounts', () => {
  const positions = [...district.positions()];
  const peopleById = new Map(people.map((p) => [p.id, p]));
  const inSubtree = (org: GeneratedOrg, personId: number) => {
    const holder = byId.get(peopleById.get(personId)!.orgId)!;
    return holder.path === org.path || holder.path.startsWith(`${org.path}.`);
  };

  test('every organisation but a 党小组 has one secretary; office-holders are full members of it or of its branches', () => {
    assert.equal(positions.length, district.positionCount);
    for (const o of district.orgs) {
      const own = positions.filter((p) => p.orgId === o.id);
      if (o.type === 'group') {
        assert.equal(own.length, 0);
        continue;
      }
      assert.equal(own.filter((p) => p.title === 'secretary').length, 1, o.name);
      assert.equal(new Set(own.map((p) => p.personId)).size, own.length, `distinct holders in ${o.name}`);
      for (const p of own) {
        const person = peopleById.get(p.personId)!;
        assert.equal(person.status, 'full');
        assert.ok(o.rollSize > 0 ? person.orgId === o.id : inSubtree(o, p.personId), `${o.name}: holder ${p.personId}`);
        assert.equal(p.startedOn, o.termStartedOn ?? p.startedOn);
        assert.ok(p.portfolio.length > 0);
      }
    }
  });

  test('the set-up rules mostly hold, with a few realistic findings for the UI to show', () => {
    const counts = new Map<OrgFindingCode, number>();
    let checked = 0;
    const subtreeMembers = new Map<number, number>();
    for (const p of people) {
      if (p.status !== 'full' && p.status !== 'probationary') continue;
      for (const id of byId.get(p.orgId)!.path.split('.').map(Number))
        subtreeMembers.set(id, (subtreeMembers.get(id) ?? 0) + 1);
    }
    for (const o of district.orgs) {
      const own = people.filter((p) => p.orgId === o.id);
      const findings = checkOrgSetup(
        {
          type: o.type,
          field: o.field,
          status: o.status,
          directFullMembers: own.filter((p) => p.status === 'full').length,
          directProbationary: own.filter((p) => p.status === 'probationary').length,
          subtreeMembersProper: subtreeMembers.get(o.id) ?? 0,
          childTypes: district.orgs.filter((c) => c.parentId === o.id).map((c) => c.type),
          committee: positions.filter((p) => p.orgId === o.id),
          termStartedOn: o.termStartedOn,
          termYears: o.termYears,
        },
        TODAY,
        rules,
      );
      checked++;
      for (const f of findings) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    }
    const branches = district.orgs.filter((o) => o.type === 'branch' || o.type === 'joint_branch').length;
    for (const code of [
      'TERM_MISSING',
      'TERM_NOT_STANDARD',
      'TERM_OUT_OF_RANGE',
      'NO_SECRETARY',
      'BRANCH_TOO_FEW_FULL_MEMBERS',
      'COMMITTEE_TOO_LARGE',
    ] as const) {
      assert.equal(counts.get(code) ?? 0, 0, code);
    }
    for (const code of ['COMMITTEE_REQUIRED', 'BRANCH_TOO_LARGE', 'TERM_DUE_SOON', 'TERM_OVERDUE'] as const) {
      assert.ok((counts.get(code) ?? 0) > 0, `some ${code}`);
    }
    assert.ok((counts.get('COMMITTEE_REQUIRED') ?? 0) < branches * 0.08);
    assert.ok((counts.get('BRANCH_TOO_LARGE') ?? 0) < branches * 0.35);
    assert.ok(checked === district.orgs.length);
  });

  test('accounts: admin at the root, an administrator per district, town and street, a secretary and a member', () => {
    const accounts = district.accounts;
    assert.equal(new Set(accounts.map((a) => a.username)).size, accounts.length);
    for (const a of accounts) assert.match(a.username, /^[A-Za-z0-9_.@-]{2,40}$/);
    assert.deepEqual(
      accounts.filter((a) => a.role === 'sysadmin').map((a) => [a.username, a.orgId]),
      [['admin', district.root.id]],
    );
    const levels = (level: string) => district.orgs.filter((o) => o.level === level).length;
    assert.equal(accounts.filter((a) => /^qu\d\d$/.test(a.username)).length, levels('district'));
    assert.equal(accounts.filter((a) => /^qu\d\d-zhen\d\d$/.test(a.username)).length, levels('town'));
    assert.equal(accounts.filter((a) => /^qu\d\d-jd\d\d$/.test(a.username)).length, levels('street'));
    const secretary = accounts.find((a) => a.role === 'secretary')!;
    const member = accounts.find((a) => a.role === 'member')!;
    const branch = byId.get(secretary.orgId)!;
    assert.equal(branch.level, 'village');
    assert.equal(branch.type, 'branch');
    assert.ok(
      positions.some((p) => p.orgId === branch.id && p.title === 'secretary' && p.personId === secretary.personId),
    );
    assert.equal(member.orgId, branch.id);
    assert.equal(peopleById.get(member.personId!)?.orgId, branch.id);
    assert.ok(!positions.some((p) => p.personId === member.personId), 'the member holds no office');
  });
});
