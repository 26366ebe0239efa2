import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import S3rver from 's3rver';
import { diskFileStore, type FileStore, s3FileStore, storageKeyFor } from './file-store.ts';

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
  });
}
