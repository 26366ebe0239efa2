import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { TEST_AUDIT_KEY } from '../../auth/audit-key.ts';
import { toCopyLine } from '../../db/client.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { PERSON_COLUMNS, POSITION_COLUMNS, type StreamedTable, tableChunks } from './copy-lines.ts';
import { generateCity } from './generate.ts';
import type { GenerateOptions } from './generate-types.ts';
import { seedCity } from './seed.service.ts';
import { startSeedWorker } from './seed-worker.ts';

const TODAY = '2026-11-23';
const SECOND: GenerateOptions = {
  today: TODAY,
  firstOrgId: 539,
  firstPersonId: 19_403,
  codePrefix: 'S539-',
  idNumberCounty: 1,
};
const root = path.resolve(import.meta.dirname, '../../../..');

async function workerHashes(
  options: GenerateOptions,
  chunkBytes: number,
  ahead: number,
): Promise<Record<StreamedTable, string>> {
  const worker = startSeedWorker('district', { chunkBytes, ahead });
  try {
    assert.equal(await worker.ready, true);
    worker.generate(options);
    const out = {} as Record<StreamedTable, string>;
    for (const table of ['person', 'org_position'] as const) {
      const h = createHash('sha256');
      for await (const chunk of worker.chunks(table)) h.update(chunk.bytes);
      out[table] = h.digest('hex');
    }
    return out;
  } finally {
    await worker.close();
  }
}

function localHashes(options: GenerateOptions): Record<StreamedTable, string> {
  const city = generateCity('district', options);
  const hash = (table: StreamedTable) => {
    const h = createHash('sha256');
    for (const chunk of tableChunks(city, table)) h.update(chunk.bytes);
    return h.digest('hex');
  };
  return { person: hash('person'), org_position: hash('org_position') };
}

describe('seed worker', () => {
  test('sends the same COPY text as generating on the main thread, also with small chunks and little room ahead', async () => {
    const expected = localHashes(SECOND);
    assert.deepEqual(await workerHashes(SECOND, 1 << 20, 16), expected);
    assert.deepEqual(await workerHashes(SECOND, 8 << 10, 2), expected);
  });

  test('close() midway stops a worker that waits for room', async () => {
    const worker = startSeedWorker('district', { chunkBytes: 4 << 10, ahead: 1 });
    assert.equal(await worker.ready, true);
    worker.generate(SECOND);
    const chunks = worker.chunks('person');
    const first = await chunks.next();
    assert.ok(!first.done && first.value.rows > 0);
    await worker.close();
  });

  test('starts under `node bin/luoshi.js` too (tsx registered on the main thread only, no --import)', () => {
    const script = `
      import { register } from 'tsx/esm/api';
      register();
      const { startSeedWorker } = await import(${JSON.stringify(new URL('./seed-worker.ts', import.meta.url).href)});
      const worker = startSeedWorker('district', { chunkBytes: 1 << 20, ahead: 4 });
      if (!(await worker.ready)) throw new Error('worker did not start');
      worker.generate(${JSON.stringify(SECOND)});
      let rows = 0;
      for await (const chunk of worker.chunks('person')) rows += chunk.rows;
      await worker.close();
      console.log(rows);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(Number(r.stdout.trim()), generateCity('district', SECOND).personCount);
  });
});

describeOnEngines('seedCity through the worker', (ctx) => {
  test('stores exactly the generated rows, byte for byte in COPY text, and reports every phase', async () => {
    const phases: string[] = [];
    const result = await seedCity(ctx.database, 'district', {
      today: TODAY,
      now: new Date(),
      accountsPassword: 'demo-pass-2026',
      auditKey: TEST_AUDIT_KEY,
      worker: true,
      onProgress: (done, total, phase) => {
        assert.ok(done <= total, `${phase} ${done}/${total}`);
        if (phases.at(-1) !== phase) phases.push(phase);
      },
    });
    assert.deepEqual(phases, ['orgs', 'people', 'positions', 'indexes', 'users']);
    const city = generateCity('district', { today: TODAY, firstOrgId: 1, firstPersonId: 1 });
    assert.equal(result.people, city.personCount);
    const expected = localHashes({ today: TODAY, firstOrgId: 1, firstPersonId: 1 });
    const stored = async (table: StreamedTable, columns: readonly string[]) => {
      const { rows } = await sql<
        Record<string, unknown>
      >`${sql.raw(`select ${columns.join(', ')} from ${table} order by id`)}`.execute(ctx.database.db);
      const h = createHash('sha256');
      for (const row of rows) h.update(toCopyLine(columns.map((c) => row[c])));
      return h.digest('hex');
    };
    assert.equal(await stored('person', PERSON_COLUMNS), expected.person);
    assert.equal(await stored('org_position', POSITION_COLUMNS), expected.org_position);
  });
});
