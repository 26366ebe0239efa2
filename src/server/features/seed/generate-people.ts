import { nameKeys } from '../../../domain/people/name-keys.ts';
import type { Education, Gender, MemberStatus } from '../../../domain/people/vocab.ts';
import { addYears, civilFromDays, isLeapDay, isoOf } from './day-numbers.ts';
import type { GeneratedOrg, GeneratedPerson } from './generate-types.ts';
import { intIn, mix, mulberry32, pad2, type Rng, share, weighted } from './prng.ts';
import { GIVEN_FEMALE, GIVEN_MALE, MINORITIES, SURNAMES } from './tables.ts';

/**
 * The people of the generated city: each roll's make-up (full members, the development pipeline, ended
 * memberships) and every person's particulars, drawn so that the totals follow the national statistics
 * (women 30.9%, minorities 7.7%, junior college or above 57.6%, ≤30 12.2%, ≥61 28.9%).
 */

/** Where a roll sits decides its age, sex and education mix. */
export type Kind = 'organ' | 'school' | 'hospital' | 'soe' | 'private' | 'social' | 'rural' | 'community' | 'retired';

/** Age bands ≤30, 31–35 … 56–60, ≥61 (the national statistics' bands), per kind of unit, in percent. */
const AGE_WEIGHTS: Record<Kind, readonly number[]> = {
  organ: [16, 14, 15, 13, 13, 13, 11, 5],
  school: [20, 15, 14, 12, 12, 11, 9, 7],
  hospital: [21, 15, 14, 12, 11, 11, 9, 7],
  soe: [16, 13, 13, 13, 13, 13, 11, 8],
  private: [32, 22, 17, 11, 8, 5, 3, 2],
  social: [22, 15, 12, 10, 10, 10, 9, 12],
  rural: [12, 7, 7, 8, 9, 11, 12, 34],
  community: [12, 7, 7, 7, 8, 9, 11, 39],
  retired: [0, 0, 0, 0, 0, 0, 8, 92],
};
const AGE_BAND_RANGES: readonly (readonly [number, number])[] = [
  [21, 30],
  [31, 35],
  [36, 40],
  [41, 45],
  [46, 50],
  [51, 55],
  [56, 60],
  [61, 95],
];
const FEMALE_SHARE: Record<Kind, number> = {
  organ: 0.32,
  school: 0.58,
  hospital: 0.6,
  soe: 0.29,
  private: 0.34,
  social: 0.46,
  rural: 0.2,
  community: 0.44,
  retired: 0.36,
};
/** Share with junior college or above before the age adjustment. */
const COLLEGE_SHARE: Record<Kind, number> = {
  organ: 0.96,
  school: 0.97,
  hospital: 0.93,
  soe: 0.84,
  private: 0.7,
  social: 0.68,
  rural: 0.44,
  community: 0.72,
  retired: 0.7,
};
const FLOATING_SHARE: Record<Kind, number> = {
  organ: 0.005,
  school: 0.005,
  hospital: 0.005,
  soe: 0.01,
  private: 0.07,
  social: 0.05,
  rural: 0.12,
  community: 0.08,
  retired: 0,
};
/** Shares of the development pipeline and of ended memberships on a roll; the rest are full members. */
type Mix = {
  probationary: number;
  candidate: number;
  activist: number;
  applicant: number;
  transferred: number;
  deceased: number;
};
const BASE_MIX: Mix = {
  probationary: 0.03,
  candidate: 0.015,
  activist: 0.03,
  applicant: 0.025,
  transferred: 0.012,
  deceased: 0.006,
};
const YOUNG_MIX: Mix = {
  probationary: 0.045,
  candidate: 0.025,
  activist: 0.045,
  applicant: 0.04,
  transferred: 0.02,
  deceased: 0,
};
const RETIRED_MIX: Mix = {
  probationary: 0,
  candidate: 0,
  activist: 0,
  applicant: 0,
  transferred: 0.004,
  deceased: 0.02,
};

