import type { OrgType, PositionTitle } from '../../../domain/org/vocab.ts';
import { nameKeys } from '../../../domain/people/name-keys.ts';
import type { Education, Gender, MemberStatus } from '../../../domain/people/vocab.ts';
import {
  COMMUNITY_NAMES,
  GIVEN_FEMALE,
  GIVEN_MALE,
  HOSPITAL_BRANCHES,
  HOSPITAL_NAMES,
  JOINT_NAMES,
  LARGE_ORGANS,
  MINORITIES,
  ORGAN_UNITS,
  PLACE_FIRST,
  PLACE_SECOND,
  PRIVATE_TRADES,
  PRIVATE_WORDS,
  SOCIAL_NAMES,
  SOE_BRANCHES,
  SOE_NAMES,
  SURNAMES,
  VILLAGE_HEAD,
  VILLAGE_SURNAMES,
  VILLAGE_TAIL,
} from './tables.ts';

/**
 * The demo-data generator: a fictional city (or province) with its whole Party organisation tree, members,
 * committees and demo accounts. Pure and deterministic: a seeded PRNG, `today` passed in, no I/O. The
 * organisations are held in memory (≤ ~300k); people are produced lazily, organisation by organisation,
 * from a PRNG seeded by the organisation's position, so the 6M people of the province profile never exist
 * at once and the same options always give the same rows.
 */
export type SeedProfile = 'district' | 'city' | 'province';
export const SEED_PROFILES: readonly SeedProfile[] = ['district', 'city', 'province'];

/** What an organisation stands for in the administrative map (accounts are made for some of these). */
export type OrgLevel = 'province' | 'city' | 'district' | 'town' | 'street' | 'village' | 'community';

export type GeneratedOrg = {
  id: number;
  parentId: number | null;
  path: string;
  regionId: number;
  code: string;
  name: string;
  type: OrgType;
  field: string | null;
  status: 'active';
  establishedOn: string;
  termStartedOn: string | null;
  termYears: number | null;
  sortOrder: number;
  level: OrgLevel | null;
  /** People on this organisation's own roll: ids firstPersonId … firstPersonId + rollSize - 1. */
  rollSize: number;
  firstPersonId: number;
  /** Full members on the own roll; they come first, and the first min(fullMembers, 7) are its cadres. */
  fullMembers: number;
};

export type GeneratedPerson = {
  id: number;
  orgId: number;
  regionId: number;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: Gender;
  ethnicity: string;
  birthDate: string;
  education: Education;
  idNumber: string;
  phone: null;
  status: MemberStatus;
  appliedOn: string | null;
  joinDate: string | null;
  fullDate: string | null;
  isFloating: boolean;
  isRetired: boolean;
};

export type GeneratedPosition = {
  orgId: number;
  personId: number;
  title: PositionTitle;
  portfolio: string;
  startedOn: string;
};

export type GeneratedAccount = {
  username: string;
  displayName: string;
  role: 'sysadmin' | 'orgadmin' | 'secretary' | 'member';
  orgId: number;
  orgName: string;
  personId: number | null;
};

export type GenerateOptions = {
  /** 'YYYY-MM-DD' (Asia/Shanghai); all dates are relative to it. */
  today: string;
  firstOrgId: number;
  firstPersonId: number;
  /** Prepended to every org code and username, so that a second city can be seeded beside the first. */
  codePrefix?: string;
  /**
   * The two digits after '3399' in the generated ID numbers (a county of an unallocated prefecture).
   * A database holding an earlier seed passes a higher value so that the numbers stay unique.
   */
  idNumberCounty?: number;
};

export type GeneratedCity = {
  profile: SeedProfile;
  /** '青川市', or the province's name. */
  name: string;
  root: GeneratedOrg;
  orgs: readonly GeneratedOrg[];
  personCount: number;
  positionCount: number;
  accounts: readonly GeneratedAccount[];
  /** Lazily yields every person, in id order; each call starts again and gives the same rows. */
  people(): Generator<GeneratedPerson>;
  positions(): Generator<GeneratedPosition>;
};

// ---------------------------------------------------------------------------------------------------------
// PRNG and sampling

type Rng = () => number;

/** mulberry32: tiny, fast, good enough for test data. */
function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const intIn = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

/** Triangular distribution on [lo, hi] peaking at mode, rounded. */
function tri(r: Rng, lo: number, mode: number, hi: number): number {
  const u = r();
  const c = (mode - lo) / (hi - lo);
  const x = u < c ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode));
  return Math.round(x);
}

