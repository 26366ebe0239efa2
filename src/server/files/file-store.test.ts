import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import S3rver from 's3rver';
import {
  diskFileStore,
  evidencePrefixOf,
  type FileStore,
  type StoredObject,
  s3FileStore,
  storageKeyFor,
} from './file-store.ts';

/** The same behaviour from both stores: the disk directory, and a real S3 protocol server (s3rver) on loopback. */
const stores: { name: string; make(): Promise<{ store: FileStore; close(): Promise<void> }> }[] = [
  {
    name: 'disk',
    async make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-files-'));
      return { store: diskFileStore(dir), close: async () => fs.rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3',
    async make() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-s3-'));
      const server = new S3rver({
        port: 0,
        address: '127.0.0.1',
        directory: dir,
        silent: true,
        configureBuckets: [{ name: 'evidence' }],
      });
      const { port } = (await server.run()) as { port: number };
      const store = s3FileStore({
        endpoint: `http://127.0.0.1:${port}`,
        bucket: 'evidence',
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
      });
      return {
        store,
        async close() {
          await server.close();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
];

for (const { name, make } of stores) {
  describe(`evidence file store [${name}]`, () => {
    let store: FileStore;
    let close: () => Promise<void>;
    before(async () => {
      ({ store, close } = await make());
    });
    after(() => close());

    test('stores a file under its content key and reads back the same bytes', async () => {
      const data = Buffer.from(`%PDF-1.7 台账佐证材料 ${'x'.repeat(5000)}`);
      const { key, sha256 } = storageKeyFor(data, new Date('2026-11-23T02:00:00Z'));
      assert.match(key, /^evidence\/2026\/11\/23\/[0-9a-f]{64}$/);
      assert.equal(key.endsWith(sha256), true);
      await store.put(key, data, 'application/pdf');
      await store.put(key, data, 'application/pdf'); // the same content again is harmless
      assert.deepEqual(await store.get(key), data);
    });

    test('reading a missing key fails', async () => {
      await assert.rejects(store.get('evidence/none/0000'));
    });

    test('lists the objects under a prefix with their age and size, and deletes them', async () => {
      const started = Date.now();
      const a = Buffer.from('%PDF-1.7 甲');
      const b = Buffer.from('%PDF-1.7 乙乙');
      const keyA = storageKeyFor(a, new Date('2026-11-24T02:00:00Z')).key;
      const keyB = storageKeyFor(b, new Date('2026-11-25T02:00:00Z')).key;
      await store.put(keyA, a, 'application/pdf');
      await store.put(keyB, b, 'application/pdf');
      const listed = async (prefix: string) => {
        const out: StoredObject[] = [];
        for await (const o of store.list(prefix)) out.push(o);
        return out.sort((x, y) => x.key.localeCompare(y.key));
      };
      const day = await listed(evidencePrefixOf('2026-11-24'));
      assert.deepEqual(
        day.map((o) => [o.key, o.size]),
        [[keyA, a.length]],
      );
      assert.ok(Math.abs(day[0]!.modifiedAt.getTime() - started) < 60_000, String(day[0]!.modifiedAt));
      const all = (await listed('evidence/')).map((o) => o.key);
      assert.ok(all.includes(keyA) && all.includes(keyB));
      await store.delete(keyA);
      await store.delete(keyA); // a missing object is not an error
      assert.deepEqual(await listed(evidencePrefixOf('2026-11-24')), []);
      await assert.rejects(store.get(keyA));
      assert.deepEqual(await store.get(keyB), b);
    });
  });
}
