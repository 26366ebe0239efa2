import type { OrgType } from '../../../domain/org/vocab.ts';
import { addYears, daysFromCivil, daysOf, isoOf } from './day-numbers.ts';
import { composeRoll, type Kind, type Roll } from './generate-people.ts';
import type { GeneratedOrg, GenerateOptions, OrgLevel, SeedProfile } from './generate-types.ts';
import { intIn, mix, mulberry32, ordinal, pad2, pick, type Rng, tri } from './prng.ts';
import {
  COMMUNITY_NAMES,
  HOSPITAL_BRANCHES,
  HOSPITAL_NAMES,
  JOINT_NAMES,
  LARGE_ORGANS,
  ORGAN_UNITS,
  PLACE_FIRST,
  PLACE_SECOND,
  PRIVATE_TRADES,
  PRIVATE_WORDS,
  SOCIAL_NAMES,
  SOE_BRANCHES,
  SOE_NAMES,
  VILLAGE_HEAD,
  VILLAGE_SURNAMES,
  VILLAGE_TAIL,
} from './tables.ts';

/**
 * The organisation tree of the generated city: 市委 → 市直机关工委 and the districts; each 区委 → 区直机关工委
 * (organs), 教育工委 (schools), 卫生健康局党委 (hospitals), 国资委党委 (state firms), the 两新 committee
 * (private firms, social organisations, joint branches), towns (镇党委 → villages) and streets (街道党工委 →
 * communities). A province adds a level: 省委 → 省直机关工委 and the cities.
 */

// Profiles: how many cities and districts, how large a district, how many people per roll.

export type ProfileSpec = {
  /** Cities under a province root; 0 = the root is the city. */
  cities: number;
  districtsPerCity: readonly [number, number];
  /** Multiplies the number of towns, streets, schools, firms … of a district. */
  districtScale: number;
  /** Multiplies roll sizes (the province has about half the people per organisation of the others). */
  sizeFactor: number;
};

/**
 * Tuned to the scale targets of DESIGN §4; today they give district 538 organisations / 19,402 people,
 * city 16,130 / 585,965, province 296,153 / 6,051,461. The district and city targets mean ~40 people per
 * organisation (the national figure is ~19, the province's 20), so their village and community branches
 * run large and over a quarter of their branches exceed 50 members: warnings the UI can show.
 */
const PROFILES: Record<SeedProfile, ProfileSpec> = {
  district: { cities: 0, districtsPerCity: [1, 1], districtScale: 1.05, sizeFactor: 1.2 },
  city: { cities: 0, districtsPerCity: [12, 12], districtScale: 3.2, sizeFactor: 1.15 },
  province: { cities: 20, districtsPerCity: [11, 15], districtScale: 4.7, sizeFactor: 0.42 },
};

const PROFILE_SEEDS: Record<SeedProfile, number> = { district: 0x5eed0001, city: 0x5eed0002, province: 0x5eed0003 };

export type TermRule = 'five' | 'three' | 'none';

export type OrgSpec = {
  seg: string;
  name: string;
  type: OrgType;
  field: string | null;
  level?: OrgLevel;
  term: TermRule;
  est: readonly [number, number];
  roll?: { kind: Kind; size: number };
};

export type Builder = {
  /** Drives the shape of the tree: counts and sizes. */
  r: Rng;
  /** Draws place names, apart from `r` so that names can change without reshaping the tree. */
  names: Rng;
  seed: number;
  today: number;
  firstOrgId: number;
  nextOrgId: number;
  nextPersonId: number;
  codePrefix: string;
  sizeFactor: number;
  orgs: GeneratedOrg[];
  rolls: (Roll | null)[];
  bases: string[];
  estDays: number[];
  childCounts: number[];
  /** For organisations without terms (党工委, 党小组): when the current office-holders were appointed. */
  appointedOn: (string | null)[];
};