function weighted<T>(items: readonly (readonly [T, number])[]): (r: Rng) => T {
  const values = items.map(([v]) => v);
  const cumulative: number[] = [];
  let sum = 0;
  for (const [, w] of items) cumulative.push((sum += w));
  return (r) => {
    const x = r() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}

/** Rounds n·p up or down at random so that the expected value is exactly n·p. */
const share = (r: Rng, n: number, p: number): number => Math.floor(n * p + r());

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
const CN_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const ordinal = (n: number): string => CN_ORDINALS[n - 1] ?? String(n);

// ---------------------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01), fast enough for millions of people.

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function isoOf(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function daysOf(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`not a date: ${iso}`);
  return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The same calendar day `years` later; 29 February becomes 1 March in a common year (the later day). */
function addYears(days: number, years: number): number {
  const [y, m, d] = civilFromDays(days);
  const ty = y + years;
  if (m === 2 && d === 29 && !(ty % 4 === 0 && (ty % 100 !== 0 || ty % 400 === 0))) return daysFromCivil(ty, 3, 1);
  return daysFromCivil(ty, m, d);
}

const isLeapDay = (days: number): boolean => {
  const [, m, d] = civilFromDays(days);
  return m === 2 && d === 29;
};

// ---------------------------------------------------------------------------------------------------------
// ID numbers (GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The check character of the first 17 digits of a citizen ID number (ISO 7064 MOD 11-2). */
export function idCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** Prefecture 99 of province 33 is not allocated: no real person holds a number starting with 3399. */
const ID_PREFIX = '3399';
/** Sequence numbers per county, birth date and sex: odd for men (1…997), even for women (2…998). */
const SLOTS_PER_COUNTY = 499;

// ---------------------------------------------------------------------------------------------------------
// Profiles

type ProfileSpec = {
  /** Cities under a province root; 0 = the root is the city. */
  cities: number;
  districtsPerCity: readonly [number, number];
  /** Multiplies the number of towns, streets, schools, firms … of a district. */
  districtScale: number;
  /** Multiplies roll sizes (the province profile has half the people per organisation of the others). */
  sizeFactor: number;
};

const PROFILES: Record<SeedProfile, ProfileSpec> = {
  district: { cities: 0, districtsPerCity: [1, 1], districtScale: 1.3, sizeFactor: 1.15 },
  city: { cities: 0, districtsPerCity: [12, 12], districtScale: 3.2, sizeFactor: 1.15 },
  province: { cities: 20, districtsPerCity: [11, 15], districtScale: 4.7, sizeFactor: 0.42 },
};

const PROFILE_SEEDS: Record<SeedProfile, number> = { district: 0x5eed0001, city: 0x5eed0002, province: 0x5eed0003 };

// ---------------------------------------------------------------------------------------------------------
// People kinds: where a roll sits decides its age, sex and education mix.

type Kind = 'organ' | 'school' | 'hospital' | 'soe' | 'private' | 'social' | 'rural' | 'community' | 'retired';

/** Age bands ≤30, 31–35 … 56–60, ≥61 (the national statistics' bands), per kind of unit, in percent. */
const AGE_WEIGHTS: Record<Kind, readonly number[]> = {
  organ: [16, 14, 15, 13, 13, 13, 11, 5],
  school: [20, 15, 14, 12, 12, 11, 9, 7],
  hospital: [21, 15, 14, 12, 11, 11, 9, 7],
  soe: [16, 13, 13, 13, 13, 13, 11, 8],
  private: [32, 22, 17, 11, 8, 5, 3, 2],
  social: [22, 15, 12, 10, 10, 10, 9, 12],
  rural: [12, 8, 8, 8, 9, 11, 12, 32],
  community: [12, 8, 8, 7, 8, 9, 11, 37],
  retired: [0, 0, 0, 0, 0, 0, 8, 92],
};
const AGE_BAND_RANGES: readonly (readonly [number, number])[] = [
  [21, 30], [31, 35], [36, 40], [41, 45], [46, 50], [51, 55], [56, 60], [61, 95],
];
const FEMALE_SHARE: Record<Kind, number> = {
  organ: 0.3, school: 0.58, hospital: 0.6, soe: 0.27, private: 0.33, social: 0.46, rural: 0.18, community: 0.41, retired: 0.35,
};
/** Share with junior college or above before the age adjustment. */
const COLLEGE_SHARE: Record<Kind, number> = {
  organ: 0.96, school: 0.97, hospital: 0.93, soe: 0.84, private: 0.7, social: 0.68, rural: 0.44, community: 0.72, retired: 0.7,
};
const FLOATING_SHARE: Record<Kind, number> = {
  organ: 0.005, school: 0.005, hospital: 0.005, soe: 0.01, private: 0.07, social: 0.05, rural: 0.12, community: 0.08, retired: 0,
};
/** Shares of the development pipeline and of ended memberships on a roll; the rest are full members. */
type Mix = { probationary: number; candidate: number; activist: number; applicant: number; transferred: number; deceased: number };
const BASE_MIX: Mix = { probationary: 0.03, candidate: 0.015, activist: 0.03, applicant: 0.025, transferred: 0.012, deceased: 0.006 };
const YOUNG_MIX: Mix = { probationary: 0.045, candidate: 0.025, activist: 0.045, applicant: 0.04, transferred: 0.02, deceased: 0 };
const RETIRED_MIX: Mix = { probationary: 0, candidate: 0, activist: 0, applicant: 0, transferred: 0.004, deceased: 0.02 };

type Roll = {
  kind: Kind;
  size: number;
  full: number;
  probationary: number;
  candidate: number;
  activist: number;
  applicant: number;
  transferred: number;
  deceased: number;
};

function composeRoll(r: Rng, kind: Kind, size: number): Roll {
  const mix = kind === 'retired' ? RETIRED_MIX : kind === 'private' || kind === 'social' ? YOUNG_MIX : BASE_MIX;
  const roll: Roll = {
    kind,
    size,
    full: 0,
    probationary: share(r, size, mix.probationary),
    candidate: share(r, size, mix.candidate),
    activist: share(r, size, mix.activist),
    applicant: share(r, size, mix.applicant),
    transferred: share(r, size, mix.transferred),
    deceased: share(r, size, mix.deceased),
  };
  const others = ['probationary', 'candidate', 'activist', 'applicant', 'transferred', 'deceased'] as const;
  // A branch is set up with at least three full members (党章 Art.30).
  const minFull = Math.min(size, 3);
  let rest = size - others.reduce((s, k) => s + roll[k], 0);
  while (rest < minFull) {
    const k = others.reduce((a, b) => (roll[b] > roll[a] ? b : a));
    roll[k]--;
    rest++;
  }
  roll.full = rest;
  return roll;
}

// ---------------------------------------------------------------------------------------------------------
// The tree builder

type TermRule = 'five' | 'three' | 'none';

type OrgSpec = {
  seg: string;
  name: string;
  type: OrgType;
  field: string | null;
  level?: OrgLevel;
  term: TermRule;
  est: readonly [number, number];
  roll?: { kind: Kind; size: number };
};

type Builder = {
  /** Drives the shape of the tree: counts, sizes, names. */
  r: Rng;
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

function addOrg(b: Builder, parent: GeneratedOrg | null, spec: OrgSpec): GeneratedOrg {
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

/** Distinct made-up two-syllable place names. */
function placeNames(r: Rng, n: number, taken: Set<string>): string[] {
  const out: string[] = [];
  for (let tries = 0; out.length < n && tries < n * 50; tries++) {
    const name = pick(r, PLACE_FIRST) + pick(r, PLACE_SECOND);
    if (taken.has(name)) continue;
    taken.add(name);
    out.push(name);
  }
  for (let i = 1; out.length < n; i++) out.push(`${pick(r, PLACE_FIRST)}${pick(r, PLACE_SECOND)}${ordinal(i)}`);
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
      roll: { kind: name.includes('离退休') ? 'retired' : kind, size: name.includes('离退休') ? retiredSize(b) : size() },
    }),
  );
}

const sz = (b: Builder, n: number): number => Math.max(3, Math.round(n * b.sizeFactor));
const retiredSize = (b: Builder): number => sz(b, tri(b.r, 30, 55, 110));
const numbered = (n: number, suffix = '党支部'): string[] => Array.from({ length: n }, (_, i) => `第${ordinal(i + 1)}${suffix}`);

/** 党小组 under a larger branch: set up by the branch, no roll of their own (members stay on the branch). */
function addGroups(b: Builder, branch: GeneratedOrg, field: string, label: (i: number) => string): void {
  const n = intIn(b.r, 2, 3);
  for (let i = 1; i <= n; i++) {
    addOrg(b, branch, { seg: `Z${pad2(i)}`, name: label(i), type: 'group', field, term: 'none', est: [2005, 2022] });
  }
}

/** The organs of one level (区直/市直/省直机关工委) with their branches. */
function buildOrgans(b: Builder, parent: GeneratedOrg, levelName: string, levelChar: string, units: number, large: number): void {
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
      const w = addOrg(b, parent, { seg: `W${pad2(i + 1)}`, name: `${unit}党委`, type: 'committee', field: 'organ', term: 'five', est: [1955, 1995] });
      addBranches(b, w, [...numbered(intIn(r, 3, 6)), '离退休干部党支部'], 'organ', 'three', [1985, 2018], 'organ', () =>
        sz(b, tri(r, 20, 34, 52)),
      );
    } else {
      const g = addOrg(b, parent, { seg: `G${pad2(i + 1)}`, name: `${unit}机关党总支`, type: 'general_branch', field: 'organ', term: 'three', est: [1980, 2010] });
      addBranches(b, g, [...numbered(intIn(r, 2, 3)), '离退休干部党支部'], 'organ', 'three', [1985, 2018], 'organ', () =>
        sz(b, tri(r, 18, 30, 48)),
      );
    }
  });
}

