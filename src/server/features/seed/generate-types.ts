import type { OrgType, PositionTitle } from '../../../domain/org/vocab.ts';
import type { Education, Gender, MemberStatus } from '../../../domain/people/vocab.ts';

/** The generator's vocabulary: what it makes and the options it takes (shared by its parts). */
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
