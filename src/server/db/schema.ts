import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Row types of the tables, as both engines return them through node-postgres (dates as 'YYYY-MM-DD' strings). */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type BigIntId = ColumnType<string, string | number | undefined, never>;

export interface OrgFieldTable {
  code: string;
  name: string;
  sort_order: Generated<number>;
  builtin: Generated<boolean>;
}

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  path: string;
  region_id: number;
  code: string;
  name: string;
  short_name: string | null;
  type: string;
  field: string | null;
  status: Generated<string>;
  dissolved_on: string | null;
  dissolve_reason: string | null;
  established_on: string | null;
  term_started_on: string | null;
  term_years: number | null;
  sort_order: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonTable {
  id: Generated<number>;
  org_id: number;
  region_id: number;
  name: string;
  name_pinyin: Generated<string>;
  name_initials: Generated<string>;
  gender: string | null;
  ethnicity: string | null;
  birth_date: string | null;
  education: string | null;
  id_number: string | null;
  phone: string | null;
  status: string;
  applied_on: string | null;
  join_date: string | null;
  full_date: string | null;
  is_floating: Generated<boolean>;
  is_retired: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrgPositionTable {
  id: Generated<number>;
  org_id: number;
  person_id: number;
  title: string;
  portfolio: string | null;
  started_on: string;
  ended_on: string | null;
  created_at: Timestamp;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  org_id: number;
  person_id: number | null;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  disabled: Generated<boolean>;
  password_changed_at: Date | null;
  last_login_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppSessionTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  expires_at: Date;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  id: BigIntId;
  at: Date;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  org_id: number | null;
  before: unknown;
  after: unknown;
  prev_hash: string;
  hash: string;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Timestamp;
}

export interface DB {
  org_field: OrgFieldTable;
  org: OrgTable;
  person: PersonTable;
  org_position: OrgPositionTable;
  app_user: AppUserTable;
  app_session: AppSessionTable;
  audit_log: AuditLogTable;
  schema_migration: SchemaMigrationTable;
}

export type Org = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type OrgUpdate = Updateable<OrgTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type AppUser = Selectable<AppUserTable>;
