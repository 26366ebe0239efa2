import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Q = Kysely<DB> | Transaction<DB>;

/** An upload of evidence for one indicator, with its files' rows: one transaction of the caller. */
export async function insertAssessEvidence(
  trx: Q,
  v: {
    round_id: number;
    org_id: number;
    indicator_id: string;
    side: 'self' | 'score';
    actor_id: number | null;
    actor_name: string;
    at: Date;
  },
  files: readonly {
    storage: 'disk' | 's3';
    storage_key: string;
    filename: string;
    mime: string;
    size_bytes: number;
    sha256: string;
  }[],
): Promise<number> {
  const { id } = await trx.insertInto('assess_evidence').values(v).returning('id').executeTakeFirstOrThrow();
  if (files.length > 0) {
    await trx
      .insertInto('evidence_file')
      .values(files.map((f) => ({ ...f, ledger_entry_id: null, assess_evidence_id: id, created_at: v.at })))
      .execute();
  }
  return id;
}

/** The evidence files of an assessed organisation in a round, oldest first, with the indicator and side. */
export function listAssessEvidenceFiles(db: Q, roundId: number, orgId: number) {
  return db
    .selectFrom('assess_evidence as e')
    .innerJoin('evidence_file as f', 'f.assess_evidence_id', 'e.id')
    .select([
      'f.id',
      'e.indicator_id',
      'e.side',
      'e.actor_name',
      'e.at',
      'f.filename',
      'f.mime',
      'f.size_bytes',
      'f.storage_key',
    ])
    .where('e.round_id', '=', roundId)
    .where('e.org_id', '=', orgId)
    .orderBy('f.id')
    .execute();
}
