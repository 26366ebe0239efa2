import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: port 3000, ./data, the embedded database, files under the data directory', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.databaseUrl, undefined);
  assert.deepEqual(c.files, { kind: 'disk', dir: path.resolve('./data/files') });
  assert.deepEqual(c.taskRules, {});
});

test('every bad variable is listed in one error', () => {
  assert.throws(
    () =>
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', LUOSHI_REMINDER_DAYS: 'soon', LUOSHI_LAG_THRESHOLD: '2' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      ['PORT', 'DATABASE_URL', 'LUOSHI_REMINDER_DAYS', 'LUOSHI_LAG_THRESHOLD'].every((v) => e.message.includes(v)),
  );
});

test('task-rule overrides and the S3 store are read from the environment', () => {
  const c = loadConfig({
    LUOSHI_REMINDER_DAYS: '14,3,1',
    LUOSHI_LAG_THRESHOLD: '0.3',
    LUOSHI_S3_ENDPOINT: 'http://minio:9000',
    LUOSHI_S3_BUCKET: 'evidence',
    LUOSHI_S3_ACCESS_KEY: 'k',
    LUOSHI_S3_SECRET_KEY: 's',
  });
  assert.deepEqual(c.taskRules, { reminderDaysBeforeDeadline: [14, 3, 1], lagThreshold: 0.3 });
  assert.equal(c.files.kind, 's3');
  assert.throws(() => loadConfig({ LUOSHI_S3_ENDPOINT: 'http://minio:9000' }), /LUOSHI_S3_BUCKET/);
});
