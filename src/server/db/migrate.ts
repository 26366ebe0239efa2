import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Versioned SQL migrations: timestamp-named files in ./migrations, append-only, each applied in its own
 * transaction and recorded in schema_migration with its checksum. An advisory lock keeps two app
 * instances on one PostgreSQL server from migrating at once.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const LOCK_KEY = 7_305_150_001;

export type MigrationFile = { name: string; sql: string; checksum: string };
export type MigrationResult = { applied: string[]; alreadyApplied: number };

export function listMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(`${dir}/${name}`, 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export async function migrate(db: Kysely<DB>, onApply: (name: string) => void = () => {}): Promise<MigrationResult> {
  await sql`create table if not exists schema_migration (
    name text primary key, checksum text not null, applied_at timestamptz not null default now())`.execute(db);
  const files = listMigrations();
  const applied: string[] = [];
  let already = 0;
  // Every command starts here: the migrations applied already are checked in one read, not in a locked
  // transaction each (four round trips per file); only a file not yet recorded goes through the lock below.
  const recorded = new Map(
    (await db.selectFrom('schema_migration').select(['name', 'checksum']).execute()).map((r) => [r.name, r.checksum]),
  );
  for (const file of files) {
    const checksum = recorded.get(file.name);
    if (checksum !== undefined) {
      if (checksum !== file.checksum)
        throw new Error(`迁移文件 ${file.name} 在应用后被修改（校验和不符）。迁移只能追加，不能修改。`);
      already++;
      continue;
    }
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      const row = await trx
        .selectFrom('schema_migration')
        .select(['checksum'])
        .where('name', '=', file.name)
        .executeTakeFirst();
      if (row) {
        if (row.checksum !== file.checksum)
          throw new Error(`迁移文件 ${file.name} 在应用后被修改（校验和不符）。迁移只能追加，不能修改。`);
        return true;
      }
      await sql.raw(file.sql).execute(trx);
      await trx.insertInto('schema_migration').values({ name: file.name, checksum: file.checksum }).execute();
      return false;
    });
    if (done) already++;
    else {
      applied.push(file.name);
      onApply(file.name);
    }
  }
  return { applied, alreadyApplied: already };
}
