import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Grid } from '../../domain/import/grid.ts';
import { isAppError } from '../errors.ts';
import { describeOnEngines } from '../test/engines.ts';
import { dropUpload, forgetExpiredUploads, keepUpload, takeUpload, UPLOAD_TTL_MINUTES } from './uploads.ts';

const NOW = new Date('2026-12-06T08:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

const GRID: Grid = {
  name: '党员花名册',
  hidden: false,
  rows: [
    [{ value: '姓名' }, { value: '出生日期' }, null, { value: '身份证号' }],
    [{ value: '张某' }, { value: new Date(Date.UTC(1980, 2, 1)), numFmt: 'yyyy-mm-dd' }, null, { value: 1.5e17 }],
    [],
    [{ value: null, formulaWithoutValue: 'A1&B1' }, { value: true }],
  ],
  merges: [{ top: 1, left: 1, bottom: 1, right: 2 }],
};

describeOnEngines('kept uploads', (ctx) => {
  const who = (userId: number, now = NOW) => ({ db: ctx.database.db, userId, now });
  const expired = (e: unknown) => isAppError(e) && e.code === 'UPLOAD_EXPIRED';

  test('a kept workbook comes back as read (dates, formulas without a value, merges), to its uploader only', async () => {
    const xlsx = Buffer.from('PK-not-read-again');
    const kept = await keepUpload(who(7), 'roster', { format: 'xls', grids: [GRID], xlsx });
    assert.equal(kept.expiresAt, minutes(UPLOAD_TTL_MINUTES).toISOString());
    const back = await takeUpload(who(7, minutes(UPLOAD_TTL_MINUTES - 1)), 'roster', kept.uploadId);
    assert.deepEqual(back, { format: 'xls', grids: [GRID], xlsx });
    assert.ok(back.grids[0]?.rows[1]?.[1]?.value instanceof Date);
    await assert.rejects(takeUpload(who(8), 'roster', kept.uploadId), expired, 'another account');
    await assert.rejects(takeUpload(who(7), 'problems', kept.uploadId), expired, 'another list');
    await assert.rejects(takeUpload(who(7, minutes(UPLOAD_TTL_MINUTES)), 'roster', kept.uploadId), expired, 'expired');
    await dropUpload(who(8), kept.uploadId); // not theirs: nothing happens
    await takeUpload(who(7), 'roster', kept.uploadId);
    await dropUpload(who(7), kept.uploadId);
    await assert.rejects(takeUpload(who(7), 'roster', kept.uploadId), expired, 'dropped');
  });

  test('keeping an upload deletes those past their time', async () => {
    const old = await keepUpload(who(9), 'roster', { format: 'xlsx', grids: [], xlsx: Buffer.from('a') });
    await keepUpload(who(9, minutes(UPLOAD_TTL_MINUTES + 1)), 'roster', {
      format: 'xlsx',
      grids: [],
      xlsx: Buffer.from('b'),
    });
    const left = await ctx.database.db
      .selectFrom('import_upload')
      .select('id')
      .where('id', '=', old.uploadId)
      .execute();
    assert.deepEqual(left, []);
    // The hourly sweep deletes what has expired, and only that.
    const live = await keepUpload(who(9), 'roster', { format: 'xlsx', grids: [], xlsx: Buffer.from('c') });
    assert.equal(await forgetExpiredUploads(ctx.database.db, minutes(UPLOAD_TTL_MINUTES - 1)), 0);
    assert.ok((await forgetExpiredUploads(ctx.database.db, minutes(3 * UPLOAD_TTL_MINUTES))) >= 2);
    await assert.rejects(takeUpload(who(9), 'roster', live.uploadId), expired);
  });
});
