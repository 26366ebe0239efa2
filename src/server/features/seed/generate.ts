import type { OrgType, PositionTitle } from '../../../domain/org/vocab.ts';
import { newPeopleState, peopleOf } from './generate-people.ts';
import { type Builder, buildTree } from './generate-tree.ts';
import type { GeneratedAccount, GeneratedCity, GeneratedOrg, GenerateOptions, SeedProfile } from './generate-types.ts';
import { mix, mulberry32, pad2, type Rng } from './prng.ts';

/**
 * The demo-data generator: a fictional city (or province) with its whole Party organisation tree, members,
 * committees and demo accounts. Pure and deterministic: a seeded PRNG, `today` passed in, no I/O. The
 * organisations are held in memory (≤ ~300k); people are produced lazily, organisation by organisation,
 * from a PRNG seeded by the organisation's position, so the 6M people of the province profile never exist
 * at once and the same options always give the same rows.
 */

// ---------------------------------------------------------------------------------------------------------
// Committees and positions

const PORTFOLIOS: Record<PositionTitle, readonly string[]> = {
  secretary: ['主持全面工作', '主持全面工作，落实党建工作第一责任'],
  deputy_secretary: ['协助书记工作，分管党员教育管理', '协助书记工作，分管党风廉政建设'],
  organization: ['分管组织、党员发展', '分管组织建设、党员发展和党费收缴'],
  propaganda: ['分管宣传、意识形态', '分管宣传思想和精神文明建设'],
  discipline: ['分管纪检监督、党风廉政建设', '分管纪律检查和作风建设'],
  youth: ['分管青年和群团工作', '分管青年党员和共青团工作'],
  member: ['分管统战、群团工作', '分管保密和档案工作'],
};
const FIELD_MEMBER_PORTFOLIO: Record<string, string> = {
  rural: '分管乡村振兴、集体经济发展',
  community: '分管网格治理、志愿服务',
  school: '分管教师队伍和师德师风建设',
  hospital: '分管医德医风和行风建设',
  private: '分管生产经营中的党建融合',
};

function committeeTitles(r: Rng, size: number): PositionTitle[] {
  switch (size) {
    case 1:
      return ['secretary'];
    case 2:
      return ['secretary', 'deputy_secretary'];
    case 3:
      return ['secretary', 'organization', 'propaganda'];
    case 4:
      return ['secretary', 'organization', 'propaganda', 'discipline'];
    case 5:
      return r() < 0.5
        ? ['secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline']
        : ['secretary', 'organization', 'propaganda', 'discipline', 'youth'];
    case 6:
      return ['secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline', 'member'];
    default:
      return [
        'secretary',
        'deputy_secretary',
        'deputy_secretary',
        'organization',
        'propaganda',
        'discipline',
        'member',
      ];
  }
}

/** Committee size by the setup rules: a committee of 3–5 from seven full members, else a secretary (and a deputy). */
function committeeSize(r: Rng, type: OrgType, full: number, ownRoll: boolean): number {
  if (type === 'group') return 0;
  if (full >= 7) {
    // A few branches have not elected the committee they need: the setup check has something to show.
    if (ownRoll && r() < 0.04) return 1;
    if (type === 'committee' || type === 'working_committee') return r() < 0.5 ? 5 : 7;
    if (type === 'general_branch') return r() < 0.75 ? 5 : 3;
    const x = r();
    return x < 0.3 ? 3 : x < 0.45 ? 4 : 5;
  }
  return Math.min(Math.max(full, 1), r() < 0.3 ? 2 : 1);
}

type PositionTable = { org: Int32Array; person: Int32Array; title: Uint8Array; count: number };

const TITLE_CODES: readonly PositionTitle[] = [
  'secretary',
  'deputy_secretary',
  'organization',
  'propaganda',
  'discipline',
  'youth',
  'member',
];

