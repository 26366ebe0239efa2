import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import type { AuditAnchor } from '../../../contracts/audit.ts';
import { buildApp } from '../../app.ts';
import {
  AUDIT_KEY_MIGRATION,
  appendAudit,
  hashStoredAuditRow,
  keyAuditChainAfterMigrations,
  verifyAuditChain,
} from '../../auth/audit.ts';
import { AUDIT_KEY_FILE, resolveAuditKey, TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import type { Database } from '../../db/client.ts';
import type { DB } from '../../db/schema.ts';
import { type CliTarget, makeCliTarget, runCli } from '../../test/cli-harness.ts';
import { ENGINES, openTestDatabase } from '../../test/engines.ts';
import { buildFixture, loginAs } from '../../test/factories.ts';

const OTHER_KEY = randomBytes(32);

/** Appends `n` rows through the one writer, signed with `key`. */
async function writeRows(db: Kysely<DB>, n: number, key: Buffer = TEST_AUDIT_KEY, orgId: number | null = null) {
  for (let i = 0; i < n; i++) {
    await db.transaction().execute((trx) =>
      appendAudit(trx, key, {
        at: new Date(Date.UTC(2026, 10, 23, 1, 0, i)),
        actorId: null,
        actorName: '测试',
        action: 'test.write',
        entity: 'org',
        entityId: i + 1,
        orgId,
        after: { name: `第${i + 1}次写入` },
      }),
    );
  }
}

function ids(db: Kysely<DB>): Promise<string[]> {
  return db
    .selectFrom('audit_log')
    .select('id')
    .orderBy('id')
    .execute()
    .then((rows) => rows.map((r) => r.id));
}

/** A hand in the database: the append-only trigger off while it works, as anyone with the database's rights can. */
async function asForger(db: Kysely<DB>, fn: () => Promise<unknown>): Promise<void> {
  await sql`alter table audit_log disable trigger audit_log_no_update`.execute(db);
  try {
    await fn();
  } finally {
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(db);
  }
}

function changeRow(db: Kysely<DB>, id: string): Promise<unknown> {
  return sql`update audit_log set after = jsonb_set(after, '{name}', '"篡改后的内容"') where id = ${id}`.execute(db);
}

/**
 * Re-hashes the rows from `fromId` on (up to `untilId`, excluded) so that each links to the one before: with a key
 * (keyed rows) or without.
 */
async function rehashFrom(db: Kysely<DB>, fromId: string, key: Buffer | null, untilId?: string): Promise<void> {
  const previous = await db
    .selectFrom('audit_log')
    .select('hash')
    .where('id', '<', fromId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  let prev = previous?.hash ?? '0'.repeat(64);
  let q = db.selectFrom('audit_log').selectAll().where('id', '>=', fromId);
  if (untilId) q = q.where('id', '<', untilId);
  const rows = await q.orderBy('id').execute();
  for (const r of rows) {
    const hash = hashStoredAuditRow(key, prev, r);
    await db
      .updateTable('audit_log')
      .set({ prev_hash: prev, hash, keyed: key !== null })
      .where('id', '=', r.id)
      .execute();
    prev = hash;
  }
}

function deleteFrom(db: Kysely<DB>, fromId: string): Promise<unknown> {
  return db.deleteFrom('audit_log').where('id', '>=', fromId).execute();
}

for (const engine of ENGINES) {
  describe(`audit log hash chain [${engine}]`, () => {
    let target: CliTarget;
    let tamperedId: string;
    before(async () => {
      target = await makeCliTarget(engine);
      const database = await target.open();
      try {
        const fx = await buildFixture(database);
        const app = await buildApp({ database });
        const cookie = await loginAs(app, fx.users.aAdmin.username);
        for (const name of ['一', '二', '三']) {
          const res = await app.inject({
            method: 'PATCH',
            url: `/api/orgs/${fx.orgs.a1.id}`,
            headers: { cookie },
            payload: { name: `甲一镇党委${name}` },
          });
          assert.equal(res.statusCode, 200, res.body);
        }
        const intact = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(intact.ok, true);
        assert.ok(intact.rows >= 3);
        assert.equal(intact.unkeyedRows, 0);
        // The second rename's row is the one a hand in the database will change.
        const rows = await database.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'org.update')
          .orderBy('id')
          .execute();
        tamperedId = rows[1]!.id;
        await app.close();
      } finally {
        await database.close();
      }
    });
    after(() => target.cleanup());

    test('audit verify reports an intact chain with exit code 0', async () => {
      const run = await runCli(['audit', 'verify'], target.env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /操作日志完好/);
    });

    test('rows are keyed: verification with another key fails at the first row, and so does the CLI', async () => {
      const database = await target.open();
      try {
        const first = (await ids(database.db))[0]!;
        const wrong = await verifyAuditChain(database.db, OTHER_KEY);
        assert.equal(wrong.ok, false);
        assert.equal(wrong.brokenId, first);
        assert.match(wrong.reason!, /密钥/);
      } finally {
        await database.close();
      }
      const run = await runCli(['audit', 'verify', '--json'], {
        ...target.env,
        LUOSHI_AUDIT_KEY: OTHER_KEY.toString('base64'),
      });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(JSON.parse(run.stdout).ok, false);
    });

    test('rows cannot be updated through SQL while the append-only trigger is on', async () => {
      const database = await target.open();
      try {
        await assert.rejects(
          sql`update audit_log set actor_name = 'x' where id = ${tamperedId}`.execute(database.db),
          /append-only/,
        );
      } finally {
        await database.close();
      }
    });

    test('after one row is changed directly in SQL, audit verify names that row and exits 1', async () => {
      const database = await target.open();
      try {
        await asForger(database.db, () => changeRow(database.db, tamperedId));
        const result = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(result.ok, false);
        assert.equal(result.brokenId, tamperedId);
      } finally {
        await database.close();
      }
      const run = await runCli(['audit', 'verify', '--json'], target.env);
      assert.equal(run.code, 1, run.stderr);
      const json = JSON.parse(run.stdout);
      assert.equal(json.ok, false);
      assert.equal(json.brokenId, tamperedId);
      const human = await runCli(['audit', 'verify'], target.env);
      assert.match(human.stdout, new RegExp(`id=${tamperedId} 的记录校验失败`));
    });

    test('the API verify route reports the same broken row to a system administrator', async () => {
      const database = await target.open();
      try {
        const app = await buildApp({ database });
        const admin = (
          await database.db
            .selectFrom('app_user')
            .select('username')
            .where('role', '=', 'sysadmin')
            .executeTakeFirstOrThrow()
        ).username;
        const cookie = await loginAs(app, admin);
        const res = await app.inject({ method: 'GET', url: '/api/audit/verify', headers: { cookie } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.json().ok, false);
        assert.equal(res.json().brokenId, tamperedId);
        // A broken chain gives no anchor: it would vouch for the forgery.
        const anchor = await app.inject({ method: 'GET', url: '/api/audit/anchor', headers: { cookie } });
        assert.equal(anchor.statusCode, 409, anchor.body);
        assert.equal(anchor.json().error.code, 'AUDIT_CHAIN_BROKEN');
        await app.close();
      } finally {
        await database.close();
      }
    });
  });

  describe(`the keyed chain against a hand in the database without the key [${engine}]`, () => {
    /** A fresh database holding `n` keyed rows. */
    async function chainOf(n: number): Promise<{ database: Database; rows: string[] }> {
      const database = await openTestDatabase(engine);
      await writeRows(database.db, n);
      return { database, rows: await ids(database.db) };
    }

    test('a row changed and every row after it re-hashed without the key fails at that row', async () => {
      const { database, rows } = await chainOf(5);
      try {
        const changed = rows[2]!;
        // As sha256 rows that say they are keyed: their HMAC does not hold.
        await asForger(database.db, async () => {
          await changeRow(database.db, changed);
          await rehashFrom(database.db, changed, null);
          await sql`update audit_log set keyed = true where id >= ${changed}`.execute(database.db);
        });
        const asKeyed = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(asKeyed.ok, false);
        assert.equal(asKeyed.brokenId, changed);
        // As rows that say they are unkeyed (older than the key): an unkeyed row after a keyed one.
        await asForger(database.db, () => rehashFrom(database.db, changed, null));
        const asUnkeyed = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(asUnkeyed.ok, false);
        assert.equal(asUnkeyed.brokenId, changed);
        assert.match(asUnkeyed.reason!, /未加密钥/);
      } finally {
        await database.close();
      }
    });

    test('the whole chain re-hashed without the key fails, and keeps failing after the next real write', async () => {
      const { database, rows } = await chainOf(4);
      try {
        await asForger(database.db, async () => {
          await changeRow(database.db, rows[1]!);
          await rehashFrom(database.db, rows[0]!, null);
        });
        const forged = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(forged.ok, false, 'an unkeyed head');
        assert.equal(forged.brokenId, rows[3]);
        // The next write is keyed and links to the forged head; it is not the row that keys a chain.
        await writeRows(database.db, 1);
        const after = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(after.ok, false);
        assert.match(after.reason!, /启用密钥/);
        // Nor does starting the server again key it over: only the run that installs the key does.
        assert.equal(await keyAuditChainAfterMigrations(database.db, TEST_AUDIT_KEY, [], new Date()), false);
      } finally {
        await database.close();
      }
    });

    test('deleting the newest rows verifies as intact; only an anchor taken before catches it', async () => {
      const { database, rows } = await chainOf(5);
      try {
        const anchor = (await verifyAuditChain(database.db, TEST_AUDIT_KEY)).head!;
        assert.equal(anchor.id, rows[4]);
        await asForger(database.db, () => deleteFrom(database.db, rows[3]!));
        const plain = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(plain.ok, true, 'a truncated chain still holds link by link');
        assert.equal(plain.rows, 3);
        const anchored = await verifyAuditChain(database.db, TEST_AUDIT_KEY, { anchor });
        assert.equal(anchored.ok, false);
        assert.equal(anchored.brokenId, anchor.id);
        assert.match(anchored.reason!, /截断/);
      } finally {
        await database.close();
      }
    });

    /** Rows written to the given lanes in turn (as concurrent writers would spread them). */
    async function laneRows(db: Kysely<DB>, lanes: number[]): Promise<void> {
      for (const [i, lane] of lanes.entries()) {
        await db.transaction().execute((trx) =>
          appendAudit(
            trx,
            TEST_AUDIT_KEY,
            {
              at: new Date(Date.UTC(2026, 11, 6, 1, 0, i)),
              actorId: null,
              actorName: '测试',
              action: 'test.lane',
              entity: 'org',
              entityId: i + 1,
              orgId: null,
              after: { n: i },
            },
            { lane },
          ),
        );
      }
    }

    test('lanes: each links to its own previous row; the anchor names every lane head and catches a lane cut back', async () => {
      const database = await openTestDatabase(engine);
      try {
        await writeRows(database.db, 2);
        await laneRows(database.db, [1, 2, 1, 0, 2, 1]);
        const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
        assert.deepEqual(
          rows.map((r) => r.lane),
          [0, 0, 1, 2, 1, 0, 2, 1],
        );
        // Lane 1's second row links to lane 1's first, not to the row just before it.
        assert.equal(rows[4]!.prev_hash, rows[2]!.hash);
        assert.equal(rows[2]!.prev_hash, '0'.repeat(64));
        const intact = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(intact.ok, true, intact.reason ?? '');
        assert.equal(intact.rows, 8);
        const anchor = intact.head!;
        assert.equal(anchor.id, rows[7]!.id);
        assert.deepEqual(anchor.lanes, [
          { lane: 0, id: rows[5]!.id, hash: rows[5]!.hash },
          { lane: 1, id: rows[7]!.id, hash: rows[7]!.hash },
          { lane: 2, id: rows[6]!.id, hash: rows[6]!.hash },
        ]);
        // A row moved to another lane breaks both lanes' links.
        await asForger(database.db, () =>
          sql`update audit_log set lane = 1 where id = ${rows[3]!.id}`.execute(database.db),
        );
        const moved = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(moved.ok, false);
        await asForger(database.db, () =>
          sql`update audit_log set lane = 2 where id = ${rows[3]!.id}`.execute(database.db),
        );
        // Lane 2 cut back to its first row: every remaining row still links, only the anchor tells.
        await asForger(database.db, () => database.db.deleteFrom('audit_log').where('id', '=', rows[6]!.id).execute());
        assert.equal((await verifyAuditChain(database.db, TEST_AUDIT_KEY)).ok, true);
        const anchored = await verifyAuditChain(database.db, TEST_AUDIT_KEY, { anchor });
        assert.equal(anchored.ok, false);
        assert.equal(anchored.brokenId, rows[6]!.id);
        assert.match(anchored.reason!, /截断/);
        // An anchor of the old shape (no lanes) vouches for its one row.
        const { lanes: _lanes, ...old } = anchor;
        assert.equal((await verifyAuditChain(database.db, TEST_AUDIT_KEY, { anchor: old })).ok, true);
      } finally {
        await database.close();
      }
    });

    test('lanes: a row of another lane changed, or re-hashed without the key, fails at that row', async () => {
      const database = await openTestDatabase(engine);
      try {
        await laneRows(database.db, [0, 3, 3, 0]);
        const rows = await ids(database.db);
        await asForger(database.db, () => changeRow(database.db, rows[1]!));
        const changed = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(changed.ok, false);
        assert.equal(changed.brokenId, rows[1]);
        await asForger(database.db, () =>
          sql`update audit_log set keyed = false where id = ${rows[2]!}`.execute(database.db),
        );
        const unkeyed = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(unkeyed.brokenId, rows[1]);
      } finally {
        await database.close();
      }
    });

    test('an anchor holds while the chain grows, and fails once the chain is re-hashed through it even with the key', async () => {
      const { database, rows } = await chainOf(4);
      try {
        const anchor = (await verifyAuditChain(database.db, TEST_AUDIT_KEY)).head!;
        await writeRows(database.db, 3);
        const grown = await verifyAuditChain(database.db, TEST_AUDIT_KEY, { anchor });
        assert.deepEqual([grown.ok, grown.rows, grown.anchorChecked], [true, 7, true]);
        // Someone holding the key rewrites row 2 and re-hashes from there: only the anchor tells.
        await asForger(database.db, async () => {
          await changeRow(database.db, rows[1]!);
          await rehashFrom(database.db, rows[1]!, TEST_AUDIT_KEY);
        });
        assert.equal((await verifyAuditChain(database.db, TEST_AUDIT_KEY)).ok, true);
        const anchored = await verifyAuditChain(database.db, TEST_AUDIT_KEY, { anchor });
        assert.equal(anchored.ok, false);
        assert.equal(anchored.brokenId, anchor.id);
        // A row after the anchor re-hashed with the key is no business of the anchor: it still holds.
        const later = await verifyAuditChain(database.db, TEST_AUDIT_KEY, {
          anchor: (await verifyAuditChain(database.db, TEST_AUDIT_KEY)).head!,
        });
        assert.equal(later.ok, true);
      } finally {
        await database.close();
      }
    });

    test('an anchor whose row was deleted from the middle fails', async () => {
      const { database, rows } = await chainOf(5);
      try {
        const all = await database.db.selectFrom('audit_log').select(['id', 'hash', 'at']).orderBy('id').execute();
        const mid = all[2]!;
        const anchor: AuditAnchor = { id: mid.id, hash: mid.hash, at: mid.at.toISOString() };
        await asForger(database.db, async () => {
          await database.db.deleteFrom('audit_log').where('id', '=', rows[2]!).execute();
          await rehashFrom(database.db, rows[3]!, TEST_AUDIT_KEY);
        });
        const anchored = await verifyAuditChain(database.db, TEST_AUDIT_KEY, { anchor });
        assert.equal(anchored.ok, false);
        assert.equal(anchored.brokenId, anchor.id);
      } finally {
        await database.close();
      }
    });
  });

  describe(`an installation upgraded from the unkeyed chain [${engine}]`, () => {
    /** The rows of an older version: plain sha256, keyed = false. */
    async function legacyChain(n: number): Promise<{ database: Database; rows: string[] }> {
      const database = await openTestDatabase(engine);
      await writeRows(database.db, n);
      const rows = await ids(database.db);
      await asForger(database.db, () => rehashFrom(database.db, rows[0]!, null));
      return { database, rows };
    }

    test('the run that installs the key keys the chain: the old rows verify, and are covered from then on', async () => {
      const { database, rows } = await legacyChain(3);
      try {
        assert.equal((await verifyAuditChain(database.db, TEST_AUDIT_KEY)).ok, false, 'an unkeyed head');
        assert.equal(
          await keyAuditChainAfterMigrations(database.db, TEST_AUDIT_KEY, [AUDIT_KEY_MIGRATION], new Date()),
          true,
        );
        await writeRows(database.db, 2);
        const keyed = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.deepEqual([keyed.ok, keyed.rows, keyed.unkeyedRows], [true, 6, 3]);
        const marker = await database.db
          .selectFrom('audit_log')
          .select(['id', 'action', 'org_id', 'keyed'])
          .where('id', '>', rows[2]!)
          .orderBy('id')
          .executeTakeFirstOrThrow();
        assert.deepEqual(
          { action: marker.action, orgId: marker.org_id, keyed: marker.keyed },
          { action: 'audit.keyed', orgId: null, keyed: true },
        );
        // An old row changed and the old rows after it re-hashed without the key: the keying row no longer links.
        await asForger(database.db, async () => {
          await changeRow(database.db, rows[1]!);
          await rehashFrom(database.db, rows[1]!, null, marker.id);
        });
        const forged = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
        assert.equal(forged.ok, false);
        assert.equal(forged.brokenId, marker.id);
      } finally {
        await database.close();
      }
    });

    test('a fresh installation has nothing to key', async () => {
      const database = await openTestDatabase(engine);
      try {
        assert.equal(
          await keyAuditChainAfterMigrations(database.db, TEST_AUDIT_KEY, [AUDIT_KEY_MIGRATION], new Date()),
          false,
        );
        assert.deepEqual(await verifyAuditChain(database.db, TEST_AUDIT_KEY), {
          ok: true,
          rows: 0,
          unkeyedRows: 0,
          brokenId: null,
          reason: null,
          head: null,
          anchorChecked: false,
        });
      } finally {
        await database.close();
      }
    });
  });

  describe(`anchors through the CLI and the API [${engine}]`, () => {
    let target: CliTarget;
    let dir: string;
    before(async () => {
      target = await makeCliTarget(engine);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-anchor-'));
    });
    after(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await target.cleanup();
    });

    test('an empty log has no anchor', async () => {
      const run = await runCli(['audit', 'anchor'], target.env);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /操作日志为空/);
    });

    test('audit anchor prints the head; verify --anchor passes while the chain extends it, fails once truncated', async () => {
      const database = await target.open();
      try {
        await writeRows(database.db, 5);
      } finally {
        await database.close();
      }
      const taken = await runCli(['audit', 'anchor', '--json'], target.env);
      assert.equal(taken.code, 0, taken.stderr);
      const anchor = JSON.parse(taken.stdout) as AuditAnchor;
      const file = path.join(dir, 'anchor.json');
      fs.writeFileSync(file, taken.stdout);
      const human = await runCli(['audit', 'anchor'], target.env);
      assert.deepEqual(JSON.parse(human.stdout), anchor, 'the human form is the same JSON, the notice on stderr');

      let rows: string[];
      const database2 = await target.open();
      try {
        rows = await ids(database2.db);
        assert.equal(anchor.id, rows.at(-1));
        await writeRows(database2.db, 2);
      } finally {
        await database2.close();
      }
      const holds = await runCli(['audit', 'verify', '--anchor', file], target.env);
      assert.equal(holds.code, 0, holds.stdout + holds.stderr);
      assert.match(holds.stdout, new RegExp(`延续锚点 id=${anchor.id}`));

      // Delete the newest rows, through the anchor's own.
      const database3 = await target.open();
      try {
        await asForger(database3.db, () => deleteFrom(database3.db, rows[3]!));
      } finally {
        await database3.close();
      }
      const plain = await runCli(['audit', 'verify'], target.env);
      assert.equal(plain.code, 0, 'without an anchor a truncated chain looks intact');
      const anchored = await runCli(['audit', 'verify', '--anchor', file, '--json'], target.env);
      assert.equal(anchored.code, 1);
      const json = JSON.parse(anchored.stdout);
      assert.deepEqual([json.ok, json.brokenId, json.anchorChecked], [false, anchor.id, true]);
      assert.match(json.reason, /截断/);

      // The API says the same to the system administrator.
      const database4 = await target.open();
      try {
        const fx = await buildFixture(database4);
        const app = await buildApp({ database: database4 });
        const cookie = await loginAs(app, fx.users.admin.username);
        const res = await app.inject({
          method: 'POST',
          url: '/api/audit/verify',
          headers: { cookie },
          payload: { anchor },
        });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual([res.json().ok, res.json().brokenId], [false, anchor.id]);
        const head = await app.inject({ method: 'GET', url: '/api/audit/anchor', headers: { cookie } });
        assert.equal(head.statusCode, 200, head.body);
        const fresh = head.json() as AuditAnchor;
        const ok = await app.inject({
          method: 'POST',
          url: '/api/audit/verify',
          headers: { cookie },
          payload: { anchor: fresh },
        });
        assert.deepEqual([ok.json().ok, ok.json().anchorChecked], [true, true]);
        const orgAdmin = await loginAs(app, fx.users.aAdmin.username);
        const refused = await app.inject({ method: 'GET', url: '/api/audit/anchor', headers: { cookie: orgAdmin } });
        assert.equal(refused.statusCode, 403);
        await app.close();
      } finally {
        await database4.close();
      }
    });

    test('an unreadable or malformed anchor file is a usage error', async () => {
      const missing = await runCli(['audit', 'verify', '--anchor', path.join(dir, 'none.json')], target.env);
      assert.equal(missing.code, 2);
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(bad, JSON.stringify({ id: 'x', hash: 'y', at: '' }));
      const malformed = await runCli(['audit', 'verify', '--anchor', bad], target.env);
      assert.equal(malformed.code, 2);
      assert.match(malformed.stderr, /锚点文件内容无效/);
    });
  });

  describe(`rows without an organisation in the audit list [${engine}]`, () => {
    test('the system administrator sees them in the list of the whole tree; nobody else, nor in a subtree', async () => {
      const database = await openTestDatabase(engine);
      try {
        const fx = await buildFixture(database);
        await writeRows(database.db, 1, TEST_AUDIT_KEY, null);
        await writeRows(database.db, 1, TEST_AUDIT_KEY, fx.orgs.a1.id);
        const app = await buildApp({ database });
        const list = async (username: string, query = '') => {
          const cookie = await loginAs(app, username);
          const res = await app.inject({ method: 'GET', url: `/api/audit?pageSize=200${query}`, headers: { cookie } });
          assert.equal(res.statusCode, 200, res.body);
          return res.json() as { items: { action: string; orgId: number | null; orgName: string | null }[] };
        };
        const tests = (page: Awaited<ReturnType<typeof list>>) => page.items.filter((i) => i.action === 'test.write');

        const admin = tests(await list(fx.users.admin.username));
        assert.deepEqual(
          admin.map((i) => [i.orgId, i.orgName]),
          [
            [fx.orgs.a1.id, fx.orgs.a1.name],
            [null, null],
          ],
        );
        const adminSubtree = tests(await list(fx.users.admin.username, `&orgId=${fx.orgs.a.id}`));
        assert.deepEqual(
          adminSubtree.map((i) => i.orgId),
          [fx.orgs.a1.id],
        );
        const orgAdmin = tests(await list(fx.users.aAdmin.username));
        assert.deepEqual(
          orgAdmin.map((i) => i.orgId),
          [fx.orgs.a1.id],
        );
        const otherAdmin = tests(await list(fx.users.bAdmin.username));
        assert.deepEqual(otherAdmin, []);
        await app.close();
      } finally {
        await database.close();
      }
    });
  });
}

