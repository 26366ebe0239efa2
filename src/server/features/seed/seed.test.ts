import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { verifyAuditChain } from '../../auth/audit.ts';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { verifyPassword } from '../../auth/password.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { ensureDemo } from './demo.ts';
import { generateCity } from './generate.ts';
import { type SeedResult, seedCity } from './seed.service.ts';

const TODAY = '2026-11-23';
const PASSWORD = 'demo-pass-2026';

describeOnEngines('seedCity', (ctx) => {
  let first: SeedResult;
  let second: SeedResult;

  const count = async (query: string): Promise<number> => {
    const { rows } = await sql<{ n: number }>`${sql.raw(`select (${query})::int as n`)}`.execute(ctx.database.db);
    return rows[0]!.n;
  };

  const catalogue = async () => {
    const { rows } = await sql<{ item: string }>`
      select tablename || ' ' || indexdef as item from pg_indexes where tablename in ('org', 'person', 'org_position')
      union all
      select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint
       where conrelid in ('org'::regclass, 'person'::regclass, 'org_position'::regclass)
      order by 1`.execute(ctx.database.db);
    return rows.map((r) => r.item);
  };

  test('seeds the district profile into an empty database: the rows are the generator’s', async () => {
    const before = await catalogue();
    const phases = new Set<string>();
    first = await seedCity(ctx.database, 'district', {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
      onProgress: (done, total, phase) => {
        assert.ok(done <= total);
        phases.add(phase);
      },
    });
    const expected = generateCity('district', { today: TODAY, firstOrgId: 1, firstPersonId: 1 });
    assert.equal(first.rootOrgId, 1);
    assert.equal(first.codePrefix, '');
    assert.equal(first.orgs, expected.orgs.length);
    assert.equal(first.people, expected.personCount);
    assert.equal(first.positions, expected.positionCount);
    assert.equal(first.users, expected.accounts.length);
    assert.equal(await count('select count(*) from org'), expected.orgs.length);
    assert.equal(await count('select count(*) from person'), expected.personCount);
    assert.equal(await count('select count(*) from org_position'), expected.positionCount);
    assert.equal(await count('select count(*) from app_user'), expected.accounts.length);
    assert.deepEqual([...phases], ['orgs', 'people', 'positions', 'indexes', 'users']);
    // The indexes and foreign keys taken off for the load are all back, exactly as the migrations made them.
    assert.deepEqual(await catalogue(), before);
    assert.equal(
      await count('select count(*) from org o where not exists (select 1 from org p where p.id = o.parent_id)'),
      1,
    );
    // The stored tree answers ltree queries: every person sits under the root.
    assert.equal(
      await count(`select count(*) from person pe join org o on o.id = pe.org_id where o.path <@ '1'`),
      expected.personCount,
    );
    const sample = expected.people().next().value!;
    const { rows } = await sql<{ name: string; name_pinyin: string; id_number: string; birth_date: string }>`
      select name, name_pinyin, id_number, birth_date from person where id = ${sample.id}`.execute(ctx.database.db);
    assert.deepEqual(rows[0], {
      name: sample.name,
      name_pinyin: sample.namePinyin,
      id_number: sample.idNumber,
      birth_date: sample.birthDate,
    });
  });

  test('the accounts exist with one shared password; admin verifies it; the member account names its person', async () => {
    const users = await ctx.database.db.selectFrom('app_user').selectAll().orderBy('id').execute();
    const admin = users.find((u) => u.username === 'admin');
    assert.ok(admin);
    assert.equal(admin.role, 'sysadmin');
    assert.equal(admin.org_id, 1);
    assert.ok(await verifyPassword(PASSWORD, admin.password_hash));
    assert.ok(!(await verifyPassword('wrong-pass-1', admin.password_hash)));
    assert.equal(new Set(users.map((u) => u.password_hash)).size, 1, 'hashed once');
    assert.ok(
      users.every((u) => !u.must_change_password),
      'a password the caller chose is not a one-time password',
    );
    assert.ok(
      users.some((u) => u.username === 'qu01' && u.role === 'orgadmin' && u.display_name.endsWith('区委组织部管理员')),
    );
    assert.ok(users.some((u) => /^qu01-zhen\d\d$/.test(u.username)));
    assert.ok(users.some((u) => /^qu01-jd\d\d$/.test(u.username)));
    const member = users.find((u) => u.username === 'dangyuan');
    const person = await ctx.database.db
      .selectFrom('person')
      .selectAll()
      .where('id', '=', member!.person_id!)
      .executeTakeFirstOrThrow();
    assert.equal(person.org_id, member!.org_id);
    assert.equal(member!.display_name, person.name);
  });

  test('one audit row records the seed, and the chain verifies', async () => {
    const rows = await ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'seed').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.entity, 'system');
    assert.deepEqual(rows[0]!.after, {
      profile: 'district',
      orgs: first.orgs,
      people: first.people,
      users: first.users,
    });
    assert.equal((await verifyAuditChain(ctx.database.db, TEST_AUDIT_KEY)).ok, true);
  });

  test('seeding again into the same database gives a second, disjoint tree with prefixed codes and usernames', async () => {
    second = await seedCity(ctx.database, 'district', {
      today: TODAY,
      now: new Date(),
      accountsPassword: PASSWORD,
      auditKey: TEST_AUDIT_KEY,
    });
    assert.equal(second.rootOrgId, first.orgs + 1);
    assert.equal(second.codePrefix, `S${second.rootOrgId}-`);
    assert.equal(await count('select count(*) from org'), first.orgs + second.orgs);
    assert.equal(await count('select count(*) from person'), first.people + second.people);
    assert.equal(await count('select count(*) from org where parent_id is null'), 2);
    assert.equal(await count(`select count(*) from org where path <@ '${second.rootOrgId}'`), second.orgs);
    assert.equal(await count(`select count(*) from org where path <@ '1'`), first.orgs);
    assert.equal(
      await count(
        `select count(*) from org where path <@ '${second.rootOrgId}' and code not like 'S${second.rootOrgId}-%'`,
      ),
      0,
    );
    assert.equal(await count(`select min(id) from person where org_id >= ${second.rootOrgId}`), first.people + 1);
    // ID numbers of the second city use the next county code (339901…), so none repeats.
    assert.equal(await count(`select count(distinct id_number) from person`), first.people + second.people);
    const admin2 = await ctx.database.db
      .selectFrom('app_user')
      .selectAll()
      .where('username', '=', `s${second.rootOrgId}-admin`)
      .executeTakeFirstOrThrow();
    assert.equal(admin2.org_id, second.rootOrgId);
    assert.equal(await count(`select count(*) from audit_log where action = 'seed'`), 2);
  });

  test('the identity sequences are past the seeded ids: ordinary inserts without an id work', async () => {
    const org = await ctx.database.db
      .insertInto('org')
      .values({ parent_id: null, path: '999999', region_id: 0, code: 'SEQ-TEST', name: '序列测试', type: 'committee' })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(org.id, first.orgs + second.orgs + 1);
    const person = await ctx.database.db
      .insertInto('person')
      .values({ org_id: org.id, region_id: org.id, name: '测试', status: 'full' })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(person.id, first.people + second.people + 1);
  });

  test('ensureDemo leaves a database that holds organisations alone', async () => {
    const lines: string[] = [];
    assert.equal(
      await ensureDemo(ctx.database, { password: PASSWORD, print: (l) => lines.push(l), auditKey: TEST_AUDIT_KEY }),
      false,
    );
    assert.deepEqual(lines, []);
  });
});