function planPositions(b: Builder, seed: number): PositionTable {
  const r = mulberry32(mix(seed, 0x705171));
  const n = b.orgs.length;
  const end = new Int32Array(n);
  const subtreeFull = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    end[i] = i + 1;
    subtreeFull[i] = b.rolls[i]?.full ?? 0;
  }
  for (let i = n - 1; i > 0; i--) {
    const p = b.orgs[i]!.parentId! - b.firstOrgId;
    if (end[i]! > end[p]!) end[p] = end[i]!;
    subtreeFull[p] = subtreeFull[p]! + subtreeFull[i]!;
  }
  const orgCol: number[] = [];
  const personCol: number[] = [];
  const titleCol: number[] = [];
  for (let i = 0; i < n; i++) {
    const org = b.orgs[i]!;
    const roll = b.rolls[i];
    const size = committeeSize(r, org.type, roll ? roll.full : subtreeFull[i]!, roll !== null);
    if (size === 0) continue;
    let holders: number[];
    if (roll) {
      // The cadres are the first min(full, 7) people of the roll, all full members.
      holders = Array.from({ length: Math.min(size, roll.full) }, (_, k) => org.firstPersonId + k);
    } else {
      // No roll of its own (党委, 党工委, 党总支): office-holders come from the branches below, one cadre of
      // each in turn, starting with those who hold no office in their own branch.
      // Nested committees share their first branches, so each level starts at a different cadre.
      const depth = org.path.split('.').length - 1;
      const order = [5, 6, 4, 3, 2, 1, 0];
      const slots = [...order.slice(depth % 7), ...order.slice(0, depth % 7)];
      const pools: number[][] = [];
      for (let j = i + 1; j < end[i]! && pools.length < 7; j++) {
        const d = b.rolls[j];
        if (!d) continue;
        const leaders = Math.min(d.full, 7);
        const first = b.orgs[j]!.firstPersonId;
        pools.push(slots.filter((k) => k < leaders).map((k) => first + k));
      }
      holders = [];
      for (let round = 0; holders.length < size && pools.some((p) => p.length > round); round++) {
        for (const p of pools) if (p.length > round && holders.length < size) holders.push(p[round]!);
      }
    }
    const titles = committeeTitles(r, holders.length);
    holders.forEach((person, k) => {
      orgCol.push(org.id);
      personCol.push(person);
      titleCol.push(TITLE_CODES.indexOf(titles[k]!));
    });
  }
  return {
    org: Int32Array.from(orgCol),
    person: Int32Array.from(personCol),
    title: Uint8Array.from(titleCol),
    count: orgCol.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Accounts

/**
 * The demo accounts (one shared password):
 *   admin                 系统管理员 at the root
 *   shi01 …               组织管理员 of each city (province profile only)
 *   qu01 …                组织管理员 of each district (shi01-qu01 … in the province profile)
 *   qu01-zhen03 …         组织管理员 of each town (镇党委), numbered within the district
 *   qu01-jd02 …           组织管理员 of each street (街道党工委), numbered within the district
 *   shuji / dangyuan      书记 and 党员 of the first village branch with nine or more full members
 * All get codePrefix, lower-cased, in front when a second city is seeded into the same database.
 */
function planAccounts(orgs: readonly GeneratedOrg[], prefix: string, profile: SeedProfile): GeneratedAccount[] {
  const u = prefix.toLowerCase();
  const root = orgs[0]!;
  const accounts: GeneratedAccount[] = [
    {
      username: `${u}admin`,
      displayName: '系统管理员',
      role: 'sysadmin',
      orgId: root.id,
      orgName: root.name,
      personId: null,
    },
  ];
  let city = '';
  let district = '';
  let cityNo = 0;
  let districtNo = 0;
  let townNo = 0;
  let streetNo = 0;
  let demoBranch: GeneratedOrg | null = null;
  for (const org of orgs) {
    if (org.level === 'city' && profile === 'province') {
      city = `shi${pad2(++cityNo)}`;
      districtNo = 0;
      accounts.push({
        username: `${u}${city}`,
        displayName: `${org.name}组织部管理员`,
        role: 'orgadmin',
        orgId: org.id,
        orgName: org.name,
        personId: null,
      });
    } else if (org.level === 'district') {
      district = `${city ? `${city}-` : ''}qu${pad2(++districtNo)}`;
      townNo = 0;
      streetNo = 0;
      accounts.push({
        username: `${u}${district}`,
        displayName: `${org.name}组织部管理员`,
        role: 'orgadmin',
        orgId: org.id,
        orgName: org.name,
        personId: null,
      });
    } else if (org.level === 'town') {
      accounts.push({
        username: `${u}${district}-zhen${pad2(++townNo)}`,
        displayName: `${org.name.replace(/党委$/, '')}党建办管理员`,
        role: 'orgadmin',
        orgId: org.id,
        orgName: org.name,
        personId: null,
      });
    } else if (org.level === 'street') {
      accounts.push({
        username: `${u}${district}-jd${pad2(++streetNo)}`,
        displayName: `${org.name.replace(/党工委$/, '')}党建办管理员`,
        role: 'orgadmin',
        orgId: org.id,
        orgName: org.name,
        personId: null,
      });
    } else if (!demoBranch && org.level === 'village' && org.type === 'branch' && org.fullMembers >= 9) {
      demoBranch = org;
    }
  }
  if (demoBranch) {
    const secretary = demoBranch.firstPersonId;
    // The first full member after the cadres holds no office.
    const member = demoBranch.firstPersonId + 7;
    accounts.push(
      {
        username: `${u}shuji`,
        displayName: `${demoBranch.name}书记`,
        role: 'secretary',
        orgId: demoBranch.id,
        orgName: demoBranch.name,
        personId: secretary,
      },
      {
        username: `${u}dangyuan`,
        displayName: `${demoBranch.name}党员`,
        role: 'member',
        orgId: demoBranch.id,
        orgName: demoBranch.name,
        personId: member,
      },
    );
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Generates the fictional city (district/city profiles: 青川市 with one or twelve districts) or province
 * (青岚省 with its cities). Organisation ids run from firstOrgId in depth-first order (a parent before its
 * children), person ids from firstPersonId in organisation order.
 */
export function generateCity(profile: SeedProfile, opts: GenerateOptions): GeneratedCity {
  const { b, name, seed } = buildTree(profile, opts);
  const today = b.today;
  const positions = planPositions(b, seed);
  const accounts = planAccounts(b.orgs, b.codePrefix, profile);
  const personCount = b.nextPersonId - opts.firstPersonId;
  const idCounty = opts.idNumberCounty ?? 0;

  return {
    profile,
    name,
    root: b.orgs[0]!,
    orgs: b.orgs,
    personCount,
    positionCount: positions.count,
    accounts,
    people: () => peopleOf(b.orgs, b.rolls, seed, newPeopleState(today, idCounty)),
    *positions() {
      for (let k = 0; k < positions.count; k++) {
        const orgId = positions.org[k]!;
        const i = orgId - b.firstOrgId;
        const org = b.orgs[i]!;
        const title = TITLE_CODES[positions.title[k]!]!;
        const texts = PORTFOLIOS[title];
        const portfolio =
          title === 'member' && org.field && FIELD_MEMBER_PORTFOLIO[org.field]
            ? FIELD_MEMBER_PORTFOLIO[org.field]!
            : texts[(orgId + k) % texts.length]!;
        yield {
          orgId,
          personId: positions.person[k]!,
          title,
          portfolio,
          startedOn: org.termStartedOn ?? b.appointedOn[i] ?? org.establishedOn,
        };
      }
    },
  };
}