type DistrictPlaces = { name: string; towns: string[]; streets: string[] };

function buildDistrict(b: Builder, parent: GeneratedOrg, index: number, dName: string, scale: number, taken: Set<string>): void {
  const { r } = b;
  const townCount = Math.round(6 * scale * (0.9 + 0.2 * r()));
  const streetCount = Math.round(3 * scale * (0.9 + 0.2 * r()));
  const places: DistrictPlaces = { name: dName, towns: placeNames(r, townCount, taken), streets: placeNames(r, streetCount, taken) };
  const soft = Math.pow(scale, 0.6); // organs and hospitals grow slower than towns and firms

  const qw = addOrg(b, parent, { seg: `D${pad2(index)}`, name: `${dName}委`, type: 'committee', field: 'organ', level: 'district', term: 'five', est: [1949, 1985] });

  const jg = addOrg(b, qw, { seg: 'JG', name: `${dName}直机关工委`, type: 'working_committee', field: 'organ', term: 'none', est: [1980, 2005] });
  buildOrgans(b, jg, dName, '区', jitter(r, 26 * soft), Math.min(LARGE_ORGANS.length, Math.round(3 * soft)));

  buildEducation(b, qw, places, scale);
  buildHealth(b, qw, places, soft);
  buildSoe(b, qw, dName, soft);
  buildTwoNew(b, qw, places, scale);

  places.towns.forEach((t, i) => buildTown(b, qw, i + 1, t));
  places.streets.forEach((s, i) => buildStreet(b, qw, i + 1, s));
}

