import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { parseOutline } from '../../../domain/deploy/outline-parser.ts';
import { type App, buildApp } from '../../app.ts';
import { describeOnEngines } from '../../test/engines.ts';
import { buildFixture, type Fixture, loginAs, multipartBody } from '../../test/factories.ts';

// A short speech of our own, in the shape of the seeds: headings, inline items, targets, deadlines, problems.
const SPEECH = [
  '在全镇党建工作推进会上的讲话',
  '同志们：',
  '下面，我讲两点意见。',
  '一、认清存在的问题',
  '存在的问题和不足：一是责任落实还不到位。二是基层组织建设有短板。',
  '二、抓好重点任务',
  '（一）加强村党组织建设。要在年底前创建五星级党支部5个，确保软弱涣散村党组织全部整顿到位。',
  '（二）发展壮大集体经济。6月底前，80%以上的行政村集体经济收入达到5万元以上，组织部门要牵头抓总。',
  '如若转载，请注明出处',
].join('\n');

/** GB18030 bytes of a short text, built from known code points (Node can decode GB18030 but not encode it). */
const GB: Record<string, number[]> = {
  一: [0xd2, 0xbb],
  '、': [0xa1, 0xa2],
  抓: [0xd7, 0xa5],
  好: [0xba, 0xc3],
  党: [0xb5, 0xb3],
  建: [0xbd, 0xa8],
  要: [0xd2, 0xaa],
  落: [0xc2, 0xe4],
  实: [0xca, 0xb5],
  '。': [0xa1, 0xa3],
  '\n': [0x0a],
};
const gb = (s: string) => Buffer.from([...s].flatMap((c) => GB[c]!));