export function addOrg(b: Builder, parent: GeneratedOrg | null, spec: OrgSpec): GeneratedOrg {
  const id = b.nextOrgId++;
  // Dates and the roll's make-up draw from their own stream, so that tuning them leaves the tree alone.
  const r = mulberry32(mix(b.seed ^ 0x0d47e5, id - b.firstOrgId));
  const parentIndex = parent ? parent.id - b.firstOrgId : -1;
  const parentBase = parent ? b.bases[parentIndex]! : '';
  const base = parent === null ? '' : parentBase ? `${parentBase}-${spec.seg}` : spec.seg;
  const sortOrder = parent ? ++b.childCounts[parentIndex]! : 1;

  let est = daysFromCivil(intIn(r, spec.est[0], spec.est[1]), 1, 1) + intIn(r, 0, 364);
  // Set up after its parent (a few years later when the drawn date says otherwise).
  if (parent && est < b.estDays[parentIndex]!) est = b.estDays[parentIndex]! + intIn(r, 30, 1500);
  est = Math.min(est, b.today - 60);

  const termYears = spec.term === 'five' ? 5 : spec.term === 'three' ? 3 : null;
  let termStart: number | null = null;
  let appointed: number | null = null;
  if (termYears !== null) {
    const expiresNow = addYears(b.today, -termYears);
    // A few terms have run out already (换届 overdue); the rest are spread over the term, so that
    // about 1/(2·term) of them fall due within the next six months.
    termStart = r() < 0.04 ? expiresNow - intIn(r, 10, 300) : intIn(r, expiresNow + 1, b.today - 20);
    est = Math.min(est, termStart);
  } else {
    appointed = Math.max(est, b.today - intIn(r, 150, 1600));
  }

  const roll = spec.roll ? composeRoll(r, spec.roll.kind, spec.roll.size) : null;
  const org: GeneratedOrg = {
    id,
    parentId: parent ? parent.id : null,
    path: parent ? `${parent.path}.${id}` : String(id),
    regionId: parent === null ? id : parent.parentId === null ? id : parent.regionId,
    code: b.codePrefix + (parent === null ? spec.seg : base),
    name: spec.name,
    type: spec.type,
    field: spec.field,
    status: 'active',
    establishedOn: isoOf(est),
    termStartedOn: termStart === null ? null : isoOf(termStart),
    termYears,
    sortOrder,
    level: spec.level ?? null,
    rollSize: roll ? roll.size : 0,
    firstPersonId: b.nextPersonId,
    fullMembers: roll ? roll.full : 0,
  };
  if (roll) b.nextPersonId += roll.size;
  b.orgs.push(org);
  b.rolls.push(roll);
  b.bases.push(base);
  b.estDays.push(est);
  b.childCounts.push(0);
  b.appointedOn.push(appointed === null ? null : isoOf(appointed));
  return org;
}