function buildEducation(b: Builder, qw: GeneratedOrg, p: DistrictPlaces, scale: number): void {
  const { r } = b;
  const jy = addOrg(b, qw, { seg: 'JY', name: `${p.name}委教育工委`, type: 'working_committee', field: 'school', term: 'none', est: [1985, 2010] });
  let n = 0;
  const seg = () => `X${pad2(++n)}`;
  const highSchools = jitter(r, 2 * scale);
  for (let i = 1; i <= highSchools; i++) {
    const school = addOrg(b, jy, { seg: seg(), name: `${p.name}第${ordinal(i)}中学党委`, type: 'committee', field: 'school', term: 'five', est: [1952, 1990] });
    const names = ['高一年级党支部', '高二年级党支部', '高三年级党支部'];
    if (r() < 0.7) names.push('行政后勤党支部');
    names.push('离退休教师党支部');
    addBranches(b, school, names, 'school', 'three', [1985, 2015], 'school', () =>
      sz(b, tri(r, 18, 30, 46)),
    );
  }
  const vocational = addOrg(b, jy, { seg: seg(), name: `${p.name}职业技术学校党总支`, type: 'general_branch', field: 'school', term: 'three', est: [1980, 2005] });
  addBranches(b, vocational, ['教师第一党支部', '教师第二党支部', '学生党支部'], 'school', 'three', [1990, 2015], 'school', () => sz(b, tri(r, 10, 24, 40)));
  // Middle schools of the towns; the larger ones have a general branch.
  for (const t of p.towns) {
    if (r() < 0.35) {
      const g = addOrg(b, jy, { seg: seg(), name: `${t}中学党总支`, type: 'general_branch', field: 'school', term: 'three', est: [1960, 2000] });
      addBranches(b, g, ['教师第一党支部', '教师第二党支部'], 'school', 'three', [1990, 2015], 'school', () => sz(b, tri(r, 14, 26, 40)));
    } else {
      addOrg(b, jy, { seg: seg(), name: `${t}中学党支部`, type: 'branch', field: 'school', term: 'three', est: [1960, 2005], roll: { kind: 'school', size: sz(b, tri(r, 14, 30, 48)) } });
    }
    addOrg(b, jy, { seg: seg(), name: `${t}中心小学党支部`, type: 'branch', field: 'school', term: 'three', est: [1960, 2005], roll: { kind: 'school', size: sz(b, tri(r, 12, 26, 44)) } });
  }
  const primaries = jitter(r, 4 * scale);
  for (let i = 1; i <= primaries; i++) {
    const name = i === 1 ? `${p.name}实验小学党支部` : `${p.name}第${ordinal(i)}小学党支部`;
    addOrg(b, jy, { seg: seg(), name, type: 'branch', field: 'school', term: 'three', est: [1955, 2012], roll: { kind: 'school', size: sz(b, tri(r, 14, 30, 50)) } });
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
  const wj = addOrg(b, qw, { seg: 'WJ', name: `${p.name}卫生健康局党委`, type: 'committee', field: 'hospital', term: 'five', est: [1985, 2010] });
  let n = 0;
  const seg = () => `Y${pad2(++n)}`;
  const hospitals = Math.min(HOSPITAL_NAMES.length, Math.max(2, Math.round(2 * soft)));
  for (const h of HOSPITAL_NAMES.slice(0, hospitals)) {
    const hw = addOrg(b, wj, { seg: seg(), name: `${p.name}${h}党委`, type: 'committee', field: 'hospital', term: 'five', est: [1955, 1995] });
    const branches = HOSPITAL_BRANCHES.slice(0, intIn(r, 4, HOSPITAL_BRANCHES.length));
    addBranches(b, hw, [...branches, '离退休党支部'], 'hospital', 'three', [1985, 2015], 'hospital', () => sz(b, tri(r, 22, 38, 58)));
  }
  for (const unit of ['妇幼保健院', '疾病预防控制中心']) {
    addOrg(b, wj, { seg: seg(), name: `${p.name}${unit}党支部`, type: 'branch', field: 'hospital', term: 'three', est: [1975, 2005], roll: { kind: 'hospital', size: sz(b, tri(r, 14, 26, 42)) } });
  }
  for (const t of p.towns) {
    addOrg(b, wj, { seg: seg(), name: `${t}镇卫生院党支部`, type: 'branch', field: 'hospital', term: 'three', est: [1970, 2005], roll: { kind: 'hospital', size: sz(b, tri(r, 8, 16, 30)) } });
  }
  for (const s of p.streets) {
    addOrg(b, wj, { seg: seg(), name: `${s}街道社区卫生服务中心党支部`, type: 'branch', field: 'hospital', term: 'three', est: [2000, 2015], roll: { kind: 'hospital', size: sz(b, tri(r, 6, 12, 22)) } });
  }
}

function buildSoe(b: Builder, qw: GeneratedOrg, dName: string, soft: number): void {
  const { r } = b;
  const gz = addOrg(b, qw, { seg: 'GZ', name: `${dName}国资委党委`, type: 'committee', field: 'soe', term: 'five', est: [2004, 2012] });
  const count = Math.min(SOE_NAMES.length, jitter(r, 4 * soft));
  SOE_NAMES.slice(0, count).forEach((soe, i) => {
    const name = `${dName}${soe}`;
    const seg = `Q${pad2(i + 1)}`;
    if (i < Math.ceil(count / 2)) {
      const c = addOrg(b, gz, { seg, name: `${name}党委`, type: 'committee', field: 'soe', term: 'five', est: [1995, 2015] });
      const names = SOE_BRANCHES.slice(0, intIn(r, 3, SOE_BRANCHES.length - 1));
      if (r() < 0.5) names.push('离退休党支部');
      addBranches(b, c, names, 'soe', 'three', [2000, 2018], 'soe', () => sz(b, tri(r, 16, 34, 54)));
    } else if (r() < 0.5) {
      const g = addOrg(b, gz, { seg, name: `${name}党总支`, type: 'general_branch', field: 'soe', term: 'three', est: [2000, 2018] });
      addBranches(b, g, ['机关党支部', '生产经营党支部'], 'soe', 'three', [2005, 2018], 'soe', () => sz(b, tri(r, 15, 28, 45)));
    } else {
      addOrg(b, gz, { seg, name: `${name}党支部`, type: 'branch', field: 'soe', term: 'three', est: [2005, 2020], roll: { kind: 'soe', size: sz(b, tri(r, 12, 26, 48)) } });
    }
  });
}

function buildTwoNew(b: Builder, qw: GeneratedOrg, p: DistrictPlaces, scale: number): void {
  const { r } = b;
  const lx = addOrg(b, qw, { seg: 'LX', name: `${p.name}非公企业和社会组织综合党委`, type: 'committee', field: 'private', term: 'five', est: [2008, 2016] });
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
    const g = addOrg(b, lx, { seg: `G${pad2(i)}`, name: `${firmName()}集团有限公司党总支`, type: 'general_branch', field: 'private', term: 'three', est: [2005, 2020] });
    addBranches(b, g, ['生产党支部', '研发党支部', '营销党支部'].slice(0, intIn(r, 2, 3)), 'private', 'three', [2008, 2021], 'private', () =>
      sz(b, tri(r, 12, 26, 44)),
    );
  }
  const privates = jitter(r, 12 * scale);
  for (let i = 1; i <= privates; i++) {
    addOrg(b, lx, { seg: `F${pad2(i)}`, name: `${firmName()}有限公司党支部`, type: 'branch', field: 'private', term: 'three', est: [2002, 2023], roll: { kind: 'private', size: sz(b, tri(r, 4, 12, 42)) } });
  }
  const socials = jitter(r, 5 * scale);
  for (let i = 1; i <= socials; i++) {
    const unit = SOCIAL_NAMES[(i - 1) % SOCIAL_NAMES.length]!;
    // Past the district-wide associations, the same kinds of organisation appear in the towns.
    const where = i <= SOCIAL_NAMES.length || p.towns.length === 0 ? p.name : `${pick(r, p.towns)}镇`;
    addOrg(b, lx, { seg: `H${pad2(i)}`, name: `${where}${unit}党支部`, type: 'branch', field: 'social', term: 'three', est: [2008, 2023], roll: { kind: 'social', size: sz(b, tri(r, 3, 7, 16)) } });
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
    addOrg(b, lx, { seg: `LJ${pad2(i + 1)}`, name: `${s}街道商圈联合党支部`, type: 'joint_branch', field: 'private', term: 'three', est: [2012, 2023], roll: { kind: 'private', size: sz(b, tri(r, 5, 9, 15)) } });
  });
}