describeOnEngines('deployments: import, edit, confirm', (ctx) => {
  let app: App;
  let fx: Fixture;
  let town: string;
  let draftId: number;
  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-03-02T02:00:00Z') });
    town = await loginAs(app, fx.users.aAdmin.username);
  });
  after(() => app.close());

  test('pasted text becomes a draft with its title, cleaned text, removed noise and an outline', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: { cookie: town },
      payload: { orgId: fx.orgs.a1.id, text: SPEECH },
    });
    assert.equal(res.statusCode, 201, res.body);
    const d = res.json();
    draftId = d.id;
    assert.equal(d.title, '在全镇党建工作推进会上的讲话');
    assert.equal(d.status, 'draft');
    assert.ok(d.removed.some((r: { reason: string }) => r.reason === '转载声明'));
    assert.ok(!d.sourceText.includes('如若转载'));
    const top = d.items
      .filter((i: { parentKey: string | null }) => i.parentKey === null)
      .map((i: { numbering: string }) => i.numbering);
    assert.deepEqual(top.filter(Boolean), ['一、', '二、']);
    const star = d.items.find((i: { heading: string }) => i.heading.includes('加强村党组织建设'));
    assert.ok(star, JSON.stringify(d.items.map((i: { heading: string }) => i.heading)));
    const problems = d.items.filter((i: { kind: string }) => i.kind === 'problem');
    assert.equal(problems.length, 2);
    // Every span points into the cleaned text.
    for (const i of d.items) assert.ok(i.spanEnd <= d.sourceText.length && i.spanStart <= i.spanEnd);
    const task = d.items.find((i: { kind: string; targets: unknown[] }) => i.kind === 'task' && i.targets.length > 0);
    assert.equal(task.task.deadline, '2026-12-31'); // 年底前, from the import date
  });

  test('the edited outline is validated: unknown parents and cycles are refused with the node named', async () => {
    const d = (
      await app.inject({ method: 'GET', url: `/api/deployments/${draftId}`, headers: { cookie: town } })
    ).json();
    const broken = d.items.map((i: { key: string; parentKey: string | null }, n: number) =>
      n === 1 ? { ...i, parentKey: 'nope' } : i,
    );
    const r1 = await app.inject({
      method: 'PATCH',
      url: `/api/deployments/${draftId}`,
      headers: { cookie: town },
      payload: { items: broken },
    });
    assert.equal(r1.statusCode, 400);
    assert.match(r1.json().error.message, /上级节点不存在/);
    const a = d.items[0].key;
    const b = d.items.find((i: { parentKey: string | null }) => i.parentKey === a)?.key;
    if (b) {
      const cyc = d.items.map((i: { key: string }) => (i.key === a ? { ...i, parentKey: b } : i));
      const r2 = await app.inject({
        method: 'PATCH',
        url: `/api/deployments/${draftId}`,
        headers: { cookie: town },
        payload: { items: cyc },
      });
      assert.equal(r2.statusCode, 400);
      assert.match(r2.json().error.message, /循环/);
    }
  });

  test('re-kinding and re-wording an item, then confirming, fills the task and problem lists once', async () => {
    const d = (
      await app.inject({ method: 'GET', url: `/api/deployments/${draftId}`, headers: { cookie: town } })
    ).json();
    const edited = d.items.map((i: { heading: string; kind: string; task: unknown }) =>
      i.heading.includes('发展壮大集体经济')
        ? {
            ...i,
            kind: 'task',
            heading: '发展壮大村级集体经济',
            task: {
              progressMode: 'share',
              targetValue: 80,
              targetUnit: '%',
              shareThreshold: 5,
              deadline: '2026-06-30',
              leadOrgId: fx.orgs.a1.id,
            },
          }
        : i,
    );
    const saved = await app.inject({
      method: 'PATCH',
      url: `/api/deployments/${draftId}`,
      headers: { cookie: town },
      payload: { items: edited, title: '全镇党建推进会' },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    const confirm = await app.inject({
      method: 'POST',
      url: `/api/deployments/${draftId}/confirm`,
      headers: { cookie: town },
    });
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.ok(confirm.json().tasksCreated >= 2);
    assert.equal(confirm.json().problemsCreated, 2);
    const tasks = await app.inject({
      method: 'GET',
      url: `/api/tasks?deploymentId=${draftId}&orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town },
    });
    const economy = tasks.json().items.find((t: { title: string }) => t.title === '发展壮大村级集体经济');
    assert.equal(economy.progressMode, 'share');
    assert.equal(economy.shareThreshold, 5);
    assert.equal(economy.deploymentTitle, '全镇党建推进会');
    const problems = await app.inject({
      method: 'GET',
      url: `/api/problems?deploymentId=${draftId}&orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town },
    });
    assert.equal(problems.json().total, 2);
    const again = await app.inject({
      method: 'POST',
      url: `/api/deployments/${draftId}/confirm`,
      headers: { cookie: town },
    });
    assert.equal(again.statusCode, 409);
    const edit = await app.inject({
      method: 'PATCH',
      url: `/api/deployments/${draftId}`,
      headers: { cookie: town },
      payload: { title: 'x' },
    });
    assert.equal(edit.statusCode, 422);
  });

  test('a GB18030 .txt is detected and decoded', async () => {
    const body = multipartBody({}, [{ field: 'file', filename: '讲话.txt', data: gb('一、抓好党建\n要落实。') }]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/deployments/import?orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town, ...body.headers },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().sourceEncoding, 'gb18030');
    assert.match(res.json().sourceText, /抓好党建/);
  });

  test('a .docx is read through its paragraphs', async () => {
    const doc = new Document({ sections: [{ children: SPEECH.split('\n').map((line) => new Paragraph(line)) }] });
    const data = Buffer.from(await Packer.toBuffer(doc));
    const body = multipartBody({}, [{ field: 'file', filename: '讲话.docx', data }]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/deployments/import?orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town, ...body.headers },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().sourceKind, 'docx');
    assert.equal(res.json().title, '在全镇党建工作推进会上的讲话');
    assert.ok(res.json().items.length >= 4);
  });

  test('a task table in a .docx keeps its rows and columns: each row is a task with its lead and deadline', async () => {
    const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
    const row = (cells: string[]) => new TableRow({ children: cells.map(cell) });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('2027年基层党建重点任务清单'),
            new Paragraph('一、重点任务'),
            new Table({
              rows: [
                row(['序号', '重点任务', '牵头单位', '配合单位', '完成时限']),
                row(['1', '开展软弱涣散村党组织整顿', '县委组织部', '县民政局', '2027年6月底前']),
                row(['2', '建设党群服务中心10个', '县委组织部', '县财政局、县住建局', '2027年12月底前']),
              ],
            }),
            new Paragraph('二、工作要求'),
            new Paragraph('各单位要高度重视，确保按时完成。'),
          ],
        },
      ],
    });
    const data = Buffer.from(await Packer.toBuffer(doc));
    const body = multipartBody({}, [{ field: 'file', filename: '任务清单.docx', data }]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/deployments/import?orgId=${fx.orgs.a1.id}`,
      headers: { cookie: town, ...body.headers },
      payload: body.payload,
    });
    assert.equal(res.statusCode, 201, res.body);
    const outline = parseOutline(res.json().sourceText);
    // Each row was read as its cells and stated as one item (the cleaned text the draft keeps).
    assert.ok(
      res
        .json()
        .sourceText.includes(
          '1. 开展软弱涣散村党组织整顿。牵头单位：县委组织部；配合单位：县民政局；完成时限：2027年6月底前。',
        ),
      res.json().sourceText,
    );
    const rows = outline.nodes[0]?.children ?? [];
    assert.deepEqual(
      rows.map((n) => [n.heading, n.lead, n.cooperating, n.deadlines.map((d) => d.text)]),
      [
        ['开展软弱涣散村党组织整顿', ['县委组织部'], ['县民政局'], ['2027年6月底前']],
        ['建设党群服务中心10个', ['县委组织部'], ['县财政局', '县住建局'], ['2027年12月底前']],
      ],
    );
  });

  test('an old .doc, a broken .docx and an empty file are refused in Chinese', async () => {
    for (const [name, data, status, pattern] of [
      ['旧版.doc', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), 415, /另存为 \.docx/],
      ['坏的.docx', Buffer.from('PK\u0003\u0004 not really a zip'), 422, /不是有效的 Word/],
      ['空.txt', Buffer.alloc(0), 400, /空/],
    ] as const) {
      const body = multipartBody({}, [{ field: 'file', filename: name, data }]);
      const res = await app.inject({
        method: 'POST',
        url: `/api/deployments/import?orgId=${fx.orgs.a1.id}`,
        headers: { cookie: town, ...body.headers },
        payload: body.payload,
      });
      assert.equal(res.statusCode, status, `${name}: ${res.body}`);
      assert.match(res.json().error.message, pattern);
    }
  });

  test('the seed speech 002 imports with its four top-level sections (reads ../shared/seeds)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const file = path.resolve(import.meta.dirname, '../../../../../shared/seeds/002_9e8336c4e38d4b25.txt');
    assert.ok(
      fs.existsSync(file),
      `the seed speeches are missing: expected ${file} (../shared/seeds beside the repository)`,
    );
    const text = fs.readFileSync(file, 'utf8');
    const res = await app.inject({
      method: 'POST',
      url: '/api/deployments',
      headers: { cookie: town },
      payload: { orgId: fx.orgs.a.id, text },
    });
    assert.equal(res.statusCode, 201, res.body);
    const numbered = res
      .json()
      .items.filter((i: { parentKey: string | null; numbering: string }) => i.parentKey === null && i.numbering);
    assert.equal(numbered.length, 3);
  });
});