/** Distinct made-up place names: two syllables (芷塘) while they last, then three (芷东塘). */
function placeNames(r: Rng, n: number, taken: Set<string>): string[] {
  const out: string[] = [];
  for (let tries = 0; out.length < n; tries++) {
    if (tries > n * 500) throw new Error('placeNames: name space exhausted');
    const name =
      tries < n * 20
        ? pick(r, PLACE_FIRST) + pick(r, PLACE_SECOND)
        : pick(r, PLACE_FIRST) + pick(r, VILLAGE_HEAD) + pick(r, PLACE_SECOND);
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  return out;
}

function villageNames(r: Rng, n: number): string[] {
  const taken = new Set<string>();
  const out: string[] = [];
  while (out.length < n) {
    const name =
      r() < 0.55
        ? `${pick(r, VILLAGE_SURNAMES)}家${pick(r, VILLAGE_TAIL)}`
        : r() < 0.5
          ? `${pick(r, VILLAGE_HEAD)}${pick(r, VILLAGE_TAIL)}`
          : `${pick(r, PLACE_FIRST)}${pick(r, VILLAGE_TAIL)}`;
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  return out;
}

function jitter(r: Rng, n: number): number {
  return Math.max(1, Math.round(n * (0.85 + 0.3 * r())));
}

/** A set of branches under a committee or general branch: 第一党支部 … (or given names). */
function addBranches(
  b: Builder,
  parent: GeneratedOrg,
  names: readonly string[],
  field: string,
  term: TermRule,
  est: readonly [number, number],
  kind: Kind,
  size: () => number,
): GeneratedOrg[] {
  return names.map((name, i) =>
    addOrg(b, parent, {
      seg: `B${pad2(i + 1)}`,
      name,
      type: 'branch',
      field,
      term,
      est,
      roll: {
        kind: name.includes('离退休') ? 'retired' : kind,
        size: name.includes('离退休') ? retiredSize(b) : size(),
      },
    }),
  );
}

const sz = (b: Builder, n: number): number => Math.max(3, Math.round(n * b.sizeFactor));
const retiredSize = (b: Builder): number => sz(b, tri(b.r, 30, 55, 110));
const numbered = (n: number, suffix = '党支部'): string[] =>
  Array.from({ length: n }, (_, i) => `第${ordinal(i + 1)}${suffix}`);

/** 党小组 under a larger branch: set up by the branch, no roll of their own (members stay on the branch). */
function addGroups(b: Builder, branch: GeneratedOrg, field: string, label: (i: number) => string): void {
  const n = intIn(b.r, 2, 3);
  for (let i = 1; i <= n; i++) {
    addOrg(b, branch, { seg: `Z${pad2(i)}`, name: label(i), type: 'group', field, term: 'none', est: [2005, 2022] });
  }
}

/** The organs of one level (区直/市直/省直机关工委) with their branches. */
export function buildOrgans(
  b: Builder,
  parent: GeneratedOrg,
  levelName: string,
  levelChar: string,
  units: number,
  large: number,
): void {
  const { r } = b;
  const unitNames = ORGAN_UNITS.slice(0, Math.min(ORGAN_UNITS.length, units)).map((u) =>
    u.startsWith('委') ? `${levelName}${u}` : `${levelName.slice(0, -1)}${levelChar}${u}`,
  );
  unitNames.forEach((unit, i) => {
    addOrg(b, parent, {
      seg: `B${pad2(i + 1)}`,
      name: unit.endsWith('机关') ? `${unit}党支部` : `${unit}机关党支部`,
      type: 'branch',
      field: 'organ',
      term: 'three',
      est: [1978, 2015],
      roll: { kind: 'organ', size: sz(b, tri(r, 16, 32, 54)) },
    });
  });
  LARGE_ORGANS.slice(0, large).forEach((u, i) => {
    const unit = `${levelName.slice(0, -1)}${levelChar}${levelChar === '区' ? u : u.replace('分局', '局')}`;
    if (i % 2 === 0) {
      const w = addOrg(b, parent, {
        seg: `W${pad2(i + 1)}`,
        name: `${unit}党委`,
        type: 'committee',
        field: 'organ',
        term: 'five',
        est: [1955, 1995],
      });
      addBranches(
        b,
        w,
        [...numbered(intIn(r, 3, 6)), '离退休干部党支部'],
        'organ',
        'three',
        [1985, 2018],
        'organ',
        () => sz(b, tri(r, 20, 34, 52)),
      );
    } else {
      const g = addOrg(b, parent, {
        seg: `G${pad2(i + 1)}`,
        name: `${unit}机关党总支`,
        type: 'general_branch',
        field: 'organ',
        term: 'three',
        est: [1980, 2010],
      });
      addBranches(
        b,
        g,
        [...numbered(intIn(r, 2, 3)), '离退休干部党支部'],
        'organ',
        'three',
        [1985, 2018],
        'organ',
        () => sz(b, tri(r, 18, 30, 48)),
      );
    }
  });
}

type DistrictPlaces = { name: string; towns: string[]; streets: string[] };

export function buildDistrict(b: Builder, parent: GeneratedOrg, index: number, dName: string, scale: number): void {
  const { r } = b;
  const townCount = Math.round(6 * scale * (0.9 + 0.2 * r()));
  const streetCount = Math.round(3 * scale * (0.9 + 0.2 * r()));
  // Town and street names are unique within their district (elsewhere in a province they may repeat).
  const local = new Set<string>([dName.slice(0, -1)]);
  const places: DistrictPlaces = {
    name: dName,
    towns: placeNames(b.names, townCount, local),
    streets: placeNames(b.names, streetCount, local),
  };
  const soft = scale ** 0.6; // organs and hospitals grow slower than towns and firms

  const qw = addOrg(b, parent, {
    seg: `D${pad2(index)}`,
    name: `${dName}委`,
    type: 'committee',
    field: 'organ',
    level: 'district',
    term: 'five',
    est: [1949, 1985],
  });

  const jg = addOrg(b, qw, {
    seg: 'JG',
    name: `${dName}直机关工委`,
    type: 'working_committee',
    field: 'organ',
    term: 'none',
    est: [1980, 2005],
  });
  buildOrgans(b, jg, dName, '区', jitter(r, 26 * soft), Math.min(LARGE_ORGANS.length, Math.round(3 * soft)));

  buildEducation(b, qw, places, scale);
  buildHealth(b, qw, places, soft);
  buildSoe(b, qw, dName, soft);
  buildTwoNew(b, qw, places, scale);

  for (const [i, t] of places.towns.entries()) buildTown(b, qw, i + 1, t);
  for (const [i, s] of places.streets.entries()) buildStreet(b, qw, i + 1, s);
}

function buildEducation(b: Builder, qw: GeneratedOrg, p: DistrictPlaces, scale: number): void {
  const { r } = b;
  const jy = addOrg(b, qw, {
    seg: 'JY',
    name: `${p.name}委教育工委`,
    type: 'working_committee',
    field: 'school',
    term: 'none',
    est: [1985, 2010],
  });
  let n = 0;
  const seg = () => `X${pad2(++n)}`;
  const highSchools = jitter(r, 2 * scale);
  for (let i = 1; i <= highSchools; i++) {
    const school = addOrg(b, jy, {
      seg: seg(),
      name: `${p.name}第${ordinal(i)}中学党委`,
      type: 'committee',
      field: 'school',
      term: 'five',
      est: [1952, 1990],
    });
    const names = ['高一年级党支部', '高二年级党支部', '高三年级党支部'];
    if (r() < 0.7) names.push('行政后勤党支部');
    names.push('离退休教师党支部');
    addBranches(b, school, names, 'school', 'three', [1985, 2015], 'school', () => sz(b, tri(r, 18, 30, 46)));
  }
  const vocational = addOrg(b, jy, {
    seg: seg(),
    name: `${p.name}职业技术学校党总支`,
    type: 'general_branch',
    field: 'school',
    term: 'three',
    est: [1980, 2005],
  });
  addBranches(
    b,
    vocational,
    ['教师第一党支部', '教师第二党支部', '学生党支部'],
    'school',
    'three',
    [1990, 2015],
    'school',
    () => sz(b, tri(r, 10, 24, 40)),
  );
  // Middle schools of the towns; the larger ones have a general branch.
  for (const t of p.towns) {
    if (r() < 0.35) {
      const g = addOrg(b, jy, {
        seg: seg(),
        name: `${t}中学党总支`,
        type: 'general_branch',
        field: 'school',
        term: 'three',
        est: [1960, 2000],
      });
      addBranches(b, g, ['教师第一党支部', '教师第二党支部'], 'school', 'three', [1990, 2015], 'school', () =>
        sz(b, tri(r, 14, 26, 40)),
      );
    } else {
      addOrg(b, jy, {
        seg: seg(),
        name: `${t}中学党支部`,
        type: 'branch',
        field: 'school',
        term: 'three',
        est: [1960, 2005],
        roll: { kind: 'school', size: sz(b, tri(r, 14, 30, 48)) },
      });
    }
    addOrg(b, jy, {
      seg: seg(),
      name: `${t}中心小学党支部`,
      type: 'branch',
      field: 'school',
      term: 'three',
      est: [1960, 2005],
      roll: { kind: 'school', size: sz(b, tri(r, 12, 26, 44)) },
    });
  }
  const primaries = jitter(r, 4 * scale);
  for (let i = 1; i <= primaries; i++) {
    const name = i === 1 ? `${p.name}实验小学党支部` : `${p.name}第${ordinal(i)}小学党支部`;
    addOrg(b, jy, {
      seg: seg(),
      name,
      type: 'branch',
      field: 'school',
      term: 'three',
      est: [1955, 2012],
      roll: { kind: 'school', size: sz(b, tri(r, 14, 30, 50)) },
    });
  }
  const kindergartens = jitter(r, 1.5 * scale);
  for (let i = 1; i <= kindergartens; i++) {
    addOrg(b, jy, {
      seg: seg(),
      name: `${p.name}${i === 1 ? '' : `第${ordinal(i)}`}幼儿园联合党支部`,
      type: 'joint_branch',
      field: 'school',
      term: 'three',
      est: [2010, 2022],
      roll: { kind: 'school', size: sz(b, tri(r, 5, 9, 15)) },
    });
  }
}

function buildHealth(b: Builder, qw: GeneratedOrg, p: DistrictPlaces, soft: number): void {
  const { r } = b;
  const wj = addOrg(b, qw, {
    seg: 'WJ',
    name: `${p.name}卫生健康局党委`,
    type: 'committee',
    field: 'hospital',
    term: 'five',
    est: [1985, 2010],
  });
  let n = 0;
  const seg = () => `Y${pad2(++n)}`;
  const hospitals = Math.min(HOSPITAL_NAMES.length, Math.max(2, Math.round(2 * soft)));
  for (const h of HOSPITAL_NAMES.slice(0, hospitals)) {
    const hw = addOrg(b, wj, {
      seg: seg(),
      name: `${p.name}${h}党委`,
      type: 'committee',
      field: 'hospital',
      term: 'five',
      est: [1955, 1995],
    });
    const branches = HOSPITAL_BRANCHES.slice(0, intIn(r, 4, HOSPITAL_BRANCHES.length));
    addBranches(b, hw, [...branches, '离退休党支部'], 'hospital', 'three', [1985, 2015], 'hospital', () =>
      sz(b, tri(r, 22, 38, 58)),
    );
  }
  for (const unit of ['妇幼保健院', '疾病预防控制中心']) {
    addOrg(b, wj, {
      seg: seg(),
      name: `${p.name}${unit}党支部`,
      type: 'branch',
      field: 'hospital',
      term: 'three',
      est: [1975, 2005],
      roll: { kind: 'hospital', size: sz(b, tri(r, 14, 26, 42)) },
    });
  }
  for (const t of p.towns) {
    addOrg(b, wj, {
      seg: seg(),
      name: `${t}镇卫生院党支部`,
      type: 'branch',
      field: 'hospital',
      term: 'three',
      est: [1970, 2005],
      roll: { kind: 'hospital', size: sz(b, tri(r, 8, 16, 30)) },
    });
  }
  for (const s of p.streets) {
    addOrg(b, wj, {
      seg: seg(),
      name: `${s}街道社区卫生服务中心党支部`,
      type: 'branch',
      field: 'hospital',
      term: 'three',
      est: [2000, 2015],
      roll: { kind: 'hospital', size: sz(b, tri(r, 6, 12, 22)) },
    });
  }
}

function buildSoe(b: Builder, qw: GeneratedOrg, dName: string, soft: number): void {
  const { r } = b;
  const gz = addOrg(b, qw, {
    seg: 'GZ',
    name: `${dName}国资委党委`,
    type: 'committee',
    field: 'soe',
    term: 'five',
    est: [2004, 2012],
  });
  const count = Math.min(SOE_NAMES.length, jitter(r, 4 * soft));
  SOE_NAMES.slice(0, count).forEach((soe, i) => {
    const name = `${dName}${soe}`;
    const seg = `Q${pad2(i + 1)}`;
    if (i < Math.ceil(count / 2)) {
      const c = addOrg(b, gz, {
        seg,
        name: `${name}党委`,
        type: 'committee',
        field: 'soe',
        term: 'five',
        est: [1995, 2015],
      });
      const names = SOE_BRANCHES.slice(0, intIn(r, 3, SOE_BRANCHES.length - 1));
      if (r() < 0.5) names.push('离退休党支部');
      addBranches(b, c, names, 'soe', 'three', [2000, 2018], 'soe', () => sz(b, tri(r, 16, 34, 54)));
    } else if (r() < 0.5) {
      const g = addOrg(b, gz, {
        seg,
        name: `${name}党总支`,
        type: 'general_branch',
        field: 'soe',
        term: 'three',
        est: [2000, 2018],
      });
      addBranches(b, g, ['机关党支部', '生产经营党支部'], 'soe', 'three', [2005, 2018], 'soe', () =>
        sz(b, tri(r, 15, 28, 45)),
      );
    } else {
      addOrg(b, gz, {
        seg,
        name: `${name}党支部`,
        type: 'branch',
        field: 'soe',
        term: 'three',
        est: [2005, 2020],
        roll: { kind: 'soe', size: sz(b, tri(r, 12, 26, 48)) },
      });
    }
  });
}

function buildTwoNew(b: Builder, qw: GeneratedOrg, p: DistrictPlaces, scale: number): void {
  const { r } = b;
  const lx = addOrg(b, qw, {
    seg: 'LX',
    name: `${p.name}非公企业和社会组织综合党委`,
    type: 'committee',
    field: 'private',
    term: 'five',
    est: [2008, 2016],
  });
  const firms = new Set<string>();
  const firmName = (): string => {
    for (;;) {
      const name = `${pick(r, PRIVATE_WORDS)}${pick(r, PRIVATE_WORDS)}${pick(r, PRIVATE_TRADES)}`;
      if (!firms.has(name)) {
        firms.add(name);
        return name;
      }
    }
  };
  const large = jitter(r, 1 * scale);
  for (let i = 1; i <= large; i++) {
    const g = addOrg(b, lx, {
      seg: `G${pad2(i)}`,
      name: `${firmName()}集团有限公司党总支`,
      type: 'general_branch',
      field: 'private',
      term: 'three',
      est: [2005, 2020],
    });
    addBranches(
      b,
      g,
      ['生产党支部', '研发党支部', '营销党支部'].slice(0, intIn(r, 2, 3)),
      'private',
      'three',
      [2008, 2021],
      'private',
      () => sz(b, tri(r, 12, 26, 44)),
    );
  }
  const privates = jitter(r, 12 * scale);
  for (let i = 1; i <= privates; i++) {
    addOrg(b, lx, {
      seg: `F${pad2(i)}`,
      name: `${firmName()}有限公司党支部`,
      type: 'branch',
      field: 'private',
      term: 'three',
      est: [2002, 2023],
      roll: { kind: 'private', size: sz(b, tri(r, 4, 12, 42)) },
    });
  }
  const socials = jitter(r, 5 * scale);
  for (let i = 1; i <= socials; i++) {
    const unit = SOCIAL_NAMES[(i - 1) % SOCIAL_NAMES.length]!;
    // Past the district-wide associations, the same kinds of organisation appear in the towns.
    const where = i <= SOCIAL_NAMES.length || p.towns.length === 0 ? p.name : `${pick(r, p.towns)}镇`;
    addOrg(b, lx, {
      seg: `H${pad2(i)}`,
      name: `${where}${unit}党支部`,
      type: 'branch',
      field: 'social',
      term: 'three',
      est: [2008, 2023],
      roll: { kind: 'social', size: sz(b, tri(r, 3, 7, 16)) },
    });
  }
  // Units with fewer than three members join a joint branch covering up to five units.
  const joints = jitter(r, 4 * scale);
  for (let i = 1; i <= joints; i++) {
    const trade = JOINT_NAMES[(i - 1) % JOINT_NAMES.length]!;
    const round = Math.floor((i - 1) / JOINT_NAMES.length);
    addOrg(b, lx, {
      seg: `L${pad2(i)}`,
      name: `${p.name}${trade}${round === 0 ? '' : `第${ordinal(round + 1)}`}联合党支部`,
      type: 'joint_branch',
      field: trade === '律师事务所' || trade === '民办培训机构' ? 'social' : 'private',
      term: 'three',
      est: [2010, 2023],
      roll: { kind: 'private', size: sz(b, tri(r, 4, 8, 14)) },
    });
  }
  p.streets.forEach((s, i) => {
    addOrg(b, lx, {
      seg: `LJ${pad2(i + 1)}`,
      name: `${s}街道商圈联合党支部`,
      type: 'joint_branch',
      field: 'private',
      term: 'three',
      est: [2012, 2023],
      roll: { kind: 'private', size: sz(b, tri(r, 5, 9, 15)) },
    });
  });
}

function buildTown(b: Builder, qw: GeneratedOrg, index: number, town: string): void {
  const { r } = b;
  const t = addOrg(b, qw, {
    seg: `T${pad2(index)}`,
    name: `${town}镇党委`,
    type: 'committee',
    field: 'rural',
    level: 'town',
    term: 'five',
    est: [1950, 1985],
  });
  addOrg(b, t, {
    seg: 'JG',
    name: `${town}镇机关党支部`,
    type: 'branch',
    field: 'organ',
    term: 'three',
    est: [1985, 2010],
    roll: { kind: 'organ', size: sz(b, tri(r, 28, 42, 62)) },
  });
  const villages = villageNames(b.names, intIn(r, 10, 18));
  villages.forEach((v, i) => {
    const seg = `V${pad2(i + 1)}`;
    // A village's members: most 25–80; some large villages past 100 have a committee.
    const total = sz(b, r() < 0.06 ? tri(r, 110, 160, 260) : tri(r, 28, 58, 120));
    if (total > 105) {
      const c = addOrg(b, t, {
        seg,
        name: `${v}村党委`,
        type: 'committee',
        field: 'rural',
        level: 'village',
        term: 'five',
        est: [1950, 2000],
      });
      const n = Math.max(3, Math.round(total / 42));
      const branches = addBranches(
        b,
        c,
        [...numbered(n - 1), '老党员党支部'],
        'rural',
        'five',
        [1990, 2021],
        'rural',
        () => sz(b, tri(r, 28, 40, 56)),
      );
      for (const br of branches)
        if (br.rollSize >= 40 && r() < 0.06) addGroups(b, br, 'rural', (k) => `第${ordinal(k)}党小组`);
    } else if (total > 85 && r() < 0.8) {
      const g = addOrg(b, t, {
        seg,
        name: `${v}村党总支`,
        type: 'general_branch',
        field: 'rural',
        level: 'village',
        term: 'five',
        est: [1950, 2005],
      });
      const n = Math.max(2, Math.round(total / 38));
      const each = Math.round(total / n);
      const branches = addBranches(b, g, numbered(n), 'rural', 'five', [1990, 2021], 'rural', () =>
        Math.max(3, each + intIn(r, -6, 6)),
      );
      for (const br of branches)
        if (br.rollSize >= 40 && r() < 0.06) addGroups(b, br, 'rural', (k) => `第${ordinal(k)}党小组`);
    } else {
      const br = addOrg(b, t, {
        seg,
        name: `${v}村党支部`,
        type: 'branch',
        field: 'rural',
        level: 'village',
        term: 'five',
        est: [1950, 2005],
        roll: { kind: 'rural', size: total },
      });
      if (br.rollSize >= 45 && r() < 0.08) addGroups(b, br, 'rural', (k) => `第${ordinal(k)}党小组`);
    }
  });
}

function buildStreet(b: Builder, qw: GeneratedOrg, index: number, street: string): void {
  const { r } = b;
  const s = addOrg(b, qw, {
    seg: `J${pad2(index)}`,
    name: `${street}街道党工委`,
    type: 'working_committee',
    field: 'community',
    level: 'street',
    term: 'none',
    est: [1990, 2012],
  });
  addOrg(b, s, {
    seg: 'JG',
    name: `${street}街道机关党支部`,
    type: 'branch',
    field: 'organ',
    term: 'three',
    est: [1995, 2012],
    roll: { kind: 'organ', size: sz(b, tri(r, 24, 38, 56)) },
  });
  const count = intIn(r, 5, 10);
  const start = intIn(r, 0, COMMUNITY_NAMES.length - 1);
  for (let i = 0; i < count; i++) {
    // Stepping by 7 through the 40 names never repeats one within a street.
    const c = COMMUNITY_NAMES[(start + i * 7) % COMMUNITY_NAMES.length]!;
    const seg = `S${pad2(i + 1)}`;
    // Urban communities hold many retired members, so their rolls run larger than a workplace branch's.
    const total = sz(b, r() < 0.12 ? tri(r, 150, 220, 360) : tri(r, 40, 85, 170));
    if (total > 150) {
      const cw = addOrg(b, s, {
        seg,
        name: `${c}社区党委`,
        type: 'committee',
        field: 'community',
        level: 'community',
        term: 'five',
        est: [1995, 2015],
      });
      const n = Math.max(3, Math.round(total / 45));
      const branches = addBranches(
        b,
        cw,
        [...numbered(n - 1, '网格党支部'), '离退休党员党支部'],
        'community',
        'five',
        [2000, 2021],
        'community',
        () => sz(b, tri(r, 28, 40, 56)),
      );
      for (const br of branches)
        if (br.rollSize >= 40 && r() < 0.06) addGroups(b, br, 'community', (k) => `第${ordinal(k)}楼栋党小组`);
    } else if (total > 95) {
      const g = addOrg(b, s, {
        seg,
        name: `${c}社区党总支`,
        type: 'general_branch',
        field: 'community',
        level: 'community',
        term: 'five',
        est: [1995, 2015],
      });
      const n = Math.max(2, Math.round(total / 40));
      addBranches(
        b,
        g,
        [...numbered(n - 1, '网格党支部'), '离退休党员党支部'],
        'community',
        'five',
        [2000, 2021],
        'community',
        () => sz(b, tri(r, 26, 38, 54)),
      );
    } else {
      const br = addOrg(b, s, {
        seg,
        name: `${c}社区党支部`,
        type: 'branch',
        field: 'community',
        level: 'community',
        term: 'five',
        est: [1995, 2015],
        roll: { kind: 'community', size: total },
      });
      if (br.rollSize >= 45 && r() < 0.08) addGroups(b, br, 'community', (k) => `第${ordinal(k)}楼栋党小组`);
    }
  }
}

/** Builds the whole tree of a profile; ids from opts.firstOrgId, roll person ids from opts.firstPersonId. */
export function buildTree(profile: SeedProfile, opts: GenerateOptions): { b: Builder; name: string; seed: number } {
  const spec = PROFILES[profile];
  const seed = PROFILE_SEEDS[profile];
  const today = daysOf(opts.today);
  const b: Builder = {
    r: mulberry32(seed),
    names: mulberry32(mix(seed, 0x4e4d45)),
    seed,
    today,
    firstOrgId: opts.firstOrgId,
    nextOrgId: opts.firstOrgId,
    nextPersonId: opts.firstPersonId,
    codePrefix: opts.codePrefix ?? '',
    sizeFactor: spec.sizeFactor,
    orgs: [],
    rolls: [],
    bases: [],
    estDays: [],
    childCounts: [],
    appointedOn: [],
  };
  const { r } = b;
  const taken = new Set<string>(['青川', '青岚']);

  const buildCity = (parent: GeneratedOrg | null, seg: string, cityName: string): GeneratedOrg => {
    const city = addOrg(b, parent, {
      seg,
      name: `${cityName}委`,
      type: 'committee',
      field: 'organ',
      level: 'city',
      term: 'five',
      est: [1949, 1952],
    });
    const jg = addOrg(b, city, {
      seg: 'JG',
      name: `${cityName}直机关工委`,
      type: 'working_committee',
      field: 'organ',
      term: 'none',
      est: [1978, 2000],
    });
    buildOrgans(
      b,
      jg,
      cityName,
      '市',
      parent === null && profile === 'district' ? 8 : 36,
      profile === 'district' ? 0 : 4,
    );
    const [lo, hi] = spec.districtsPerCity;
    const districts = intIn(r, lo, hi);
    const names = placeNames(b.names, districts, taken);
    for (const [i, d] of names.entries()) buildDistrict(b, city, i + 1, `${d}区`, spec.districtScale);
    return city;
  };

  let name: string;
  if (spec.cities === 0) {
    name = '青川市';
    buildCity(null, 'C01', name);
  } else {
    name = '青岚省';
    const root = addOrg(b, null, {
      seg: 'P01',
      name: `${name}委`,
      type: 'committee',
      field: 'organ',
      level: 'province',
      term: 'five',
      est: [1949, 1950],
    });
    const jg = addOrg(b, root, {
      seg: 'JG',
      name: `${name}直机关工委`,
      type: 'working_committee',
      field: 'organ',
      term: 'none',
      est: [1955, 1985],
    });
    buildOrgans(b, jg, name, '省', ORGAN_UNITS.length, LARGE_ORGANS.length);
    const cityNames = ['青川', ...placeNames(b.names, spec.cities - 1, taken)];
    for (const [i, c] of cityNames.entries()) buildCity(root, `C${pad2(i + 1)}`, `${c}市`);
  }

  return { b, name, seed };
}