describe('audit lanes under concurrent writers [postgres]', () => {
  const entry = (n: number) => ({
    at: new Date(Date.UTC(2026, 11, 6, 2, 0, n)),
    actorId: null,
    actorName: '测试',
    action: 'test.concurrent',
    entity: 'org',
    entityId: n,
    orgId: null,
    after: { n },
  });

  test('a writer does not wait for another to commit: it takes a free lane, and keeps it for its later rows', async () => {
    const database = await openTestDatabase('postgres');
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let appended!: () => void;
      const firstAppended = new Promise<void>((r) => {
        appended = r;
      });
      const first = database.db.transaction().execute(async (trx) => {
        await appendAudit(trx, TEST_AUDIT_KEY, entry(1));
        appended();
        await held;
      });
      await firstAppended;
      // The second commits while the first is still open; with one lock for the whole chain it would wait for ever.
      let timer: NodeJS.Timeout | undefined;
      const second = await Promise.race([
        database.db
          .transaction()
          .execute(async (trx) => {
            await appendAudit(trx, TEST_AUDIT_KEY, entry(2));
            await appendAudit(trx, TEST_AUDIT_KEY, entry(3));
          })
          .then(() => 'committed'),
        new Promise<string>((r) => {
          timer = setTimeout(() => r('still waiting after 10 s'), 10_000);
        }),
      ]);
      clearTimeout(timer);
      release();
      await first;
      assert.equal(second, 'committed');
      const rows = await database.db.selectFrom('audit_log').select(['lane', 'action']).orderBy('id').execute();
      assert.deepEqual(
        rows.map((r) => r.lane),
        [0, 1, 1],
      );
      const verified = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
      assert.equal(verified.ok, true, verified.reason ?? '');
      assert.deepEqual(
        verified.head?.lanes?.map((l) => l.lane),
        [0, 1],
      );
      // Alone again, a writer takes lane 0.
      await database.db.transaction().execute((trx) => appendAudit(trx, TEST_AUDIT_KEY, entry(4)));
      const last = await database.db.selectFrom('audit_log').select('lane').orderBy('id', 'desc').limit(1).execute();
      assert.equal(last[0]!.lane, 0);
    } finally {
      await database.close();
    }
  });

  test('hundreds of concurrent writers leave a chain that verifies', async () => {
    const database = await openTestDatabase('postgres');
    try {
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          database.db.transaction().execute((trx) => appendAudit(trx, TEST_AUDIT_KEY, entry(i))),
        ),
      );
      const verified = await verifyAuditChain(database.db, TEST_AUDIT_KEY);
      assert.equal(verified.ok, true, verified.reason ?? '');
      assert.equal(verified.rows, 300);
    } finally {
      await database.close();
    }
  });
});

