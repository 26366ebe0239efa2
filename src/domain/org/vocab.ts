/** Organisation vocabulary: types (组织类别) and committee positions, with zh-CN and English labels. */
export const ORG_TYPES = [
  'committee',
  'working_committee',
  'general_branch',
  'branch',
  'joint_branch',
  'group',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_TYPE_LABELS: Record<OrgType, { zh: string; en: string }> = {
  committee: { zh: '党委', en: 'Party committee' },
  working_committee: { zh: '党工委', en: 'Working committee' },
  general_branch: { zh: '党总支', en: 'General branch' },
  branch: { zh: '党支部', en: 'Branch' },
  joint_branch: { zh: '联合党支部', en: 'Joint branch' },
  group: { zh: '党小组', en: 'Party group' },
};

export const POSITION_TITLES = [
  'secretary',
  'deputy_secretary',
  'organization',
  'propaganda',
  'discipline',
  'youth',
  'member',
] as const;
export type PositionTitle = (typeof POSITION_TITLES)[number];

export const POSITION_TITLE_LABELS: Record<PositionTitle, { zh: string; en: string }> = {
  secretary: { zh: '书记', en: 'Secretary' },
  deputy_secretary: { zh: '副书记', en: 'Deputy secretary' },
  organization: { zh: '组织委员', en: 'Organisation member' },
  propaganda: { zh: '宣传委员', en: 'Publicity member' },
  discipline: { zh: '纪检委员', en: 'Discipline member' },
  youth: { zh: '青年委员', en: 'Youth member' },
  member: { zh: '委员', en: 'Committee member' },
};

/** Built-in fields (领域); the list is extensible through the org_field table. */
export const BUILTIN_FIELDS = {
  organ: { zh: '机关', en: 'Government organ' },
  rural: { zh: '农村', en: 'Rural' },
  community: { zh: '社区', en: 'Urban community' },
  soe: { zh: '国企', en: 'State-owned enterprise' },
  school: { zh: '学校', en: 'School' },
  hospital: { zh: '医院', en: 'Hospital' },
  private: { zh: '非公企业', en: 'Private enterprise' },
  social: { zh: '社会组织', en: 'Social organisation' },
} as const;

/**
 * Which organisation types may sit under which. A 党小组 is not a level of its own: it is set up by a
 * branch (支部工作条例 Art.13) and has no children.
 */
const allowedChildren: Record<OrgType, readonly OrgType[]> = {
  committee: ['committee', 'working_committee', 'general_branch', 'branch', 'joint_branch'],
  working_committee: ['committee', 'working_committee', 'general_branch', 'branch', 'joint_branch'],
  general_branch: ['branch', 'joint_branch'],
  branch: ['group'],
  joint_branch: ['group'],
  group: [],
};

export function canBeChildOf(parent: OrgType, child: OrgType): boolean {
  return allowedChildren[parent].includes(child);
}

export function allowedChildTypes(parent: OrgType): readonly OrgType[] {
  return allowedChildren[parent];
}

export function isOrgType(v: string): v is OrgType {
  return (ORG_TYPES as readonly string[]).includes(v);
}

/** Where a village or community organisation sits (村级 / 社区级党组织); null: neither. */
export const UNIT_LEVELS = ['village', 'community'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];
export const UNIT_LEVEL_LABELS: Record<UnitLevel, { zh: string; en: string }> = {
  village: { zh: '村级党组织', en: 'Village-level organisation' },
  community: { zh: '社区级党组织', en: 'Community-level organisation' },
};

/** An organisation is active until it is dissolved (撤销); a dissolved one keeps its records. */
export const ORG_STATUSES = ['active', 'dissolved'] as const;
export type OrgStatus = (typeof ORG_STATUSES)[number];