export type Roll = {
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

export function composeRoll(r: Rng, kind: Kind, size: number): Roll {
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

const pickMinority = weighted(MINORITIES);
const EDU_HIGH_PRO: readonly (readonly [Education, number])[] = [
  ['postgraduate', 12],
  ['bachelor', 66],
  ['college', 22],
];
const EDU_HIGH_OTHER: readonly (readonly [Education, number])[] = [
  ['postgraduate', 3],
  ['bachelor', 45],
  ['college', 52],
];
const EDU_LOW_RURAL: readonly (readonly [Education, number])[] = [
  ['secondary', 15],
  ['high_school', 35],
  ['junior_or_below', 50],
];
const EDU_LOW_OTHER: readonly (readonly [Education, number])[] = [
  ['secondary', 35],
  ['high_school', 40],
  ['junior_or_below', 25],
];
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

export type PeopleState = {
  today: number;
  /** Day number of `today` minus n years, n = 0 … 110. */
  yearsAgo: number[];
  /** nameKeys of each surname (by its index in SURNAMES), filled as met. */
  surnameKeys: (NameKeys | undefined)[];
  /** Given names with their keys, by the indices of their characters (see givenName). */
  givenMale: (GivenName | undefined)[];
  givenFemale: (GivenName | undefined)[];
  /** nameKeys of whole names, for the surnames keyed whole. */
  wholeKeys: Map<string, NameKeys>;
  /** Sequence numbers taken per birth date and sex, at 2 × (birth − isoBase) + (1 for men). */
  idSlots: Int32Array;
  idCounty: number;
  /** Date strings by day number from `isoBase` ('' until met): millions of people share some 40,000 dates. */
  isoCache: string[];
  /** Birth dates as the eight digits of an ID number with their share of its check sum, by day number from `isoBase`. */
  idDates: (IdDate | undefined)[];
  isoBase: number;
};

function isoIn(s: PeopleState, days: number): string {
  const k = days - s.isoBase;
  if (k < 0 || k >= s.isoCache.length) return isoOf(days);
  const cached = s.isoCache[k];
  if (cached) return cached;
  const iso = isoOf(days);
  s.isoCache[k] = iso;
  return iso;
}

type NameKeys = { pinyin: string; initials: string };
type GivenName = { text: string; keys: NameKeys };

/**
 * A name's search keys (nameKeys) without segmenting millions of names: the surname's keys followed by the
 * given name's, which is what nameKeys gives for every surname × given name of the tables except where
 * the surname begins a word of its own (单一, 单子 are read dan): names with those surnames are keyed whole.
 * The generator test compares the result with nameKeys for every generated name.
 */
const KEYED_WHOLE = new Set(['单', '曾']);

function keysOf(s: PeopleState, surnameIndex: number, surname: string, given: GivenName): NameKeys {
  if (KEYED_WHOLE.has(surname)) {
    const name = surname + given.text;
    let keys = s.wholeKeys.get(name);
    if (!keys) {
      keys = nameKeys(name);
      s.wholeKeys.set(name, keys);
    }
    return keys;
  }
  s.surnameKeys[surnameIndex] ??= nameKeys(surname);
  const a = s.surnameKeys[surnameIndex];
  const b = given.keys;
  return { pinyin: `${a.pinyin} ${b.pinyin}`, initials: a.initials + b.initials };
}

const SURNAME_TEXTS = SURNAMES.map(([name]) => name);
/** pickSurname by index: the same draw (one number from r) gives the same surname. */
const pickSurnameIndex = weighted(SURNAMES.map(([, w], i) => [i, w] as const));

/**
 * The given name of one or two characters of `chars` (by index), with its keys: cached by the indices, so
 * that the millions of names need no string look-ups (n single names at [i], then n × n double ones).
 */
function givenName(
  cache: (GivenName | undefined)[],
  chars: readonly string[],
  first: number,
  second: number,
): GivenName {
  const k = second < 0 ? first : chars.length + first * chars.length + second;
  let given = cache[k];
  if (!given) {
    const text = second < 0 ? chars[first]! : chars[first]! + chars[second]!;
    cache[k] = given = { text, keys: nameKeys(text) };
  }
  return given;
}

/** As pick(r, chars), the index only. */
const pickIndex = (r: Rng, n: number): number => Math.floor(r() * n);

function nameOf(s: PeopleState, r: Rng, gender: Gender, age: number): [surnameIndex: number, given: GivenName] {
  const male = gender === 'male';
  const chars = male ? GIVEN_MALE : GIVEN_FEMALE;
  const cache = male ? s.givenMale : s.givenFemale;
  // One-character given names were common among the older generations.
  const single = r() < (age >= 55 ? 0.35 : 0.12);
  const surname = pickSurnameIndex(r);
  const first = pickIndex(r, chars.length);
  return [surname, givenName(cache, chars, first, single ? -1 : pickIndex(r, chars.length))];
}

/** Prefecture 99 of province 33 is not allocated: no real person holds a number starting with 3399. */
const ID_PREFIX = '3399';
/** Sequence numbers per county, birth date and sex: odd for men (1…997), even for women (2…998). */
const SLOTS_PER_COUNTY = 499;

/**
 * GB 11643-1999 §7: Σ(digit × weight) mod 11 indexes '10X98765432' (checkDigitOf of the people domain,
 * whose module pulls date-fns into the seed worker, where loading it took longer than generating a city;
 * the generator test checks every number with checkIdNumber).
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';
/** Σ digit × weight over `digits` placed from position `from` of the 17. */
function weightedSum(digits: string, from: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * ID_WEIGHTS[from + i]!;
  return sum;
}

type IdDate = { digits: string; sum: number };

function idDateOf(s: PeopleState, birth: number): IdDate {
  const k = birth - s.isoBase;
  const cached = s.idDates[k];
  if (cached) return cached;
  const [y, m, d] = civilFromDays(birth);
  const digits = `${y}${pad2(m)}${pad2(d)}`;
  if (digits.length !== 8) throw new RangeError(`birth year out of range: ${y}`);
  const date = { digits, sum: weightedSum(digits, 6) };
  if (k >= 0 && k < s.idDates.length) s.idDates[k] = date;
  return date;
}

/**
 * A synthetic but valid ID number (GB 11643-1999), so that imports and checks treat it like a real one.
 * Unique by construction: a counter per birth date and sex gives the sequence number, moving on to the
 * next county digits after 499; the caller's idCounty keeps a second city in one database apart.
 */
function idNumberOf(s: PeopleState, birth: number, gender: Gender): string {
  const key = 2 * (birth - s.isoBase) + (gender === 'male' ? 1 : 0);
  if (key < 0 || key >= s.idSlots.length) throw new RangeError(`birth date out of range: ${isoOf(birth)}`);
  const slot = s.idSlots[key]!;
  s.idSlots[key] = slot + 1;
  const county = s.idCounty + Math.floor(slot / SLOTS_PER_COUNTY);
  if (county > 99) throw new Error('身份证号区段已用完：同一数据库中生成的演示城市过多');
  const k = slot % SLOTS_PER_COUNTY;
  const seq = gender === 'male' ? 2 * k + 1 : 2 * k + 2;
  const date = idDateOf(s, birth);
  const region = `${ID_PREFIX}${pad2(county)}`;
  const serial = seq < 10 ? `00${seq}` : seq < 100 ? `0${seq}` : String(seq);
  const check = ID_CHECK_CHARS[(weightedSum(region, 0) + date.sum + weightedSum(serial, 14)) % 11]!;
  return `${region}${date.digits}${serial}${check}`;
}

type Stage = 'leader' | 'full' | MemberStatus;

function makePerson(
  s: PeopleState,
  r: Rng,
  org: GeneratedOrg,
  kind: Kind,
  id: number,
  stage: Stage,
  leaderSlot: number,
): GeneratedPerson {
  const status: MemberStatus = stage === 'leader' ? 'full' : stage;
  const pipeline =
    status === 'applicant' || status === 'activist' || status === 'candidate' || status === 'probationary';
  let age: number;
  if (stage === 'leader') {
    if (kind === 'retired') age = intIn(r, 61, 72);
    else if (kind === 'private') age = intIn(r, 28, 50);
    else age = leaderSlot === 0 ? intIn(r, 38, 58) : intIn(r, 30, 56);
  } else if (status === 'applicant') age = 18 + Math.floor(17 * r() ** 1.6);
  else if (status === 'activist') age = 19 + Math.floor(18 * r() ** 1.5);
  else if (status === 'candidate' || status === 'probationary')
    age = 21 + Math.floor((kind === 'rural' ? 24 : 17) * r() ** 1.5);
  else if (status === 'deceased') age = 95 - Math.floor(28 * Math.sqrt(r()));
  else age = memberAge(r, kind);

  const gender: Gender = r() < FEMALE_SHARE[kind] + (pipeline ? 0.12 : 0) ? 'female' : 'male';
  const hi = s.yearsAgo[age]!;
  const birth = hi - intIn(r, 0, hi - s.yearsAgo[age + 1]! - 1);
  const birth18 = addYears(birth, 18);
  const [surnameIndex, given] = nameOf(s, r, gender, age);
  const surname = SURNAME_TEXTS[surnameIndex]!;
  const name = surname + given.text;
  const keys = keysOf(s, surnameIndex, surname, given);

  let appliedOn: number | null = null;
  let joinDate: number | null = null;
  let fullDate: number | null = null;
  if (status === 'full' || status === 'transferred_out' || status === 'deceased') {
    // Joined at 19 or later (application at 18 plus at least a year as activist), full one year after.
    const latest = s.yearsAgo[1]! - 1;
    const earliest = birth18 + 400;
    const joinAge = 19.3 + (Math.min(age - 1, 60) - 19.3) * r() ** 1.8;
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
    kind === 'retired' ||
    (age >= 60 ? r() < (kind === 'rural' ? 0.75 : 0.92) : age >= 55 && gender === 'female' && r() < 0.4);
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
    birthDate: isoIn(s, birth),
    education: educationOf(r, kind, age),
    idNumber: idNumberOf(s, birth, gender),
    phone: null,
    status,
    appliedOn: appliedOn === null ? null : isoIn(s, appliedOn),
    joinDate: joinDate === null ? null : isoIn(s, joinDate),
    fullDate: fullDate === null ? null : isoIn(s, fullDate),
    isFloating: floating,
    isRetired: retired,
  };
}

/**
 * An array of n copies of `value`, filled in place later: allocated up front, because storing far past the
 * end of an empty array (as these caches were filled before) turns it into a slow dictionary-backed one.
 */
function dense<T>(n: number, value: T): T[] {
  const a: T[] = [];
  for (let i = 0; i < n; i++) a.push(value);
  return a;
}

export function newPeopleState(today: number, idCounty: number): PeopleState {
  const isoBase = addYears(today, -112);
  const days = today - isoBase + 1;
  return {
    today,
    yearsAgo: Array.from({ length: 112 }, (_, n) => addYears(today, -n)),
    surnameKeys: dense(SURNAMES.length, undefined),
    givenMale: dense(GIVEN_MALE.length * (GIVEN_MALE.length + 1), undefined),
    givenFemale: dense(GIVEN_FEMALE.length * (GIVEN_FEMALE.length + 1), undefined),
    wholeKeys: new Map(),
    idSlots: new Int32Array(2 * days),
    idCounty,
    isoCache: dense(days, ''),
    idDates: dense(days, undefined),
    isoBase,
  };
}

/** Every person of the rolls, in id order, each roll from its own PRNG stream (seeded by its position). */
export function* peopleOf(
  orgs: readonly GeneratedOrg[],
  rolls: readonly (Roll | null)[],
  seed: number,
  s: PeopleState,
): Generator<GeneratedPerson> {
  for (let i = 0; i < orgs.length; i++) {
    const roll = rolls[i];
    if (!roll) continue;
    const org = orgs[i]!;
    const r = mulberry32(mix(seed, i + 1));
    let id = org.firstPersonId;
    const leaders = Math.min(roll.full, 7);
    for (let k = 0; k < roll.full; k++)
      yield makePerson(s, r, org, roll.kind, id++, k < leaders ? 'leader' : 'full', k);
    const rest: [MemberStatus, number][] = [
      ['probationary', roll.probationary],
      ['candidate', roll.candidate],
      ['activist', roll.activist],
      ['applicant', roll.applicant],
      ['transferred_out', roll.transferred],
      ['deceased', roll.deceased],
    ];
    for (const [status, n] of rest)
      for (let k = 0; k < n; k++) yield makePerson(s, r, org, roll.kind, id++, status, -1);
  }
}