describe('the audit key of the embedded database', () => {
  let dataDir: string;
  before(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-key-'));
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  test('is generated into the data directory on first start (0600) and read from there on later starts', () => {
    const config = { auditKey: null, dataDir, databaseUrl: undefined };
    const first = resolveAuditKey(config);
    const file = path.join(dataDir, AUDIT_KEY_FILE);
    assert.equal(first.length, 32);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(resolveAuditKey(config), first);
    assert.deepEqual(fs.readdirSync(dataDir), [AUDIT_KEY_FILE], 'no temporary file left behind');
    // LUOSHI_AUDIT_KEY wins over the file.
    assert.deepEqual(resolveAuditKey({ ...config, auditKey: OTHER_KEY }), OTHER_KEY);
  });

  test('a CLI start without LUOSHI_AUDIT_KEY writes with the generated key and verifies with it later', async () => {
    const target = await makeCliTarget('pglite');
    try {
      const env = { ...target.env, LUOSHI_AUDIT_KEY: '' };
      const database = await target.open();
      let root: string;
      try {
        root = (await buildFixture(database)).orgs.root.code;
      } finally {
        await database.close();
      }
      const added = await runCli(['user', 'add', 'key-test', '--role', 'orgadmin', '--org', root], env);
      assert.equal(added.code, 0, added.stderr);
      const file = path.join(target.env.LUOSHI_DATA_DIR!, AUDIT_KEY_FILE);
      assert.ok(fs.existsSync(file));
      const verified = await runCli(['audit', 'verify', '--json'], env);
      assert.equal(verified.code, 0, verified.stdout);
      assert.ok(JSON.parse(verified.stdout).rows >= 1);
      // The tests' key is not the one these rows were written with.
      const other = await runCli(['audit', 'verify', '--json'], target.env);
      assert.equal(other.code, 1);
    } finally {
      await target.cleanup();
    }
  });

  test('PostgreSQL without LUOSHI_AUDIT_KEY refuses to start', async () => {
    const run = await runCli(['audit', 'verify'], {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      LUOSHI_AUDIT_KEY: '',
    });
    assert.equal(run.code, 3);
    assert.match(run.stderr, /LUOSHI_AUDIT_KEY/);
    assert.match(run.stderr, /必须设置操作日志密钥/);
  });
});
