import { createHash, createHmac } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AuditAnchor, AuditVerifyResult } from '../../contracts/audit.ts';
import type { AuditLogTable, DB } from '../db/schema.ts';
import {
  findAuditHead,
  findLaneHeadAndNextId,
  insertAuditRow,
  listAuditRowsAfter,
  lockAuditLane,
  takeAuditLane,
} from './audit.queries.ts';

/**
 * The audit log: every write appends one row (who, when, what, before/after) inside the same transaction.
 * Rows are chained and keyed: hash = HMAC-SHA256(key, prev_hash + canonical JSON of the row), the key kept outside
 * the database (audit-key.ts), so that rewriting a row and re-hashing the rows after it needs the key. Rows written
 * before the key existed keep their plain sha256 hash (keyed = false): they may only open the chain, followed by the
 * row that keyed it (keyAuditChainAfterMigrations), and the head is always keyed. Truncating the newest rows leaves a
 * chain that holds: anchors (the heads' ids and hashes, kept outside by an administrator) catch that.
 *
 * The chain runs in lanes (AUDIT_LANES): a writer takes the first lane no other open transaction holds and links to
 * that lane's previous row, so concurrent writes do not queue behind one another until each commits; a writer alone
 * always takes lane 0, which also holds every row written before lanes existed. Within a lane ids rise in commit
 * order (the lane is held from taking the id to the commit). `verifyAuditChain` walks all rows in id order, each
 * lane's links apart, and names the first row whose hash or link does not hold, or the anchor the log no longer
 * extends.
 */
const GENESIS_HASH = '0'.repeat(64);

/**
 * How many lanes the chain has: more than the connections that write at once (the pool of each app process, 10 by
 * default, times the processes), so that a writer almost never waits; an anchor names the head of each lane used.
 */
export const AUDIT_LANES = 32;

/** The lane a transaction took with its first audit row: its later rows go to the same lane. */
const laneOfTransaction = new WeakMap<Transaction<DB>, number>();

type AuditEntry = {
  at: Date;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  orgId: number | null;
  before?: unknown;
  after?: unknown;
};

/** JSON with object keys sorted at every level, so that jsonb's own key order does not matter. */
function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

type HashedFields = {
  id: string;
  /** Hashed for lanes other than 0 (rows of lane 0 hash as they did before lanes existed). */
  lane?: number | undefined;
  at: Date;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  orgId: number | null;
  before: unknown;
  after: unknown;
};

/** A keyed row's hash (HMAC with the installation's key), or, without a key, an older row's plain sha256. */
function hashAuditRow(key: Buffer | null, prevHash: string, row: HashedFields): string {
  return (key ? createHmac('sha256', key) : createHash('sha256'))
    .update(prevHash)
    .update(canonicalJson({ ...row, at: row.at.toISOString() }))
    .digest('hex');
}

/**
 * The hash a stored row has when nobody touched it, linked to `prevHash`: with the key (a keyed row) or without
 * (an unkeyed one). The tests that play the forger re-hash rows with it.
 */
export function hashStoredAuditRow(key: Buffer | null, prevHash: string, r: Selectable<AuditLogTable>): string {
  return hashAuditRow(key, prevHash, {
    id: r.id,
    lane: r.lane === 0 ? undefined : r.lane,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    orgId: r.org_id,
    before: r.before,
    after: r.after,
  });
}

