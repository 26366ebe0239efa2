/** Member vocabulary: statuses, gender, education, with zh-CN and English labels. */
export const MEMBER_STATUSES = [
  'applicant',
  'activist',
  'candidate',
  'probationary',
  'full',
  'transferred_out',
  'deceased',
  'withdrawn',
  'removed',
  'expelled',
] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const MEMBER_STATUS_LABELS: Record<MemberStatus, { zh: string; en: string }> = {
  applicant: { zh: '入党申请人', en: 'Applicant' },
  activist: { zh: '入党积极分子', en: 'Activist' },
  candidate: { zh: '发展对象', en: 'Candidate' },
  probationary: { zh: '预备党员', en: 'Probationary member' },
  full: { zh: '正式党员', en: 'Full member' },
  transferred_out: { zh: '已转出', en: 'Transferred out' },
  deceased: { zh: '已去世', en: 'Deceased' },
  withdrawn: { zh: '退党', en: 'Withdrew' },
  removed: { zh: '除名', en: 'Removed' },
  expelled: { zh: '开除党籍', en: 'Expelled' },
};

/** Statuses in which a person is on the organisation's roll (members and the development pipeline). */
export const ACTIVE_STATUSES: readonly MemberStatus[] = ['applicant', 'activist', 'candidate', 'probationary', 'full'];
/** Party members proper (预备 + 正式). */
export const MEMBER_PROPER_STATUSES: readonly MemberStatus[] = ['probationary', 'full'];
export const ENDED_STATUSES: readonly MemberStatus[] = [
  'transferred_out',
  'deceased',
  'withdrawn',
  'removed',
  'expelled',
];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Record<Gender, { zh: string; en: string }> = {
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
};

export const EDUCATIONS = [
  'postgraduate',
  'bachelor',
  'college',
  'secondary',
  'high_school',
  'junior_or_below',
] as const;
export type Education = (typeof EDUCATIONS)[number];
export const EDUCATION_LABELS: Record<Education, { zh: string; en: string }> = {
  postgraduate: { zh: '研究生', en: 'Postgraduate' },
  bachelor: { zh: '大学本科', en: "Bachelor's" },
  college: { zh: '大学专科', en: 'Junior college' },
  secondary: { zh: '中专', en: 'Secondary vocational' },
  high_school: { zh: '高中', en: 'High school' },
  junior_or_below: { zh: '初中及以下', en: 'Junior middle school or below' },
};

/**
 * The post a person holds in the village (or residents') committee, 村（居）民委员会 — not a Party post. The 一肩挑
 * share (the village Party secretary also chairs the village committee) and the merging of the first two steps of
 * 四议两公开 read it (src/domain/village/decision.ts).
 */
export const VILLAGE_COMMITTEE_POSTS = ['director', 'deputy_director', 'member'] as const;
export type VillageCommitteePost = (typeof VILLAGE_COMMITTEE_POSTS)[number];
export const VILLAGE_COMMITTEE_POST_LABELS: Record<VillageCommitteePost, { zh: string; en: string }> = {
  director: { zh: '村（居）委会主任', en: 'Village committee director' },
  deputy_director: { zh: '村（居）委会副主任', en: 'Village committee deputy director' },
  member: { zh: '村（居）委会委员', en: 'Village committee member' },
};

export function isMemberStatus(v: string): v is MemberStatus {
  return (MEMBER_STATUSES as readonly string[]).includes(v);
}

/** Age bands of the national statistics (≤30, 31–35 … 56–60, ≥61). */
export const AGE_BANDS = ['le30', '31_35', '36_40', '41_45', '46_50', '51_55', '56_60', 'ge61'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const AGE_BAND_LABELS: Record<AgeBand, { zh: string; en: string }> = {
  le30: { zh: '30岁及以下', en: '30 or under' },
  '31_35': { zh: '31–35岁', en: '31–35' },
  '36_40': { zh: '36–40岁', en: '36–40' },
  '41_45': { zh: '41–45岁', en: '41–45' },
  '46_50': { zh: '46–50岁', en: '46–50' },
  '51_55': { zh: '51–55岁', en: '51–55' },
  '56_60': { zh: '56–60岁', en: '56–60' },
  ge61: { zh: '61岁及以上', en: '61 or over' },
};

/**
 * The roster fields a column can be mapped to in an import (the template's columns, by the names the wizard shows);
 * the server's roster columns (roster-xlsx.ts) carry the same fields.
 */
export const ROSTER_IMPORT_FIELDS = [
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'education',
  'idNumber',
  'phone',
  'org',
  'status',
  'joinDate',
  'fullDate',
  'appliedOn',
  'isFloating',
  'isRetired',
  'personId',
  'seq',
] as const;
export type RosterImportField = (typeof ROSTER_IMPORT_FIELDS)[number];

export const ROSTER_FIELD_LABELS: Record<RosterImportField, { zh: string; en: string }> = {
  name: { zh: '姓名', en: 'Name' },
  gender: { zh: '性别', en: 'Gender' },
  ethnicity: { zh: '民族', en: 'Ethnicity' },
  birthDate: { zh: '出生日期', en: 'Date of birth' },
  education: { zh: '学历', en: 'Education' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '联系电话', en: 'Phone' },
  org: { zh: '所在党组织', en: 'Organisation' },
  status: { zh: '人员类别', en: 'Status' },
  joinDate: { zh: '入党日期', en: 'Date joined' },
  fullDate: { zh: '转正日期', en: 'Date made full member' },
  appliedOn: { zh: '申请入党日期', en: 'Date applied' },
  isFloating: { zh: '是否流动党员', en: 'Floating member' },
  isRetired: { zh: '是否离退休', en: 'Retired' },
  personId: { zh: '人员编号', en: 'Person number' },
  seq: { zh: '序号', en: 'Row number' },
};
