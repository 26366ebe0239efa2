import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';

/**
 * Where evidence files live: a directory on disk (default) or an S3-compatible object store, behind one
 * interface. Objects are written once under a content-addressed key and never changed (evidence is append-only).
 */
export type FileStore = {
  kind: 'disk' | 's3';
  put(key: string, data: Buffer, mime: string): Promise<void>;
  get(key: string): Promise<Buffer>;
};

export function storageKeyFor(data: Buffer, now: Date): { key: string; sha256: string } {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return { key: `evidence/${day}/${sha256}`, sha256 };
}

export function diskFileStore(root: string): FileStore {
  const resolve = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error(`invalid storage key ${key}`);
    return p;
  };
  return {
    kind: 'disk',
    async put(key, data) {
      const file = resolve(key);
      if (fs.existsSync(file)) return; // same content, same key
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      const handle = await fs.promises.open(tmp, 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(tmp, file);
    },
    async get(key) {
      return fs.promises.readFile(resolve(key));
    },
  };
}

export type S3Options = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
};

/** Any S3-compatible store (MinIO, Ceph, OSS/COS with S3 API), path-style addressing, SigV4 via aws4fetch. */
export function s3FileStore(o: S3Options): FileStore {
  const client = new AwsClient({
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    region: o.region,
    service: 's3',
  });
  const url = (key: string) =>
    `${o.endpoint.replace(/\/$/, '')}/${encodeURIComponent(o.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  return {
    kind: 's3',
    async put(key, data, mime) {
      const res = await client.fetch(url(key), { method: 'PUT', body: data, headers: { 'content-type': mime } });
      if (!res.ok) throw new Error(`对象存储写入失败：HTTP ${res.status} ${await res.text()}`);
    },
    async get(key) {
      const res = await client.fetch(url(key), { method: 'GET' });
      if (!res.ok) throw new Error(`对象存储读取失败：HTTP ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}