function buildTown(b: Builder, qw: GeneratedOrg, index: number, town: string): void {
  const { r } = b;
  const t = addOrg(b, qw, { seg: `T${pad2(index)}`, name: `${town}镇党委`, type: 'committee', field: 'rural', level: 'town', term: 'five', est: [1950, 1985] });
  addOrg(b, t, { seg: 'JG', name: `${town}镇机关党支部`, type: 'branch', field: 'organ', term: 'three', est: [1985, 2010], roll: { kind: 'organ', size: sz(b, tri(r, 28, 42, 62)) } });
  const villages = villageNames(r, intIn(r, 10, 18));
  villages.forEach((v, i) => {
    const seg = `V${pad2(i + 1)}`;
    // A village's members: most 25–80; some large villages past 100 have a committee.
    const total = sz(b, r() < 0.06 ? tri(r, 110, 160, 260) : tri(r, 28, 58, 120));
    if (total > 105) {
      const c = addOrg(b, t, { seg, name: `${v}村党委`, type: 'committee', field: 'rural', level: 'village', term: 'five', est: [1950, 2000] });
      const n = Math.max(3, Math.round(total / 42));
      const branches = addBranches(b, c, [...numbered(n - 1), '老党员党支部'], 'rural', 'five', [1990, 2021], 'rural', () => sz(b, tri(r, 28, 40, 56)));
      for (const br of branches) if (br.rollSize >= 40 && r() < 0.06) addGroups(b, br, 'rural', (k) => `第${ordinal(k)}党小组`);
    } else if (total > 85 && r() < 0.8) {
      const g = addOrg(b, t, { seg, name: `${v}村党总支`, type: 'general_branch', field: 'rural', level: 'village', term: 'five', est: [1950, 2005] });
      const n = Math.max(2, Math.round(total / 38));
      const each = Math.round(total / n);
      const branches = addBranches(b, g, numbered(n), 'rural', 'five', [1990, 2021], 'rural', () => Math.max(3, each + intIn(r, -6, 6)));
      for (const br of branches) if (br.rollSize >= 40 && r() < 0.06) addGroups(b, br, 'rural', (k) => `第${ordinal(k)}党小组`);
    } else {
      const br = addOrg(b, t, { seg, name: `${v}村党支部`, type: 'branch', field: 'rural', level: 'village', term: 'five', est: [1950, 2005], roll: { kind: 'rural', size: total } });
      if (br.rollSize >= 45 && r() < 0.08) addGroups(b, br, 'rural', (k) => `第${ordinal(k)}党小组`);
    }
  });
}

