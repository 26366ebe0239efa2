import { sql } from 'kysely';
import type { Role } from '../../domain/auth/roles.ts';
import type { OrgType } from '../../domain/org/vocab.ts';
import { checkDigitOf } from '../../domain/people/id-number.ts';
import { nameKeys } from '../../domain/people/name-keys.ts';
import type { MemberStatus } from '../../domain/people/vocab.ts';
import type { App } from '../app.ts';
import { hashPassword } from '../auth/password.ts';
import type { Database } from '../db/client.ts';
import { nextOrgId, regionOfPath } from '../features/org/org.queries.ts';

/**
 * A small tree with two sibling subtrees, for scope tests:
 *   root 示范市委
 *   ├─ A 甲区委 ── A1 甲一镇党委 ── A1a 甲一村党支部 ── A1g 第一党小组
 *   └─ B 乙区委 ── B1 乙一镇党委 ── B1a 乙一村党支部
 * Accounts: admin (sysadmin, root); a-admin (orgadmin, A); a-sec (secretary, A1a); a-member (member, A1a);
 * b-admin (orgadmin, B); all with FIXTURE_PASSWORD.
 */
export const FIXTURE_PASSWORD = 'Passw0rd-test';

export type OrgRef = { id: number; path: string; code: string; name: string };
export type Fixture = {
  orgs: Record<'root' | 'a' | 'a1' | 'a1a' | 'a1g' | 'b' | 'b1' | 'b1a', OrgRef>;
  people: Record<'a1aFull' | 'a1aSecretary' | 'a1aProbationary' | 'b1aFull' | 'b1aSecretary', number>;
  users: Record<'admin' | 'aAdmin' | 'aSecretary' | 'aMember' | 'bAdmin', { id: number; username: string }>;
  positions: Record<'a1aSecretary' | 'b1aSecretary', number>;
};

let idSeq = 0;
/** A synthetic, valid ID number (prefix 339901: valid province, unallocated prefecture). */
export function fakeIdNumber(birthDate: string, gender: 'male' | 'female'): string {
  idSeq = (idSeq + 1) % 500;
  const seq = String(idSeq * 2 + (gender === 'male' ? 1 : 0)).padStart(3, '0');
  const first17 = `339901${birthDate.replaceAll('-', '')}${seq}`;
  return first17 + checkDigitOf(first17);
}

export async function insertOrg(
  database: Database,
  parent: OrgRef | null,
  values: { code: string; name: string; type: OrgType; field?: string; approvalAuthority?: boolean },
): Promise<OrgRef> {
  const id = await nextOrgId(database.db);
  const path = parent ? `${parent.path}.${id}` : String(id);
  await database.db
    .insertInto('org')
    .values({
      id,
      parent_id: parent?.id ?? null,
      path,
      region_id: regionOfPath(path),
      code: values.code,
      name: values.name,
      type: values.type,
      field: values.field ?? null,
      term_started_on: '2024-01-10',
      term_years: values.type === 'branch' ? 3 : 5,
      approval_authority: values.approvalAuthority ?? false,
    })
    .execute();
  return { id, path, code: values.code, name: values.name };
}