describeOnEngines('ensureDemo', (ctx) => {
  test('on an empty database it seeds the district and prints the accounts once, in a short Chinese block', async () => {
    const lines: string[] = [];
    // The demo's deployments and tasks are tested in demo-work.test.ts; here the seeds are absent on purpose.
    assert.equal(
      await ensureDemo(ctx.database, {
        password: undefined,
        print: (l) => lines.push(l),
        seedsDir: '/nonexistent/seeds',
        auditKey: TEST_AUDIT_KEY,
      }),
      true,
    );
    assert.ok(lines.length <= 25, `${lines.length} lines`);
    assert.match(lines.join('\n'), /找不到种子讲话/);
    const text = lines.join('\n');
    assert.match(text, /演示数据已创建/);
    assert.match(text, /青川市/);
    assert.match(text, /luoshi user list/);
    for (const username of ['admin', 'qu01', 'qu01-zhen01', 'shuji', 'dangyuan'])
      assert.match(text, new RegExp(`\\b${username}\\b`));
    const password = /密码：(\S+)/.exec(text)?.[1];
    assert.ok(password);
    const admin = await ctx.database.db
      .selectFrom('app_user')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    assert.ok(await verifyPassword(password, admin.password_hash));
    // A generated password was printed for anyone to see: every demo account changes it at its first login.
    assert.match(text, /首次登录后须修改/);
    const keeping = await ctx.database.db
      .selectFrom('app_user')
      .select('username')
      .where('must_change_password', '=', false)
      .execute();
    assert.deepEqual(keeping, []);
    assert.equal(
      await ensureDemo(ctx.database, { password: undefined, print: (l) => lines.push(l), auditKey: TEST_AUDIT_KEY }),
      false,
    );
  });
});