/** Values that go through jsonb come back with dates as strings; normalise before hashing and storing. */
function jsonValue(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

/**
 * Appends one keyed row to the chain, inside the write's transaction, which holds the row's lane until it ends: the
 * lane it took for an earlier row, else the first free one (or `opts.lane`, waited for).
 */
export async function appendAudit(
  trx: Transaction<DB>,
  auditKey: Buffer,
  entry: AuditEntry,
  opts: { lane?: number } = {},
): Promise<void> {
  const held = laneOfTransaction.get(trx);
  let lane: number;
  if (opts.lane !== undefined && opts.lane !== held) {
    await lockAuditLane(trx, opts.lane);
    lane = opts.lane;
  } else if (held !== undefined) {
    lane = held; // held since this transaction's first row
  } else {
    lane = await takeAuditLane(trx, AUDIT_LANES);
  }
  laneOfTransaction.set(trx, lane);
  const head = await findLaneHeadAndNextId(trx, lane);
  const prevHash = head.prevHash ?? GENESIS_HASH;
  const id = head.id;
  const at = new Date(entry.at.getTime());
  const fields: HashedFields = {
    id,
    lane: lane === 0 ? undefined : lane,
    at,
    actorId: entry.actorId,
    actorName: entry.actorName,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId === null ? null : String(entry.entityId),
    orgId: entry.orgId,
    before: jsonValue(entry.before),
    after: jsonValue(entry.after),
  };
  await insertAuditRow(trx, {
    id,
    at,
    actor_id: fields.actorId,
    actor_name: fields.actorName,
    action: fields.action,
    entity: fields.entity,
    entity_id: fields.entityId,
    org_id: fields.orgId,
    before: fields.before === null ? null : JSON.stringify(fields.before),
    after: fields.after === null ? null : JSON.stringify(fields.after),
    prev_hash: prevHash,
    hash: hashAuditRow(auditKey, prevHash, fields),
    keyed: true,
    lane,
  });
}

/** The migration that introduced the key: the chain of an installation that applies it is keyed right after. */
export const AUDIT_KEY_MIGRATION = '20261210T0900_audit_keyed.sql';

/** The action of the row that opens the keyed part of a chain whose first rows were written without the key. */
export const AUDIT_KEYED_ACTION = 'audit.keyed';

/**
 * Right after the migrations: when this run applied the migration that introduced the key to a log that holds
 * rows (an upgraded installation), appends the keyed row that opens the keyed part of the chain. Its HMAC covers
 * the last unkeyed row's hash, and through it every unkeyed row. Only then: an unkeyed chain met at any other time
 * is a forgery, never keyed over (verifyAuditChain). Returns whether the row was appended.
 */
export async function keyAuditChainAfterMigrations(
  db: Kysely<DB>,
  auditKey: Buffer,
  appliedMigrations: readonly string[],
  now: Date,
): Promise<boolean> {
  if (!appliedMigrations.includes(AUDIT_KEY_MIGRATION)) return false;
  return db.transaction().execute(async (trx) => {
    await lockAuditLane(trx, 0);
    const head = await findAuditHead(trx, 0);
    if (!head || head.keyed) return false;
    await appendAudit(
      trx,
      auditKey,
      {
        at: now,
        actorId: null,
        actorName: '系统',
        action: AUDIT_KEYED_ACTION,
        entity: 'audit_log',
        entityId: head.id,
        orgId: null,
        after: { unkeyedThrough: head.id },
      },
      { lane: 0 },
    );
    return true;
  });
}

/**
 * Walks the log in id order with the installation's key, each lane as its own chain: each row must link to the
 * previous row of its lane and hash as it says (keyed: HMAC; unkeyed: sha256). Unkeyed rows may only open lane 0, the
 * first keyed row after them must be the one that keyed it (keyAuditChainAfterMigrations), and every lane's head
 * must be keyed: a chain re-hashed without the key fails however far back it was re-hashed. With an anchor, every
 * row it names (the head, and the head of each lane) must still be there with the anchor's hash: a lane re-hashed
 * (even with the key) through its anchored row, or truncated to before it, fails.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  auditKey: Buffer,
  opts: { anchor?: AuditAnchor | null; onProgress?: (checked: number) => void } = {},
): Promise<AuditVerifyResult> {
  const anchor = opts.anchor ?? null;
  /** The rows the anchor names: id → the hash it had, and its lane when the anchor says. */
  const anchored = new Map<string, { hash: string; lane: number | null }>();
  if (anchor) {
    anchored.set(anchor.id, { hash: anchor.hash, lane: null });
    for (const l of anchor.lanes ?? []) anchored.set(l.id, { hash: l.hash, lane: l.lane });
  }
  const heads = new Map<number, Selectable<AuditLogTable>>();
  let head: Selectable<AuditLogTable> | null = null;
  let afterId = '0';
  let checked = 0;
  let unkeyed = 0;
  const fail = (brokenId: string, reason: string): AuditVerifyResult => ({
    ok: false,
    rows: checked,
    unkeyedRows: unkeyed,
    brokenId,
    reason,
    head: null,
    anchorChecked: anchor !== null,
  });
  const batch = 5000;
  for (;;) {
    const rows = await listAuditRowsAfter(db, afterId, batch);
    if (rows.length === 0) break;
    for (const r of rows) {
      const previous = heads.get(r.lane);
      if (r.prev_hash !== (previous?.hash ?? GENESIS_HASH)) {
        return fail(r.id, '与上一行的哈希链接不符（上一行被修改、删除或插入）');
      }
      if (!r.keyed && r.lane !== 0) {
        return fail(r.id, '未加密钥的记录只能是启用密钥之前的旧记录（本行被不用密钥重算过哈希）');
      }
      if (!r.keyed && previous?.keyed) {
        return fail(r.id, '未加密钥的记录出现在加密钥的记录之后（本行及其后的记录被不用密钥重算过哈希）');
      }
      if (r.keyed && previous && !previous.keyed && r.action !== AUDIT_KEYED_ACTION) {
        return fail(r.id, '未加密钥的旧记录之后的第一行不是启用密钥的记录（此前的记录被不用密钥重算过哈希）');
      }
      const expected = hashStoredAuditRow(r.keyed ? auditKey : null, previous?.hash ?? GENESIS_HASH, r);
      if (expected !== r.hash) {
        return fail(
          r.id,
          r.keyed
            ? '本行内容与其密钥哈希不符（本行被修改或被重算过哈希，或校验所用的密钥不是写入时的密钥）'
            : '本行内容与其哈希不符（本行被修改）',
        );
      }
      const named = anchored.get(r.id);
      if (named) {
        if (r.hash !== named.hash || (named.lane !== null && named.lane !== r.lane)) {
          return fail(r.id, '本行的哈希与锚点不符（本行或其之前的记录被改写并重算过哈希）');
        }
        anchored.delete(r.id);
      }
      heads.set(r.lane, r);
      head = r;
      if (!r.keyed) unkeyed++;
      checked++;
    }
    afterId = rows[rows.length - 1]!.id;
    opts.onProgress?.(checked);
  }
  for (const h of heads.values()) {
    if (!h.keyed) return fail(h.id, '日志的最后一行未加密钥（整条链可能被不用密钥重算过哈希）');
  }
  for (const [id, named] of anchored) {
    // Rows after the anchored one in its lane (or anywhere, when the anchor does not say the lane): it was deleted;
    // none: the log was cut back to before it.
    const later = named.lane === null ? head : (heads.get(named.lane) ?? null);
    return later !== null && BigInt(later.id) > BigInt(id)
      ? fail(id, `锚点所指的记录（id=${id}）已不在日志中（记录被删除）`)
      : fail(id, `日志止于锚点之前：锚点所指的记录（id=${id}）已不在日志中（日志被截断）`);
  }
  return {
    ok: true,
    rows: checked,
    unkeyedRows: unkeyed,
    brokenId: null,
    reason: null,
    head: head ? anchorOf(head, [...heads.values()]) : null,
    anchorChecked: anchor !== null,
  };
}

/** The head of the log, and the head of each lane in lane order (what an anchor keeps). */
function anchorOf(row: Selectable<AuditLogTable>, laneHeads: Selectable<AuditLogTable>[]): AuditAnchor {
  const lanes = laneHeads.sort((a, b) => a.lane - b.lane).map((h) => ({ lane: h.lane, id: h.id, hash: h.hash }));
  return { id: row.id, hash: row.hash, at: row.at.toISOString(), lanes };
}