export async function insertPerson(
  database: Database,
  org: OrgRef,
  values: {
    name: string;
    status?: MemberStatus;
    birthDate?: string;
    gender?: 'male' | 'female';
    joinDate?: string | null;
    fullDate?: string | null;
    withId?: boolean;
  },
): Promise<number> {
  const birthDate = values.birthDate ?? '1980-05-06';
  const gender = values.gender ?? 'male';
  const status = values.status ?? 'full';
  const keys = nameKeys(values.name);
  const row = await database.db
    .insertInto('person')
    .values({
      org_id: org.id,
      region_id: regionOfPath(org.path),
      name: values.name,
      name_pinyin: keys.pinyin,
      name_initials: keys.initials,
      gender,
      ethnicity: '汉族',
      birth_date: birthDate,
      education: 'bachelor',
      id_number: values.withId === false ? null : fakeIdNumber(birthDate, gender),
      status,
      join_date:
        values.joinDate !== undefined
          ? values.joinDate
          : status === 'full' || status === 'probationary'
            ? '2010-07-01'
            : null,
      full_date: values.fullDate !== undefined ? values.fullDate : status === 'full' ? '2011-07-01' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function buildFixture(database: Database): Promise<Fixture> {
  const suffix = (await sql<{ n: number }>`select count(*)::int as n from org`.execute(database.db)).rows[0]!.n;
  const c = (code: string) => (suffix === 0 ? code : `${code}-${suffix}`);
  const root = await insertOrg(database, null, {
    code: c('ROOT'),
    name: '示范市委',
    type: 'committee',
    field: 'organ',
  });
  const a = await insertOrg(database, root, { code: c('A'), name: '甲区委', type: 'committee', field: 'organ' });
  // The town committees hold the authority to approve member development (有审批发展党员权限的基层党委).
  const a1 = await insertOrg(database, a, {
    code: c('A1'),
    name: '甲一镇党委',
    type: 'committee',
    field: 'rural',
    approvalAuthority: true,
  });
  const a1a = await insertOrg(database, a1, { code: c('A1a'), name: '甲一村党支部', type: 'branch', field: 'rural' });
  const a1g = await insertOrg(database, a1a, {
    code: c('A1g'),
    name: '甲一村第一党小组',
    type: 'group',
    field: 'rural',
  });
  const b = await insertOrg(database, root, { code: c('B'), name: '乙区委', type: 'committee', field: 'organ' });
  const b1 = await insertOrg(database, b, {
    code: c('B1'),
    name: '乙一镇党委',
    type: 'committee',
    field: 'rural',
    approvalAuthority: true,
  });
  const b1a = await insertOrg(database, b1, { code: c('B1a'), name: '乙一村党支部', type: 'branch', field: 'rural' });

  const people = {
    a1aFull: await insertPerson(database, a1a, { name: '张海生', gender: 'male' }),
    a1aSecretary: await insertPerson(database, a1a, { name: '李秀英', gender: 'female', birthDate: '1975-03-02' }),
    a1aProbationary: await insertPerson(database, a1a, {
      name: '王小明',
      status: 'probationary',
      birthDate: '1999-09-09',
      joinDate: '2026-03-01',
      fullDate: null,
    }),
    b1aFull: await insertPerson(database, b1a, { name: '赵建国', birthDate: '1970-01-01' }),
    b1aSecretary: await insertPerson(database, b1a, { name: '钱文静', gender: 'female', birthDate: '1982-12-12' }),
  };
  const positions = {
    a1aSecretary: (
      await database.db
        .insertInto('org_position')
        .values({
          org_id: a1a.id,
          person_id: people.a1aSecretary,
          title: 'secretary',
          portfolio: '主持全面工作',
          started_on: '2024-01-10',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
    b1aSecretary: (
      await database.db
        .insertInto('org_position')
        .values({
          org_id: b1a.id,
          person_id: people.b1aSecretary,
          title: 'secretary',
          portfolio: '主持全面工作',
          started_on: '2024-01-10',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  };

  const hash = await hashPassword(FIXTURE_PASSWORD);
  const addUser = async (username: string, role: Role, org: OrgRef, personId: number | null = null) => {
    const row = await database.db
      .insertInto('app_user')
      .values({
        username: c(username),
        display_name: username,
        password_hash: hash,
        role,
        org_id: org.id,
        person_id: personId,
      })
      .returning(['id', 'username'])
      .executeTakeFirstOrThrow();
    return row;
  };
  const users = {
    admin: await addUser('admin', 'sysadmin', root),
    aAdmin: await addUser('a-admin', 'orgadmin', a),
    aSecretary: await addUser('a-sec', 'secretary', a1a, people.a1aSecretary),
    aMember: await addUser('a-member', 'member', a1a, people.a1aFull),
    bAdmin: await addUser('b-admin', 'orgadmin', b),
  };
  return { orgs: { root, a, a1, a1a, a1g, b, b1, b1a }, people, users, positions };
}

/** Logs in through the API and returns the Cookie header value for later requests. */
export async function loginAs(app: App, username: string, password = FIXTURE_PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'luoshi_session');
  if (!cookie) throw new Error('no session cookie');
  return `luoshi_session=${cookie.value}`;
}

/** One more account (password FIXTURE_PASSWORD, no change required): e.g. a secretary for a branch of a test. */
export async function insertUser(
  database: Database,
  username: string,
  role: Role,
  org: { id: number },
): Promise<{ id: number; username: string }> {
  return database.db
    .insertInto('app_user')
    .values({
      username,
      display_name: username,
      password_hash: await hashPassword(FIXTURE_PASSWORD),
      role,
      org_id: org.id,
      person_id: null,
    })
    .returning(['id', 'username'])
    .executeTakeFirstOrThrow();
}

/** A multipart/form-data body for app.inject: text fields and files. */
export function multipartBody(
  fields: Record<string, string>,
  files: { field: string; filename: string; data: Buffer; contentType?: string }[] = [],
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const f of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\n` +
          `Content-Type: ${f.contentType ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
