/**
 * Per-table checksums of the platform's data: rows and an md5 over the rows' text, in a fixed order. The backup
 * prints them at the backup, the restore after it; equal figures say the restore brought back the same content.
 * Takes a plain query runner so that it works on a Kysely handle and on a bare PGlite instance alike.
 */
export type RunQuery = <R>(text: string) => Promise<R[]>;
export type TableChecksums = Record<string, { rows: number; md5: string }>;

export async function tableChecksums(query: RunQuery): Promise<TableChecksums> {
  const tables = await query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' order by c.relname`,
  );
  const out: TableChecksums = {};
  for (const { name } of tables) {
    const [row] = await query<{ rows: number; md5: string }>(
      `select count(*)::int as rows, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5
       from public."${name.replaceAll('"', '""')}" t`,
    );
    out[name] = { rows: row!.rows, md5: row!.md5 };
  }
  return out;
}

/** Whether the database holds the platform's data (organisations, people or accounts): a restore refuses it unless forced. */
export async function holdsData(query: RunQuery): Promise<boolean> {
  const [row] = await query<{ n: number }>(
    `select (case when to_regclass('public.org') is null then 0
       else (select count(*) from (select 1 from public.org limit 1) x) end)::int as n`,
  );
  return (row?.n ?? 0) > 0;
}