function buildStreet(b: Builder, qw: GeneratedOrg, index: number, street: string): void {
  const { r } = b;
  const s = addOrg(b, qw, { seg: `J${pad2(index)}`, name: `${street}街道党工委`, type: 'working_committee', field: 'community', level: 'street', term: 'none', est: [1990, 2012] });
  addOrg(b, s, { seg: 'JG', name: `${street}街道机关党支部`, type: 'branch', field: 'organ', term: 'three', est: [1995, 2012], roll: { kind: 'organ', size: sz(b, tri(r, 24, 38, 56)) } });
  const count = intIn(r, 5, 10);
  const start = intIn(r, 0, COMMUNITY_NAMES.length - 1);
  for (let i = 0; i < count; i++) {
    // Stepping by 7 through the 40 names never repeats one within a street.
    const c = COMMUNITY_NAMES[(start + i * 7) % COMMUNITY_NAMES.length]!;
    const seg = `S${pad2(i + 1)}`;
    // Urban communities hold many retired members, so their rolls run larger than a workplace branch's.
    const total = sz(b, r() < 0.12 ? tri(r, 150, 220, 360) : tri(r, 40, 85, 170));
    if (total > 150) {
      const cw = addOrg(b, s, { seg, name: `${c}社区党委`, type: 'committee', field: 'community', level: 'community', term: 'five', est: [1995, 2015] });
      const n = Math.max(3, Math.round(total / 45));
      const branches = addBranches(b, cw, [...numbered(n - 1, '网格党支部'), '离退休党员党支部'], 'community', 'five', [2000, 2021], 'community', () =>
        sz(b, tri(r, 28, 40, 56)),
      );
      for (const br of branches) if (br.rollSize >= 40 && r() < 0.06) addGroups(b, br, 'community', (k) => `第${ordinal(k)}楼栋党小组`);
    } else if (total > 95) {
      const g = addOrg(b, s, { seg, name: `${c}社区党总支`, type: 'general_branch', field: 'community', level: 'community', term: 'five', est: [1995, 2015] });
      const n = Math.max(2, Math.round(total / 40));
      addBranches(b, g, [...numbered(n - 1, '网格党支部'), '离退休党员党支部'], 'community', 'five', [2000, 2021], 'community', () =>
        sz(b, tri(r, 26, 38, 54)),
      );
    } else {
      const br = addOrg(b, s, { seg, name: `${c}社区党支部`, type: 'branch', field: 'community', level: 'community', term: 'five', est: [1995, 2015], roll: { kind: 'community', size: total } });
      if (br.rollSize >= 45 && r() < 0.08) addGroups(b, br, 'community', (k) => `第${ordinal(k)}楼栋党小组`);
    }
  }
}

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
      return ['secretary', 'deputy_secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline', 'member'];
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

const TITLE_CODES: readonly PositionTitle[] = ['secretary', 'deputy_secretary', 'organization', 'propaganda', 'discipline', 'youth', 'member'];

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
  return { org: Int32Array.from(orgCol), person: Int32Array.from(personCol), title: Uint8Array.from(titleCol), count: orgCol.length };
}

// ---------------------------------------------------------------------------------------------------------
// People

const pickSurname = weighted(SURNAMES);
const pickMinority = weighted(MINORITIES);
const EDU_HIGH_PRO: readonly (readonly [Education, number])[] = [['postgraduate', 12], ['bachelor', 66], ['college', 22]];
const EDU_HIGH_OTHER: readonly (readonly [Education, number])[] = [['postgraduate', 3], ['bachelor', 45], ['college', 52]];
const EDU_LOW_RURAL: readonly (readonly [Education, number])[] = [['secondary', 15], ['high_school', 35], ['junior_or_below', 50]];
const EDU_LOW_OTHER: readonly (readonly [Education, number])[] = [['secondary', 35], ['high_school', 40], ['junior_or_below', 25]];
const pickHighPro = weighted(EDU_HIGH_PRO);
const pickHighOther = weighted(EDU_HIGH_OTHER);
const pickLowRural = weighted(EDU_LOW_RURAL);
const pickLowOther = weighted(EDU_LOW_OTHER);
const AGE_PICKERS = Object.fromEntries(
  (Object.keys(AGE_WEIGHTS) as Kind[]).map((k) => [k, weighted(AGE_WEIGHTS[k].map((w, i) => [i, w] as const))]),
) as Record<Kind, (r: Rng) => number>;

function memberAge(r: Rng, kind: Kind): number {
  const band = AGE_PICKERS[kind](r);
  // Past 61 the numbers fall off with age (density ∝ 95 − age).
  if (band === 7) return 95 - Math.floor(34 * Math.sqrt(r()));
  const [lo, hi] = AGE_BAND_RANGES[band]!;
  return intIn(r, lo, hi);
}

function educationOf(r: Rng, kind: Kind, age: number): Education {
  let p = COLLEGE_SHARE[kind];
  if (age >= 61) p *= 0.6;
  else if (age >= 51) p *= 0.85;
  else if (age <= 40) p *= 1.12;
  if (r() < Math.min(p, 0.99)) {
    return kind === 'organ' || kind === 'school' || kind === 'hospital' ? pickHighPro(r) : pickHighOther(r);
  }
  return kind === 'rural' || kind === 'retired' || kind === 'community' ? pickLowRural(r) : pickLowOther(r);
}

type PeopleState = {
  today: number;
  /** Day number of `today` minus n years, n = 0 … 110. */
  yearsAgo: number[];
  nameCache: Map<string, { pinyin: string; initials: string }>;
  idSlots: Map<number, number>;
  idCounty: number;
};

function nameOf(r: Rng, gender: Gender, age: number): string {
  const chars = gender === 'male' ? GIVEN_MALE : GIVEN_FEMALE;
  // One-character given names were common among the older generations.
  const single = r() < (age >= 55 ? 0.35 : 0.12);
  return pickSurname(r) + (single ? pick(r, chars) : pick(r, chars) + pick(r, chars));
}

