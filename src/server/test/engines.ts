import fs from 'node:fs';
import { after, before, describe } from 'node:test';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { type PgCluster, startPgCluster } from './pg-cluster.ts';

/**
 * Database tests run on both engines, every time: PGlite (in memory) and a real PostgreSQL server.
 * The test runner (scripts/run-tests.ts) starts one throwaway cluster and prepares migrated templates;
 * run alone, a test file starts its own cluster. Nothing here skips: a missing server fails the test.
 */
export const ENGINES: readonly Engine[] = ['pglite', 'postgres'];
export const PG_TEMPLATE_DB = 'luoshi_template';

let ownCluster: Promise<PgCluster> | null = null;
let counter = 0;

/** The test cluster's admin URL (the runner's, or a cluster this process starts). */
export async function adminUrl(): Promise<string> {
  const fromRunner = process.env.LUOSHI_TEST_PG_URL;
  if (fromRunner) return fromRunner;
  ownCluster ??= startPgCluster().then((c) => {
    process.once('exit', () => void c.stop());
    return c;
  });
  return (await ownCluster).url;
}

function recordEngineUse(engine: Engine): void {
  const log = process.env.LUOSHI_TEST_ENGINE_LOG;
  if (log) fs.appendFileSync(log, `${engine}\n`);
}

/** A fresh, migrated database on the given engine; close() drops it. */
export async function openTestDatabase(engine: Engine): Promise<Database> {
  recordEngineUse(engine);
  if (engine === 'pglite') {
    const template = process.env.LUOSHI_TEST_PGLITE_TEMPLATE;
    if (template && fs.existsSync(template)) {
      return openDatabase({ engine: 'pglite', memory: true, loadDataDir: new Blob([fs.readFileSync(template)]) });
    }
    const database = await openDatabase({ engine: 'pglite', memory: true });
    await migrate(database.db);
    return database;
  }
  const admin = await adminUrl();
  const name = `luoshi_t_${process.pid}_${++counter}`;
  const adminClient = new pg.Client({ connectionString: admin });
  await adminClient.connect();
  const hasTemplate =
    (await adminClient.query('select 1 from pg_database where datname = $1', [PG_TEMPLATE_DB])).rowCount === 1;
  await adminClient.query(`create database ${name}${hasTemplate ? ` template ${PG_TEMPLATE_DB}` : ''}`);
  await adminClient.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const database = await openDatabase({ engine: 'postgres', url: url.toString() });
  if (!hasTemplate) await migrate(database.db);
  const close = database.close;
  return {
    ...database,
    async close() {
      await close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export type EngineContext = { readonly database: Database; readonly engine: Engine };

/** Declares the same suite once per engine; `ctx.database` is a fresh migrated database for the suite. */
export function describeOnEngines(name: string, fn: (ctx: EngineContext) => void): void {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, () => {
      let database: Database | null = null;
      const ctx: EngineContext = {
        engine,
        get database() {
          if (!database) throw new Error('test database not open yet (use it inside a test or hook)');
          return database;
        },
      };
      before(async () => {
        database = await openTestDatabase(engine);
      });
      after(async () => {
        await database?.close();
      });
      fn(ctx);
    });
  }
}
