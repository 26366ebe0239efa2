import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AwsClient } from 'aws4fetch';

/**
 * Where evidence files live: a directory on disk (default) or an S3-compatible object store, behind one
 * interface. Objects are written once under a content-addressed key and never changed (evidence is append-only);
 * `list` and `delete` serve the orphan sweep (objects no evidence row refers to: a refused or failed upload).
 */
export type FileStore = {
  kind: 'disk' | 's3';
  put(key: string, data: Buffer, mime: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Every object whose key starts with `prefix`, with when it was last written. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Removes an object; a missing one is not an error. */
  delete(key: string): Promise<void>;
};

export type StoredObject = { key: string; modifiedAt: Date; size: number };

/** The prefix under which evidence of one UTC day is stored ('evidence/2026/11/23/'): the sweep lists by day. */
export function evidencePrefixOf(day: string): string {
  return `evidence/${day.replaceAll('-', '/')}/`;
}

export function storageKeyFor(data: Buffer, now: Date): { key: string; sha256: string } {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const day = now.toISOString().slice(0, 10);
  return { key: `${evidencePrefixOf(day)}${sha256}`, sha256 };
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
    async *list(prefix) {
      // Walk the directory the prefix lies in ('evidence/2026/11/23/' → that day's directory).
      const dir = path.resolve(root, prefix.slice(0, prefix.lastIndexOf('/') + 1) || '.');
      if (!fs.existsSync(dir)) return;
      for (const entry of await fs.promises.readdir(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const file = path.join(entry.parentPath, entry.name);
        const key = path.relative(path.resolve(root), file).split(path.sep).join('/');
        if (!key.startsWith(prefix)) continue;
        const stat = await fs.promises.stat(file).catch(() => null); // removed meanwhile
        if (stat) yield { key, modifiedAt: stat.mtime, size: stat.size };
      }
    },
    async delete(key) {
      const file = resolve(key);
      await fs.promises.rm(file, { force: true });
      // Empty day, month and year directories go too; a directory that is not empty stays.
      const top = path.resolve(root);
      for (let dir = path.dirname(file); dir !== top && dir.startsWith(top + path.sep); dir = path.dirname(dir)) {
        try {
          await fs.promises.rmdir(dir);
        } catch {
          break;
        }
      }
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
  const bucketUrl = `${o.endpoint.replace(/\/$/, '')}/${encodeURIComponent(o.bucket)}`;
  const url = (key: string) => `${bucketUrl}/${key.split('/').map(encodeURIComponent).join('/')}`;
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
    async *list(prefix) {
      // ListObjectsV2, a page of up to 1000 keys at a time.
      let token: string | null = null;
      do {
        const query = new URLSearchParams({
          'list-type': '2',
          prefix,
          ...(token ? { 'continuation-token': token } : {}),
        });
        const res = await client.fetch(`${bucketUrl}?${query}`);
        if (!res.ok) throw new Error(`对象存储列表失败：HTTP ${res.status} ${await res.text()}`);
        const page = parseListPage(await res.text());
        yield* page.objects;
        token = page.nextToken;
      } while (token);
    },
    async delete(key) {
      const res = await client.fetch(url(key), { method: 'DELETE' });
      if (!res.ok && res.status !== 404) throw new Error(`对象存储删除失败：HTTP ${res.status} ${await res.text()}`);
    },
  };
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
    e.startsWith('#x') || e.startsWith('#X')
      ? String.fromCodePoint(Number.parseInt(e.slice(2), 16))
      : e.startsWith('#')
        ? String.fromCodePoint(Number(e.slice(1)))
        : (XML_ENTITIES[e] ?? m),
  );
}

/** One page of a ListObjectsV2 answer: its objects and the token of the next page, if any. */
function parseListPage(xml: string): { objects: StoredObject[]; nextToken: string | null } {
  const tag = (within: string, name: string) => {
    const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(within);
    return m ? xmlText(m[1]!) : null;
  };
  const objects = [...xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)].map(([, c]) => ({
    key: tag(c!, 'Key') ?? '',
    modifiedAt: new Date(tag(c!, 'LastModified') ?? 0),
    size: Number(tag(c!, 'Size') ?? 0),
  }));
  const truncated = tag(xml, 'IsTruncated') === 'true';
  return { objects, nextToken: truncated ? tag(xml, 'NextContinuationToken') : null };
}

/** The store the configuration names (LUOSHI_FILES_DIR, or LUOSHI_S3_* for an object store). */
export function openFileStore(files: { kind: 'disk'; dir: string } | ({ kind: 's3' } & S3Options)): FileStore {
  return files.kind === 's3' ? s3FileStore(files) : diskFileStore(files.dir);
}