function idNumberOf(s: PeopleState, birth: number, gender: Gender): string {
  const key = birth * 2 + (gender === 'male' ? 1 : 0);
  const slot = s.idSlots.get(key) ?? 0;
  s.idSlots.set(key, slot + 1);
  const county = s.idCounty + Math.floor(slot / SLOTS_PER_COUNTY);
  if (county > 99) throw new Error('身份证号区段已用完：同一数据库中生成的演示城市过多');
  const k = slot % SLOTS_PER_COUNTY;
  const seq = gender === 'male' ? 2 * k + 1 : 2 * k + 2;
  const [y, m, d] = civilFromDays(birth);
  const first17 = `${ID_PREFIX}${pad2(county)}${y}${pad2(m)}${pad2(d)}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

type Stage = 'leader' | 'full' | MemberStatus;

function makePerson(s: PeopleState, r: Rng, org: GeneratedOrg, kind: Kind, id: number, stage: Stage, leaderSlot: number): GeneratedPerson {
  const status: MemberStatus = stage === 'leader' ? 'full' : stage;
  const pipeline = status === 'applicant' || status === 'activist' || status === 'candidate' || status === 'probationary';
  let age: number;
  if (stage === 'leader') {
    if (kind === 'retired') age = intIn(r, 61, 72);
    else if (kind === 'private') age = intIn(r, 28, 50);
    else age = leaderSlot === 0 ? intIn(r, 38, 58) : intIn(r, 30, 56);
  } else if (status === 'applicant') age = 18 + Math.floor(17 * Math.pow(r(), 1.6));
  else if (status === 'activist') age = 19 + Math.floor(18 * Math.pow(r(), 1.5));
  else if (status === 'candidate' || status === 'probationary') age = 21 + Math.floor((kind === 'rural' ? 24 : 17) * Math.pow(r(), 1.5));
  else if (status === 'deceased') age = 95 - Math.floor(28 * Math.sqrt(r()));
  else age = memberAge(r, kind);

  const gender: Gender = r() < FEMALE_SHARE[kind] + (pipeline ? 0.12 : 0) ? 'female' : 'male';
  const hi = s.yearsAgo[age]!;
  const birth = hi - intIn(r, 0, hi - s.yearsAgo[age + 1]! - 1);
  const birth18 = addYears(birth, 18);
  const name = nameOf(r, gender, age);
  let keys = s.nameCache.get(name);
  if (!keys) {
    keys = nameKeys(name);
    s.nameCache.set(name, keys);
  }

  let appliedOn: number | null = null;
  let joinDate: number | null = null;
  let fullDate: number | null = null;
  if (status === 'full' || status === 'transferred_out' || status === 'deceased') {
    // Joined at 19 or later (application at 18 plus at least a year as activist), full one year after.
    const latest = s.yearsAgo[1]! - 1;
    const earliest = birth18 + 400;
    const joinAge = 19.3 + (Math.min(age - 1, 60) - 19.3) * Math.pow(r(), 1.8);
    joinDate = Math.max(earliest, Math.min(latest, birth + Math.round(joinAge * 365.25)));
    if (isLeapDay(joinDate)) joinDate--;
    fullDate = addYears(joinDate, 1);
    appliedOn = Math.max(birth18, joinDate - intIn(r, 400, 1100));
  } else if (status === 'probationary') {
    joinDate = Math.max(birth18 + 1, s.today - intIn(r, 1, 360));
    if (isLeapDay(joinDate)) joinDate--;
    appliedOn = Math.max(birth18, joinDate - intIn(r, 400, 1000));
  } else if (status === 'candidate') {
    appliedOn = Math.max(birth18, s.today - intIn(r, 420, 1100));
  } else if (status === 'activist') {
    appliedOn = Math.max(birth18, s.today - intIn(r, 120, 700));
  } else {
    appliedOn = Math.max(birth18, s.today - intIn(r, 10, 300));
  }

  const retired =
    kind === 'retired' || (age >= 60 ? r() < (kind === 'rural' ? 0.75 : 0.92) : age >= 55 && gender === 'female' && r() < 0.4);
  const floating =
    stage !== 'leader' && (status === 'full' || status === 'probationary') && age < 60 && r() < FLOATING_SHARE[kind];

  return {
    id,
    orgId: org.id,
    regionId: org.regionId,
    name,
    namePinyin: keys.pinyin,
    nameInitials: keys.initials,
    gender,
    ethnicity: r() < 0.923 ? '汉族' : pickMinority(r),
    birthDate: isoOf(birth),
    education: educationOf(r, kind, age),
    idNumber: idNumberOf(s, birth, gender),
    phone: null,
    status,
    appliedOn: appliedOn === null ? null : isoOf(appliedOn),
    joinDate: joinDate === null ? null : isoOf(joinDate),
    fullDate: fullDate === null ? null : isoOf(fullDate),
    isFloating: floating,
    isRetired: retired,
  };
}

function* peopleOf(b: Builder, seed: number, s: PeopleState): Generator<GeneratedPerson> {
  for (let i = 0; i < b.orgs.length; i++) {
    const roll = b.rolls[i];
    if (!roll) continue;
    const org = b.orgs[i]!;
    const r = mulberry32(mix(seed, i + 1));
    let id = org.firstPersonId;
    const leaders = Math.min(roll.full, 7);
    for (let k = 0; k < roll.full; k++) yield makePerson(s, r, org, roll.kind, id++, k < leaders ? 'leader' : 'full', k);
    const rest: [MemberStatus, number][] = [
      ['probationary', roll.probationary],
      ['candidate', roll.candidate],
      ['activist', roll.activist],
      ['applicant', roll.applicant],
      ['transferred_out', roll.transferred],
      ['deceased', roll.deceased],
    ];
    for (const [status, n] of rest) for (let k = 0; k < n; k++) yield makePerson(s, r, org, roll.kind, id++, status, -1);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Accounts

function planAccounts(orgs: readonly GeneratedOrg[], prefix: string, profile: SeedProfile): GeneratedAccount[] {
  const u = prefix.toLowerCase();
  const root = orgs[0]!;
  const accounts: GeneratedAccount[] = [
    { username: `${u}admin`, displayName: '系统管理员', role: 'sysadmin', orgId: root.id, orgName: root.name, personId: null },
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
      accounts.push({ username: `${u}${city}`, displayName: `${org.name}组织部管理员`, role: 'orgadmin', orgId: org.id, orgName: org.name, personId: null });
    } else if (org.level === 'district') {
      district = `${city ? `${city}-` : ''}qu${pad2(++districtNo)}`;
      townNo = 0;
      streetNo = 0;
      accounts.push({ username: `${u}${district}`, displayName: `${org.name}组织部管理员`, role: 'orgadmin', orgId: org.id, orgName: org.name, personId: null });
    } else if (org.level === 'town') {
      accounts.push({ username: `${u}${district}-zhen${pad2(++townNo)}`, displayName: `${org.name.replace(/党委$/, '')}党建办管理员`, role: 'orgadmin', orgId: org.id, orgName: org.name, personId: null });
    } else if (org.level === 'street') {
      accounts.push({ username: `${u}${district}-jd${pad2(++streetNo)}`, displayName: `${org.name.replace(/党工委$/, '')}党建办管理员`, role: 'orgadmin', orgId: org.id, orgName: org.name, personId: null });
    } else if (!demoBranch && org.level === 'village' && org.type === 'branch' && org.fullMembers >= 9) {
      demoBranch = org;
    }
  }
  if (demoBranch) {
    const secretary = demoBranch.firstPersonId;
    // The first full member after the cadres holds no office.
    const member = demoBranch.firstPersonId + 7;
    accounts.push(
      { username: `${u}shuji`, displayName: `${demoBranch.name}书记`, role: 'secretary', orgId: demoBranch.id, orgName: demoBranch.name, personId: secretary },
      { username: `${u}dangyuan`, displayName: `${demoBranch.name}党员`, role: 'member', orgId: demoBranch.id, orgName: demoBranch.name, personId: member },
    );
  }
  return accounts;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Generates the fictional city (district/city profiles: 青川市 with one or ten districts) or province
 * (青岚省 with its cities). Organisation ids run from firstOrgId in depth-first order (a parent before its
 * children), person ids from firstPersonId in organisation order.
 */
export function generateCity(profile: SeedProfile, opts: GenerateOptions): GeneratedCity {
  const spec = PROFILES[profile];
  const seed = PROFILE_SEEDS[profile];
  const today = daysOf(opts.today);
  const b: Builder = {
    r: mulberry32(seed),
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
    const city = addOrg(b, parent, { seg, name: `${cityName}委`, type: 'committee', field: 'organ', level: 'city', term: 'five', est: [1949, 1952] });
    const jg = addOrg(b, city, { seg: 'JG', name: `${cityName}直机关工委`, type: 'working_committee', field: 'organ', term: 'none', est: [1978, 2000] });
    buildOrgans(b, jg, cityName, '市', parent === null && profile === 'district' ? 8 : 36, profile === 'district' ? 0 : 4);
    const [lo, hi] = spec.districtsPerCity;
    const districts = intIn(r, lo, hi);
    const names = placeNames(r, districts, taken);
    names.forEach((d, i) => buildDistrict(b, city, i + 1, `${d}区`, spec.districtScale, taken));
    return city;
  };

  let name: string;
  if (spec.cities === 0) {
    name = '青川市';
    buildCity(null, 'C01', name);
  } else {
    name = '青岚省';
    const root = addOrg(b, null, { seg: 'P01', name: `${name}委`, type: 'committee', field: 'organ', level: 'province', term: 'five', est: [1949, 1950] });
    const jg = addOrg(b, root, { seg: 'JG', name: `${name}直机关工委`, type: 'working_committee', field: 'organ', term: 'none', est: [1955, 1985] });
    buildOrgans(b, jg, name, '省', ORGAN_UNITS.length, LARGE_ORGANS.length);
    const cityNames = ['青川', ...placeNames(r, spec.cities - 1, taken)];
    cityNames.forEach((c, i) => buildCity(root, `C${pad2(i + 1)}`, `${c}市`));
  }

  const positions = planPositions(b, seed);
  const accounts = planAccounts(b.orgs, b.codePrefix, profile);
  const personCount = b.nextPersonId - opts.firstPersonId;
  const idCounty = opts.idNumberCounty ?? 0;

  const newPeopleState = (): PeopleState => ({
    today,
    yearsAgo: Array.from({ length: 112 }, (_, n) => addYears(today, -n)),
    nameCache: new Map(),
    idSlots: new Map(),
    idCounty,
  });

  return {
    profile,
    name,
    root: b.orgs[0]!,
    orgs: b.orgs,
    personCount,
    positionCount: positions.count,
    accounts,
    people: () => peopleOf(b, seed, newPeopleState()),
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

/** Exposed for tests: the calendar rule the generator uses for "n years after" (29 Feb → 1 Mar). */
export function addYearsIso(iso: string, years: number): string {
  return isoOf(addYears(daysOf(iso), years));
}
