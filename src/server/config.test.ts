import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults: port 3000, ./data, the embedded database, files under the data directory', async () => {
  const c = await loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.dataDir, path.resolve('./data'));
  assert.equal(c.databaseUrl, undefined);
  assert.deepEqual(c.files, { kind: 'disk', dir: path.resolve('./data/files') });
  assert.deepEqual(c.taskRules, {});
});

test('every bad variable is listed in one error', async () => {
  await assert.rejects(
    loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', LUOSHI_REMINDER_DAYS: 'soon', LUOSHI_LAG_THRESHOLD: '2' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      ['PORT', 'DATABASE_URL', 'LUOSHI_REMINDER_DAYS', 'LUOSHI_LAG_THRESHOLD'].every((v) => e.message.includes(v)),
  );
});

test('task-rule overrides and the S3 store are read from the environment', async () => {
  const c = await loadConfig({
    LUOSHI_REMINDER_DAYS: '14,3,1',
    LUOSHI_LAG_THRESHOLD: '0.3',
    LUOSHI_S3_ENDPOINT: 'http://minio:9000',
    LUOSHI_S3_BUCKET: 'evidence',
    LUOSHI_S3_ACCESS_KEY: 'k',
    LUOSHI_S3_SECRET_KEY: 's',
  });
  assert.deepEqual(c.taskRules, { reminderDaysBeforeDeadline: [14, 3, 1], lagThreshold: 0.3 });
  assert.equal(c.files.kind, 's3');
  await assert.rejects(loadConfig({ LUOSHI_S3_ENDPOINT: 'http://minio:9000' }), /LUOSHI_S3_BUCKET/);
});

test('the audit key: hex or base64 of at least 32 bytes; PostgreSQL refuses to start without one', async () => {
  const key = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
  assert.deepEqual((await loadConfig({ LUOSHI_AUDIT_KEY: key.toString('hex') })).auditKey, key);
  assert.deepEqual((await loadConfig({ LUOSHI_AUDIT_KEY: key.toString('base64') })).auditKey, key);
  assert.equal((await loadConfig({})).auditKey, null, 'the embedded database keeps its key in the data directory');
  await assert.rejects(
    loadConfig({ LUOSHI_AUDIT_KEY: 'c2hvcnQ=' }),
    (e: unknown) => e instanceof ConfigError && /LUOSHI_AUDIT_KEY: must be at least 32 bytes/.test(e.message),
  );
  await assert.rejects(
    loadConfig({ DATABASE_URL: 'postgres://luoshi@db/luoshi' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /LUOSHI_AUDIT_KEY: 使用 PostgreSQL（DATABASE_URL）时必须设置操作日志密钥/.test(e.message) &&
      /required with DATABASE_URL/.test(e.message),
  );
  const pg = await loadConfig({ DATABASE_URL: 'postgres://luoshi@db/luoshi', LUOSHI_AUDIT_KEY: key.toString('hex') });
  assert.deepEqual(pg.auditKey, key);
});

test('the demo password must pass the password policy; the login limit and public origins are read', async () => {
  await assert.rejects(
    loadConfig({ LUOSHI_DEMO_PASSWORD: 'password123' }),
    (e: unknown) => e instanceof ConfigError && /LUOSHI_DEMO_PASSWORD: 密码太常见/.test(e.message),
  );
  await assert.rejects(loadConfig({ LUOSHI_DEMO_PASSWORD: 'short1' }), /密码至少需要10个字符/);
  assert.equal((await loadConfig({ LUOSHI_DEMO_PASSWORD: 'Stone-River-42' })).demoPassword, 'Stone-River-42');
  const c = await loadConfig({
    LUOSHI_LOGIN_RATE_LIMIT: '120',
    LUOSHI_PUBLIC_ORIGIN: 'https://luoshi.example.cn, http://10.0.0.5:8080',
  });
  assert.equal(c.loginRatePerMinute, 120);
  assert.deepEqual(c.publicOrigins, ['https://luoshi.example.cn', 'http://10.0.0.5:8080']);
  assert.equal((await loadConfig({})).loginRatePerMinute, 30);
  assert.deepEqual((await loadConfig({})).publicOrigins, []);
  await assert.rejects(loadConfig({ LUOSHI_PUBLIC_ORIGIN: 'https://luoshi.example.cn/app' }), /LUOSHI_PUBLIC_ORIGIN/);
  await assert.rejects(loadConfig({ LUOSHI_LOGIN_RATE_LIMIT: '0' }), /LUOSHI_LOGIN_RATE_LIMIT/);
});
