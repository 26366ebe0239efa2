import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { findLastAuditHash, insertAuditRow, listAuditRowsAfter, lockAuditChain, nextAuditId } from './audit.queries.ts';

/**
 * The audit log: every write appends one row (who, when, what, before/after) inside the same transaction.
 * Rows are hash-chained: hash = sha256(prev_hash + canonical JSON of the row). `verifyAuditChain` walks the
 * chain in id order and names the first row whose hash or link does not hold.
 */
const GENESIS_HASH = '0'.repeat(64);

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

function hashAuditRow(prevHash: string, row: HashedFields): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ ...row, at: row.at.toISOString() }))
    .digest('hex');
}

/** Values that go through jsonb come back with dates as strings; normalise before hashing and storing. */
function jsonValue(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v));
}

export async function appendAudit(trx: Transaction<DB>, entry: AuditEntry): Promise<void> {
  await lockAuditChain(trx);
  const prevHash = (await findLastAuditHash(trx)) ?? GENESIS_HASH;
  const id = await nextAuditId(trx);
  const at = new Date(entry.at.getTime());
  const fields: HashedFields = {
    id,
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
    hash: hashAuditRow(prevHash, fields),
  });
}

type AuditVerifyResult =
  | { ok: true; rows: number; lastHash: string }
  | { ok: false; rows: number; brokenId: string; reason: string };

export async function verifyAuditChain(
  db: Kysely<DB>,
  onProgress: (checked: number) => void = () => {},
): Promise<AuditVerifyResult> {
  let prevHash = GENESIS_HASH;
  let afterId = '0';
  let checked = 0;
  const batch = 5000;
  for (;;) {
    const rows = await listAuditRowsAfter(db, afterId, batch);
    if (rows.length === 0) return { ok: true, rows: checked, lastHash: prevHash };
    for (const r of rows) {
      if (r.prev_hash !== prevHash) {
        return {
          ok: false,
          rows: checked,
          brokenId: r.id,
          reason: '与上一行的哈希链接不符（上一行被修改、删除或插入）',
        };
      }
      const expected = hashAuditRow(prevHash, {
        id: r.id,
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
      if (expected !== r.hash) {
        return { ok: false, rows: checked, brokenId: r.id, reason: '本行内容与其哈希不符（本行被修改）' };
      }
      prevHash = r.hash;
      checked++;
    }
    afterId = rows[rows.length - 1]!.id;
    onProgress(checked);
  }
}
