import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { multipartBody } from './factories.ts';

/**
 * The probes of the route × role scope matrix (src/server/http/scope-matrix.test.ts), shared with the EXPLAIN check
 * (src/server/db/explain.test.ts), which sends them on the seeded city to see every query the routes issue. Every registered /api route must appear below, either with probes that
 * aim a well-formed request at the SIBLING subtree (B) for accounts scoped inside A — each must answer
 * 403 or 404 and leave the database unchanged — or in EXEMPT with the reason it touches no tree data.
 * The same probes aimed at the account's OWN subtree must not be refused for scope (positive control),
 * so a probe that fails for another reason (a malformed body) cannot pass unnoticed.
 * A new route that is not listed here makes this test fail.
 */
export type Targets = {
  org: number; // a branch
  parentOrg: number; // its parent (a town committee)
  member: number;
  development: number; // an open development case (发展党员) of an applicant of the branch
  position: number;
  user: number;
  deployment: number; // a draft deployment of the town
  task: number; // a task of the town, assigned to the branch
  assignment: number; // that assignment
  batch: number; // the 下发 batch that made it
  problem: number;
  evidence: number; // an evidence file on the assignment's ledger
  ledgerEntry: number; // that ledger entry
  notification: number; // the branch's notice of the assignment
  supervision: number; // a supervision by the town, aimed at the branch
  finding: number; // a finding of it on the branch
  notice: number; // a draft 通报 of the town
  meeting: number; // a meeting of the branch (a 党课 it recorded)
  meetingFile: number; // an evidence file on that meeting
  villageCase: number; // a 四议两公开 case of `org` (a village), its proposal recorded
  villageStep: number; // that proposal step
  villageFile: number; // an evidence file on that step
  talk: number; // a 谈心谈话 of the branch
  grid: number; // a grid (网格) of `org` (a village), whose 网格员 is `member`
  gridMatter: number; // a matter reported in that grid, with a photo
  gridFile: number; // that photo
  incomeEntry: number; // a 2026 collective income entry (村级集体经济) of a village (`org` in the scope matrix)
  incomeFile: number; // an evidence file on that entry
  instruction: number; // an instruction of the town on the problem, to the branch
  payment: number; // a dues payment of the member
  transfer: number; // a pending transfer out of the platform, from the branch
  floating: number; // an open floating-member record of the branch's member
  assessSystem: number; // a published index system of the town (of the branch for the branch's own scope)
  assessRound: number; // a round of it in 公示 over assessOrg
  assessOrg: number; // the organisation the round assesses
  assessObjection: number; // an objection of assessOrg to the round's result, not answered
  assessFile: number; // an evidence file the issuer attached to assessOrg's entry while scoring
  appraisal: number; // the 2026 民主评议党员 of `org` (the branch), over a roster that holds `member`
  weakOrg: number; // the 2026 软弱涣散 designation of `org` by its district (the city in the EXPLAIN check)
  review: number; // the 2026 述职评议 of `org`'s district (the city in the EXPLAIN check), covering `org`
  reviewFile: number; // a report file of `org` uploaded to that 述职评议
  secretaryFiling: number; // a 书记备案 of `org` (a village), awaiting a decision (0 where none is made)
};
export type Probe = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: object | Buffer;
  headers?: Record<string, string>;
};
export type ProbeSet = (t: Targets, other: Targets) => Probe[];

export const EXEMPT: Record<string, string> = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'acts on the caller’s own session',
  'GET /api/auth/me': 'the caller’s own account',
  'POST /api/auth/password': 'the caller’s own password',
  'GET /api/auth/events':
    'the authentication log (system administrators only); events of accounts outside the caller’s subtree are left out',
  'GET /api/me/profile': 'the caller’s own member record (no id parameter)',
  'GET /api/orgs/root': 'the caller’s own scope root (no id parameter)',
  'GET /api/org-fields': 'the global list of fields, not tree data',
  'POST /api/org-fields': 'the global list of fields (system administrators only), not tree data',
  'GET /api/audit/verify': 'walks the whole chain (system administrators only); returns no rows',
  'POST /api/audit/verify': 'walks the whole chain against an anchor (system administrators only); returns no rows',
  'GET /api/audit/anchor': 'the head of the whole chain (system administrators only); returns no rows',
  'GET /api/notifications': 'the caller’s own organisation’s messages (no organisation parameter)',
  'GET /api/members/import-template': 'the blank template, no tree data',
  'GET /api/hub/regions':
    'the provinces’ published figures, not the hub’s tree; refused (403) below a top organisation (hub.service.test.ts)',
  'GET /api/hub/regions/:region/orgs':
    'the provinces’ published figures by region code, not the hub’s tree; refused (403) below a top organisation',
  'GET /api/assess/templates': 'the templates shipped with the platform, not tree data',
  'GET /api/assess/systems': 'what the caller’s own scope sees (no organisation parameter)',
  'POST /api/assess/systems': 'a system of the caller’s own organisation (no organisation parameter)',
  'GET /api/assess/rounds': 'what the caller’s own scope sees (no organisation parameter)',
};

/** A one-indicator system for the probes: 100 points graded by the issuer. */
export const ASSESS_PROBE_INDICATORS = [
  {
    id: 'P-1',
    name: '综合评价',
    max: 100,
    method: {
      kind: 'graded',
      grades: [
        { grade: '好', points: 100 },
        { grade: '差', points: 0 },
      ],
      evidenceFor: ['差'],
    },
  },
];

/**
 * Through the API: a published system of `issuer`, a round of it over `assessed` taken to 公示 (scored by the issuer),
 * and an objection of the assessed organisation. `call` sends as the given cookie and returns the JSON answer.
 */
export async function buildAssessTargets(
  call: (
    cookie: string,
    method: 'POST' | 'PUT',
    url: string,
    payload: object | Buffer,
    headers?: Record<string, string>,
  ) => Promise<{ id: number } & Record<string, unknown>>,
  issuerCookie: string,
  assessedCookie: string,
  assessed: number,
): Promise<Pick<Targets, 'assessSystem' | 'assessRound' | 'assessOrg' | 'assessObjection' | 'assessFile'>> {
  const system = (await call(issuerCookie, 'POST', '/api/assess/systems', { year: 2026, name: '探针考核' })).id;
  await call(issuerCookie, 'PUT', `/api/assess/systems/${system}`, {
    name: '探针考核',
    total: 100,
    indicators: ASSESS_PROBE_INDICATORS,
  });
  await call(issuerCookie, 'POST', `/api/assess/systems/${system}/publish`, {});
  const round = (
    await call(issuerCookie, 'POST', `/api/assess/systems/${system}/rounds`, {
      orgIds: [assessed],
      name: '探针考核',
      selfDue: '2026-12-20',
      scoreDue: '2027-01-10',
      cutoff: '2026-12-05',
      publicityFrom: '2027-01-11',
      publicityTo: '2027-01-17',
    })
  ).id;
  for (const to of ['self_assessment', 'scoring']) {
    await call(issuerCookie, 'POST', `/api/assess/rounds/${round}/transition`, { to });
  }
  await call(issuerCookie, 'PUT', `/api/assess/rounds/${round}/orgs/${assessed}/score`, {
    entries: [{ indicatorId: 'P-1', grade: '好' }],
  });
  const evidence = multipartBody({ indicatorId: 'P-1' }, [{ field: 'files', filename: '佐证.png', data: PNG }]);
  const sheet = await call(
    issuerCookie,
    'POST',
    `/api/assess/rounds/${round}/orgs/${assessed}/files`,
    evidence.payload,
    evidence.headers,
  );
  const assessFile = (sheet.items as { id: string; files: { id: number }[] }[]).find((i) => i.id === 'P-1')!.files[0]!
    .id;
  await call(issuerCookie, 'POST', `/api/assess/rounds/${round}/transition`, { to: 'publicity' });
  const detail = await call(assessedCookie, 'POST', `/api/assess/rounds/${round}/orgs/${assessed}/objections`, {
    text: '探针异议',
  });
  const objection = (detail.objections as { id: number }[])[0]!.id;
  return { assessSystem: system, assessRound: round, assessOrg: assessed, assessObjection: objection, assessFile };
}

export const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
export const SPEECH =
  '一、抓好基层组织建设\n要在年底前完成村党支部标准化建设10个。\n二、存在的问题\n一是责任落实不到位。二是创新不够。';

/** A one-row roster upload; exceljs writes asynchronously, so the multipart body is a stream that waits for it. */
export function rosterUpload(url: string): Probe {
  const boundary = '----luoshi-roster-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('党员花名册').addRows([
      ['姓名', '人员类别'],
      ['探针', '入党申请人'],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="roster.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A one-row problem list (整改清单) upload, as rosterUpload: its 责任单位 names no organisation, so nothing is written. */
export function problemListUpload(url: string): Probe {
  const boundary = '----luoshi-problems-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('整改清单').addRows([
      ['问题', '责任单位'],
      ['探针问题', '探针单位'],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="problems.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A one-row 会议台账 upload (a 党课 held on 2026-11-20). */
export function meetingLedgerUpload(url: string): Probe {
  const boundary = '----luoshi-meetings-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('会议台账').addRows([
      ['日期', '会议类型', '议题'],
      ['2026-11-20', '党课', '探针党课'],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="meetings.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A one-row dues ledger upload (党费收缴登记表), as a stream (exceljs writes asynchronously). */
/** A one-row grid matter list (网格事项登记表) naming no grid of any scope, as a stream: nothing is ever written. */
export function gridMatterUpload(url: string): Probe {
  const boundary = '----luoshi-grid-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('网格事项').addRows([
      ['网格', '类别', '事项内容', '上报日期'],
      ['探针网格（不存在）', '其他', '探针事项', '2026-11-20'],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="grid.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A one-row village income list (村级集体经济收入统计表) naming no village of any scope: nothing is ever written. */
export function economyListUpload(url: string): Probe {
  const boundary = '----luoshi-economy-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('村级集体经济收入').addRows([
      ['村名', '年度', '经营收入'],
      ['探针村（不存在）', 2026, 1],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="economy.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export function duesLedgerUpload(url: string): Probe {
  const boundary = '----luoshi-dues-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('党费收缴登记表').addRows([
      ['姓名', '月份', '金额'],
      ['探针党员', '2026-11', 1],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="dues.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A small PDF (the report file of a 述职评议): the evidence check reads its first bytes. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/** A one-row 民主测评 tally sheet naming no organisation of any round, as a stream: nothing is ever written. */
export function reviewPollUpload(url: string): Probe {
  const boundary = '----luoshi-review-poll-probe';
  async function* body() {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('民主测评').addRows([
      ['单位', '应到人数', '实到人数', '好', '较好', '一般', '差'],
      ['探针党支部', 10, 9, 5, 3, 1, 0],
    ]);
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="poll.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    );
    yield Buffer.from(await wb.xlsx.writeBuffer());
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  return {
    method: 'POST',
    url,
    payload: Readable.from(body()),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export const PROBES: Record<string, ProbeSet> = {
  'GET /api/orgs/search': (t) => [{ method: 'GET', url: `/api/orgs/search?q=%E6%94%AF%E9%83%A8&within=${t.org}` }],
  'GET /api/orgs/:id': (t) => [{ method: 'GET', url: `/api/orgs/${t.org}` }],
  'GET /api/orgs/:id/children': (t) => [{ method: 'GET', url: `/api/orgs/${t.org}/children` }],
  'POST /api/orgs': (t) => [
    { method: 'POST', url: '/api/orgs', payload: { parentId: t.org, name: '新党小组', type: 'group' } },
  ],
  'PATCH /api/orgs/:id': (t) => [{ method: 'PATCH', url: `/api/orgs/${t.org}`, payload: { name: '改名党支部' } }],
  'POST /api/orgs/:id/move': (t, other) => [
    { method: 'POST', url: `/api/orgs/${t.org}/move`, payload: { newParentId: other.parentOrg } },
    { method: 'POST', url: `/api/orgs/${other.org}/move`, payload: { newParentId: t.parentOrg } },
  ],
  'POST /api/orgs/:id/dissolve': (t) => [
    { method: 'POST', url: `/api/orgs/${t.org}/dissolve`, payload: { dissolvedOn: '2026-11-01', reason: '撤并' } },
  ],
  'GET /api/orgs/:id/positions': (t) => [{ method: 'GET', url: `/api/orgs/${t.org}/positions` }],
  'POST /api/orgs/:id/positions': (t, other) => [
    {
      method: 'POST',
      url: `/api/orgs/${t.org}/positions`,
      payload: { personId: t.member, title: 'youth', startedOn: '2026-01-01' },
    },
    {
      method: 'POST',
      url: `/api/orgs/${other.org}/positions`,
      payload: { personId: t.member, title: 'youth', startedOn: '2026-01-01' },
    },
  ],
  'PATCH /api/positions/:id': (t) => [
    { method: 'PATCH', url: `/api/positions/${t.position}`, payload: { portfolio: '分管宣传' } },
  ],
  'GET /api/members': (t) => [{ method: 'GET', url: `/api/members?orgId=${t.org}` }],
  'GET /api/members/:id': (t) => [{ method: 'GET', url: `/api/members/${t.member}` }],
  'POST /api/members': (t) => [
    { method: 'POST', url: '/api/members', payload: { orgId: t.org, name: '新申请人', status: 'applicant' } },
  ],
  'PATCH /api/members/:id': (t, other) => [
    { method: 'PATCH', url: `/api/members/${t.member}`, payload: { phone: '010-12345678' } },
    { method: 'PATCH', url: `/api/members/${other.member}`, payload: { orgId: t.org } },
  ],
  'POST /api/members/import': (t) => [
    rosterUpload(`/api/members/import?orgId=${t.org}&commit=false`),
    rosterUpload(`/api/members/import?orgId=${t.org}&commit=true`),
  ],
  'POST /api/members/import/errors': (t) => [rosterUpload(`/api/members/import/errors?orgId=${t.org}`)],
  'GET /api/members/export': (t) => [{ method: 'GET', url: `/api/members/export?orgId=${t.org}` }],
  'GET /api/users': (t) => [{ method: 'GET', url: `/api/users?orgId=${t.org}` }],
  'GET /api/users/paged': (t) => [{ method: 'GET', url: `/api/users/paged?orgId=${t.org}` }],
  'POST /api/users': (t) => [
    {
      method: 'POST',
      url: '/api/users',
      payload: {
        username: `probe-${t.org}`,
        displayName: '探针',
        role: 'secretary',
        orgId: t.org,
        password: 'Probe-Owl-8841',
      },
    },
  ],
  'PATCH /api/users/:id': (t) => [{ method: 'PATCH', url: `/api/users/${t.user}`, payload: { displayName: '改名' } }],
  'POST /api/users/bulk-secretaries': (t) => [
    { method: 'POST', url: '/api/users/bulk-secretaries', payload: { orgId: t.org, dryRun: true } },
    { method: 'POST', url: '/api/users/bulk-secretaries', payload: { orgId: t.org, includeOrganisers: true } },
  ],
  'GET /api/audit': (t) => [{ method: 'GET', url: `/api/audit?orgId=${t.org}` }],
  'GET /api/deployments': (t) => [{ method: 'GET', url: `/api/deployments?orgId=${t.parentOrg}` }],
  'POST /api/deployments': (t) => [
    { method: 'POST', url: '/api/deployments', payload: { orgId: t.org, text: SPEECH } },
  ],
  'POST /api/deployments/import': (t) => {
    const body = multipartBody({}, [{ field: 'file', filename: '讲话.txt', data: Buffer.from(SPEECH) }]);
    return [
      { method: 'POST', url: `/api/deployments/import?orgId=${t.org}`, payload: body.payload, headers: body.headers },
    ];
  },
  'GET /api/deployments/:id': (t) => [{ method: 'GET', url: `/api/deployments/${t.deployment}` }],
  'PATCH /api/deployments/:id': (t) => [
    { method: 'PATCH', url: `/api/deployments/${t.deployment}`, payload: { title: '新标题' } },
  ],
  'POST /api/deployments/:id/confirm': (t) => [{ method: 'POST', url: `/api/deployments/${t.deployment}/confirm` }],
  // After confirm: by the positive control the own deployment is confirmed (409, kept for the probes that follow).
  'DELETE /api/deployments/:id': (t) => [{ method: 'DELETE', url: `/api/deployments/${t.deployment}` }],
  'GET /api/tasks': (t) => [{ method: 'GET', url: `/api/tasks?orgId=${t.parentOrg}` }],
  'POST /api/tasks': (t) => [{ method: 'POST', url: '/api/tasks', payload: { orgId: t.org, title: '探针任务' } }],
  'GET /api/tasks/:id': (t) => [{ method: 'GET', url: `/api/tasks/${t.task}` }],
  'PATCH /api/tasks/:id': (t) => [{ method: 'PATCH', url: `/api/tasks/${t.task}`, payload: { title: '改名任务' } }],
  'POST /api/tasks/:id/assignments': (t, other) => [
    { method: 'POST', url: `/api/tasks/${t.task}/assignments`, payload: { orgIds: [t.org] } },
    { method: 'POST', url: `/api/tasks/${other.task}/assignments`, payload: { orgIds: [t.org] } },
  ],
  'POST /api/tasks/:id/assignments/preview': (t, other) => [
    { method: 'POST', url: `/api/tasks/${t.task}/assignments/preview`, payload: { orgIds: [t.org] } },
    { method: 'POST', url: `/api/tasks/${other.task}/assignments/preview`, payload: { orgIds: [t.org] } },
  ],
  'GET /api/tasks/:id/batches': (t) => [{ method: 'GET', url: `/api/tasks/${t.task}/batches` }],
  'POST /api/assignment-batches/:id/withdraw': (t) => [
    { method: 'POST', url: `/api/assignment-batches/${t.batch}/withdraw`, payload: { reason: '探针' } },
  ],
  'POST /api/assignments/:id/chase': (t) => [
    { method: 'POST', url: `/api/assignments/${t.assignment}/chase`, payload: {} },
  ],
  'POST /api/tasks/:id/chase': (t) => [{ method: 'POST', url: `/api/tasks/${t.task}/chase`, payload: {} }],
  'GET /api/assignments': (t) => [{ method: 'GET', url: `/api/assignments?orgId=${t.org}` }],
  'GET /api/assignments/:id': (t) => [{ method: 'GET', url: `/api/assignments/${t.assignment}` }],
  'POST /api/assignments/:id/events': (t) => [
    { method: 'POST', url: `/api/assignments/${t.assignment}/events`, payload: { event: 'start' } },
  ],
  'POST /api/assignments/:id/ledger': (t) => {
    const body = multipartBody({ text: '已召开支委会研究部署', entryDate: '2026-11-20' });
    return [
      { method: 'POST', url: `/api/assignments/${t.assignment}/ledger`, payload: body.payload, headers: body.headers },
    ];
  },
  'POST /api/assignments/:id/decompose': (t) => [
    { method: 'POST', url: `/api/assignments/${t.assignment}/decompose`, payload: {} },
  ],
  'GET /api/evidence/:id': (t) => [{ method: 'GET', url: `/api/evidence/${t.evidence}` }],
  'GET /api/problems': (t) => [{ method: 'GET', url: `/api/problems?orgId=${t.parentOrg}` }],
  'POST /api/problems': (t) => [{ method: 'POST', url: '/api/problems', payload: { orgId: t.org, title: '探针问题' } }],
  'PATCH /api/problems/:id': (t) => [
    { method: 'PATCH', url: `/api/problems/${t.problem}`, payload: { title: '改名问题' } },
  ],
  'GET /api/problems/:id': (t) => [{ method: 'GET', url: `/api/problems/${t.problem}` }],
  'POST /api/problems/import': (t) => [
    problemListUpload(`/api/problems/import?orgId=${t.org}&commit=false`),
    problemListUpload(`/api/problems/import?orgId=${t.org}&commit=true`),
  ],
  'POST /api/problems/import/errors': (t) => [problemListUpload(`/api/problems/import/errors?orgId=${t.org}`)],
  'GET /api/problems/export': (t) => [{ method: 'GET', url: `/api/problems/export?orgId=${t.org}` }],
  'POST /api/problems/:id/events': (t) => [
    { method: 'POST', url: `/api/problems/${t.problem}/events`, payload: { event: 'claim', person: '探针' } },
    { method: 'POST', url: `/api/problems/${t.problem}/events`, payload: { event: 'return', reason: '探针' } },
    {
      method: 'POST',
      url: `/api/problems/${t.problem}/events`,
      ...multipartBody({ event: 'submit', note: '探针举证' }, [{ field: 'files', filename: '探针.png', data: PNG }]),
    },
  ],
  'POST /api/problems/:id/actions': (t) => [
    {
      method: 'POST',
      url: `/api/problems/${t.problem}/actions`,
      payload: { kind: 'talk', heldOn: '2026-11-20', content: '约谈探针' },
    },
  ],
  'GET /api/supervisions': (t) => [{ method: 'GET', url: `/api/supervisions?orgId=${t.parentOrg}` }],
  'POST /api/supervisions': (t) => [
    {
      method: 'POST',
      url: '/api/supervisions',
      payload: {
        orgId: t.parentOrg,
        kind: 'special',
        title: '探针督查',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        orgIds: [t.org],
      },
    },
  ],
  'GET /api/supervisions/:id': (t) => [{ method: 'GET', url: `/api/supervisions/${t.supervision}` }],
  'POST /api/supervisions/:id/findings': (t) => [
    {
      method: 'POST',
      url: `/api/supervisions/${t.supervision}/findings`,
      payload: { orgId: t.org, text: '探针发现' },
    },
  ],
  'POST /api/supervisions/:id/findings/:findingId/problem': (t) => [
    { method: 'POST', url: `/api/supervisions/${t.supervision}/findings/${t.finding}/problem`, payload: {} },
  ],
  'GET /api/notices': (t) => [{ method: 'GET', url: `/api/notices?orgId=${t.parentOrg}` }],
  'GET /api/burden': (t) => [{ method: 'GET', url: `/api/burden?orgId=${t.org}` }],
  'GET /api/dues': (t) => [{ method: 'GET', url: `/api/dues?orgId=${t.org}` }],
  'POST /api/dues/bases': (t) => [
    {
      method: 'POST',
      url: '/api/dues/bases',
      payload: { personId: t.member, fromMonth: '2026-11', category: 'minimal' },
    },
  ],
  'POST /api/dues/payments': (t) => [
    {
      method: 'POST',
      url: '/api/dues/payments',
      payload: { personId: t.member, months: ['2026-11'], amount: 0.2, paidOn: '2026-11-20' },
    },
  ],
  'GET /api/dues/payments': (t) => [{ method: 'GET', url: `/api/dues/payments?orgId=${t.org}&year=2026` }],
  'POST /api/dues/arrangements': (t) => [
    {
      method: 'POST',
      url: '/api/dues/arrangements',
      payload: { personId: t.member, fromMonth: '2026-10', kind: 'quarterly', consentOn: '2026-09-20' },
    },
  ],
  'POST /api/dues/extras': (t) => [
    { method: 'POST', url: '/api/dues/extras', payload: { personId: t.member, amount: 1000, paidOn: '2026-11-01' } },
  ],
  'POST /api/dues/import': (t) => [
    duesLedgerUpload(`/api/dues/import?orgId=${t.org}&commit=false`),
    duesLedgerUpload(`/api/dues/import?orgId=${t.org}&commit=true`),
  ],
  'POST /api/dues/import/errors': (t) => [duesLedgerUpload(`/api/dues/import/errors?orgId=${t.org}`)],
  'GET /api/grids': (t) => [{ method: 'GET', url: `/api/grids?orgId=${t.org}` }],
  'POST /api/grids': (t) => [
    { method: 'POST', url: '/api/grids', payload: { orgId: t.org, name: '探针网格', workerName: '探针' } },
  ],
  'PATCH /api/grids/:id': (t) => [{ method: 'PATCH', url: `/api/grids/${t.grid}`, payload: { coverage: '探针' } }],
  'GET /api/grid-matters': (t) => [
    { method: 'GET', url: `/api/grid-matters?orgId=${t.org}` },
    { method: 'GET', url: `/api/grid-matters?gridId=${t.grid}&overdue=true` },
  ],
  'POST /api/grid-matters': (t) => [
    { method: 'POST', url: '/api/grid-matters', payload: { gridId: t.grid, category: 'other', text: '探针事项' } },
    {
      method: 'POST',
      url: '/api/grid-matters',
      ...multipartBody({ gridId: String(t.grid), category: 'other', text: '探针事项' }, [
        { field: 'files', filename: '探针.png', data: PNG },
      ]),
    },
  ],
  'GET /api/grid-matters/stats': (t) => [
    { method: 'GET', url: `/api/grid-matters/stats?orgId=${t.parentOrg}&by=community` },
  ],
  'GET /api/grid-matters/export': (t) => [{ method: 'GET', url: `/api/grid-matters/export?orgId=${t.org}` }],
  'POST /api/grid-matters/import': (t) => [
    gridMatterUpload(`/api/grid-matters/import?orgId=${t.org}&commit=false`),
    gridMatterUpload(`/api/grid-matters/import?orgId=${t.org}&commit=true`),
  ],
  'POST /api/grid-matters/import/errors': (t) => [gridMatterUpload(`/api/grid-matters/import/errors?orgId=${t.org}`)],
  'GET /api/grid-matters/:id': (t) => [{ method: 'GET', url: `/api/grid-matters/${t.gridMatter}` }],
  'POST /api/grid-matters/:id/events': (t) => [
    {
      method: 'POST',
      url: `/api/grid-matters/${t.gridMatter}/events`,
      payload: { event: 'assign', assigneeDept: '探针' },
    },
    {
      method: 'POST',
      url: `/api/grid-matters/${t.gridMatter}/events`,
      ...multipartBody({ event: 'handle', note: '探针' }, [{ field: 'files', filename: '探针.png', data: PNG }]),
    },
  ],
  'GET /api/grid-matters/:id/files/:fileId': (t) => [
    { method: 'GET', url: `/api/grid-matters/${t.gridMatter}/files/${t.gridFile}` },
  ],
  'GET /api/economy/summary': (t) => [{ method: 'GET', url: `/api/economy/summary?orgId=${t.parentOrg}&year=2026` }],
  'GET /api/economy/villages': (t) => [
    { method: 'GET', url: `/api/economy/villages?orgId=${t.parentOrg}&year=2026` },
    { method: 'GET', url: `/api/economy/villages?orgId=${t.parentOrg}&year=2026&mark=weak&page=2&pageSize=5` },
  ],
  'GET /api/economy/export': (t) => [{ method: 'GET', url: `/api/economy/export?orgId=${t.org}&year=2026` }],
  'GET /api/economy/entries': (t) => [{ method: 'GET', url: `/api/economy/entries?orgId=${t.org}&year=2026` }],
  'POST /api/economy/entries': (t) => [
    {
      method: 'POST',
      url: '/api/economy/entries',
      payload: { orgId: t.org, year: 2025, amounts: { business: 1 }, note: '探针' },
    },
  ],
  'POST /api/economy/entries/:id/corrections': (t) => [
    {
      method: 'POST',
      url: `/api/economy/entries/${t.incomeEntry}/corrections`,
      payload: { amounts: { business: 2 }, note: '探针更正' },
    },
  ],
  'POST /api/economy/entries/:id/files': (t) => [
    {
      method: 'POST',
      url: `/api/economy/entries/${t.incomeEntry}/files`,
      ...multipartBody({}, [{ field: 'files', filename: '收支表.png', data: PNG }]),
    },
  ],
  'GET /api/economy/entries/:id/files/:fileId': (t) => [
    { method: 'GET', url: `/api/economy/entries/${t.incomeEntry}/files/${t.incomeFile}` },
  ],
  'POST /api/economy/import': (t) => [
    economyListUpload(`/api/economy/import?orgId=${t.org}&commit=false`),
    economyListUpload(`/api/economy/import?orgId=${t.org}&commit=true`),
  ],
  'POST /api/economy/import/errors': (t) => [economyListUpload(`/api/economy/import/errors?orgId=${t.org}`)],
  'POST /api/dues/payments/:id/void': (t) => [
    { method: 'POST', url: `/api/dues/payments/${t.payment}/void`, payload: { reason: '探针' } },
  ],
  'GET /api/transfers': (t) => [{ method: 'GET', url: `/api/transfers?orgId=${t.parentOrg}` }],
  'POST /api/transfers': (t) => [
    {
      method: 'POST',
      url: '/api/transfers',
      payload: { personId: t.member, kind: 'out', outsideOrg: '外省某党支部', letterNo: '探针1', reason: '探针' },
    },
  ],
  'GET /api/transfers/:id': (t) => [{ method: 'GET', url: `/api/transfers/${t.transfer}` }],
  'GET /api/floating': (t) => [{ method: 'GET', url: `/api/floating?orgId=${t.parentOrg}` }],
  'POST /api/floating': (t) => [
    { method: 'POST', url: '/api/floating', payload: { personId: t.member, location: '探针市', leftOn: '2026-10-01' } },
  ],
  'POST /api/floating/:id/contacts': (t) => [
    {
      method: 'POST',
      url: `/api/floating/${t.floating}/contacts`,
      payload: { contactedOn: '2026-11-01', channel: 'phone' },
    },
  ],
  'POST /api/floating/:id/return': (t) => [
    { method: 'POST', url: `/api/floating/${t.floating}/return`, payload: { returnedOn: '2026-11-10' } },
  ],
  'GET /api/transfers/:id/letter': (t) => [{ method: 'GET', url: `/api/transfers/${t.transfer}/letter?format=docx` }],
  'POST /api/transfers/:id/events': (t) => [
    { method: 'POST', url: `/api/transfers/${t.transfer}/events`, payload: { event: 'cancel' } },
  ],
  'POST /api/notices': (t) => [
    {
      method: 'POST',
      url: '/api/notices',
      payload: { orgId: t.parentOrg, periodStart: '2026-11-01', periodEnd: '2026-11-30' },
    },
  ],
  'GET /api/notices/:id': (t) => [{ method: 'GET', url: `/api/notices/${t.notice}` }],
  'GET /api/notices/:id/file': (t) => [{ method: 'GET', url: `/api/notices/${t.notice}/file?format=docx` }],
  'PATCH /api/notices/:id': (t) => [
    { method: 'PATCH', url: `/api/notices/${t.notice}`, payload: { title: '探针通报', lead: '探针开头' } },
  ],
  'POST /api/notices/:id/publish': (t) => [{ method: 'POST', url: `/api/notices/${t.notice}/publish` }],
  'GET /api/instructions': (t) => [{ method: 'GET', url: `/api/instructions?orgId=${t.parentOrg}` }],
  'POST /api/instructions': (t) => [
    { method: 'POST', url: '/api/instructions', payload: { problemId: t.problem, text: '探针批示' } },
    { method: 'POST', url: '/api/instructions', payload: { findingId: t.finding, text: '探针批示' } },
    { method: 'POST', url: '/api/instructions', payload: { taskId: t.task, text: '探针批示' } },
  ],
  'GET /api/instructions/:id': (t) => [{ method: 'GET', url: `/api/instructions/${t.instruction}` }],
  'POST /api/instructions/:id/followups': (t) => [
    {
      method: 'POST',
      url: `/api/instructions/${t.instruction}/followups`,
      payload: { kind: 'progress', text: '探针' },
    },
    {
      method: 'POST',
      url: `/api/instructions/${t.instruction}/followups`,
      payload: { kind: 'reopen', text: '探针' },
    },
  ],
  'GET /api/meetings': (t) => [{ method: 'GET', url: `/api/meetings?orgId=${t.org}&year=2026` }],
  'POST /api/meetings': (t) => [
    {
      method: 'POST',
      url: '/api/meetings',
      payload: { orgId: t.org, kind: 'lecture', heldOn: '2026-11-20', topic: '探针党课' },
    },
    {
      method: 'POST',
      url: '/api/meetings',
      payload: { orgId: t.org, kind: 'lecture', heldOn: '2026-11-20', topic: '探针党课', taskId: t.task },
    },
  ],
  'GET /api/meetings/form-defaults': (t) => [{ method: 'GET', url: `/api/meetings/form-defaults?orgId=${t.org}` }],
  'PATCH /api/meetings/:id/report': (t) => [
    { method: 'PATCH', url: `/api/meetings/${t.meeting}/report`, payload: { sentOn: '2026-11-21', note: '探针' } },
  ],
  'GET /api/talks': (t) => [{ method: 'GET', url: `/api/talks?orgId=${t.org}&year=2026` }],
  'POST /api/talks': (t) => [
    {
      method: 'POST',
      url: '/api/talks',
      payload: { orgId: t.org, heldOn: '2026-11-20', committeeId: t.member, memberId: t.member, topic: '探针谈话' },
    },
  ],
  'DELETE /api/talks/:id': (t) => [{ method: 'DELETE', url: `/api/talks/${t.talk}` }],
  'GET /api/cadre/secretaries': (t) => [
    { method: 'GET', url: `/api/cadre/secretaries?orgId=${t.parentOrg}` },
    { method: 'GET', url: `/api/cadre/secretaries?orgId=${t.org}&alerts=true` },
  ],
  'POST /api/cadre/filings': (t) => [
    {
      method: 'POST',
      url: '/api/cadre/filings',
      payload: { orgId: t.org, personId: t.member, appointedOn: '2026-11-01', checks: ['探针'] },
    },
  ],
  'POST /api/cadre/filings/:id/decision': (t) => [
    {
      method: 'POST',
      url: `/api/cadre/filings/${t.secretaryFiling}/decision`,
      payload: { decision: 'returned', reason: '探针' },
    },
  ],
  'GET /api/cadre/cadres': (t) => [
    { method: 'GET', url: `/api/cadre/cadres?orgId=${t.parentOrg}` },
    { method: 'GET', url: `/api/cadre/cadres?orgId=${t.org}&scope=team&young=true` },
  ],
  'PUT /api/cadre/posts/:id': (t) => [
    {
      method: 'PUT',
      url: `/api/cadre/posts/${t.member}`,
      payload: { post: '探针', rank: '副科级', since: '2026-01-01' },
    },
  ],
  'GET /api/cadre/pool': (t) => [
    { method: 'GET', url: `/api/cadre/pool?orgId=${t.parentOrg}` },
    { method: 'GET', url: `/api/cadre/pool?orgId=${t.org}&status=all&category=town_young` },
  ],
  'POST /api/cadre/pool': (t) => [
    {
      method: 'POST',
      url: '/api/cadre/pool',
      payload: { personId: t.member, category: 'town_young', reasons: '探针' },
    },
  ],
  'POST /api/cadre/pool/people/:id/records': (t) => [
    {
      method: 'POST',
      url: `/api/cadre/pool/people/${t.member}/records`,
      payload: { kind: 'training', place: '探针', fromOn: '2026-01-01' },
    },
  ],
  'POST /api/cadre/pool/people/:id/exit': (t) => [
    { method: 'POST', url: `/api/cadre/pool/people/${t.member}/exit`, payload: { reason: '探针' } },
  ],
  'GET /api/cadre/structure': (t) => [
    { method: 'GET', url: `/api/cadre/structure?orgId=${t.parentOrg}` },
    { method: 'GET', url: `/api/cadre/structure?orgId=${t.org}&outside=true&level=branch&on=2026-11-20` },
  ],
  'GET /api/cadre/secretaries/export': (t) => [
    { method: 'GET', url: `/api/cadre/secretaries/export?orgId=${t.parentOrg}` },
  ],
  'GET /api/cadre/pool/export': (t) => [
    { method: 'GET', url: `/api/cadre/pool/export?orgId=${t.parentOrg}&status=all` },
  ],
  'GET /api/cadre/structure/export': (t) => [
    { method: 'GET', url: `/api/cadre/structure/export?orgId=${t.parentOrg}&on=2026-11-20` },
  ],
  'GET /api/village-decisions': (t) => [
    { method: 'GET', url: `/api/village-decisions?orgId=${t.org}` },
    { method: 'GET', url: `/api/village-decisions?orgId=${t.parentOrg}&flagged=true&late=true&year=2026` },
  ],
  'GET /api/village-decisions/counts': (t) => [
    { method: 'GET', url: `/api/village-decisions/counts?orgId=${t.parentOrg}&year=2026` },
  ],
  'GET /api/village-decisions/export': (t) => [{ method: 'GET', url: `/api/village-decisions/export?orgId=${t.org}` }],
  'POST /api/village-decisions': (t) => [
    {
      method: 'POST',
      url: '/api/village-decisions',
      payload: { orgId: t.org, kind: 'landContract', matter: '探针事项' },
    },
  ],
  'GET /api/village-decisions/:id': (t) => [{ method: 'GET', url: `/api/village-decisions/${t.villageCase}` }],
  'POST /api/village-decisions/:id/steps': (t) => [
    {
      method: 'POST',
      url: `/api/village-decisions/${t.villageCase}/steps`,
      payload: { step: 'deliberation', heldOn: '2026-11-20', minutes: '探针' },
    },
  ],
  'POST /api/village-decisions/:id/steps/:stepId/files': (t) => [
    {
      method: 'POST',
      url: `/api/village-decisions/${t.villageCase}/steps/${t.villageStep}/files`,
      ...multipartBody({}, [{ field: 'files', filename: '会议照片.png', data: PNG }]),
    },
  ],
  'GET /api/village-decisions/:id/files/:fileId': (t) => [
    { method: 'GET', url: `/api/village-decisions/${t.villageCase}/files/${t.villageFile}` },
  ],
  'POST /api/meetings/import': (t) => [
    meetingLedgerUpload(`/api/meetings/import?orgId=${t.org}&commit=false`),
    meetingLedgerUpload(`/api/meetings/import?orgId=${t.org}&commit=true`),
  ],
  'POST /api/meetings/import/errors': (t) => [meetingLedgerUpload(`/api/meetings/import/errors?orgId=${t.org}`)],
  'GET /api/meetings/:id': (t) => [{ method: 'GET', url: `/api/meetings/${t.meeting}` }],
  'POST /api/meetings/:id/files': (t) => [
    {
      method: 'POST',
      url: `/api/meetings/${t.meeting}/files`,
      ...multipartBody({}, [{ field: 'files', filename: '签到表.png', data: PNG }]),
    },
  ],
  'GET /api/meetings/:id/files/:fileId': (t) => [
    { method: 'GET', url: `/api/meetings/${t.meeting}/files/${t.meetingFile}` },
  ],
  'PATCH /api/meetings/:id': (t) => [
    { method: 'PATCH', url: `/api/meetings/${t.meeting}`, payload: { topic: '探针更正' } },
  ],
  'GET /api/life/compliance': (t) => [{ method: 'GET', url: `/api/life/compliance?orgId=${t.org}&year=2026` }],
  'GET /api/life/rates': (t) => [{ method: 'GET', url: `/api/life/rates?orgId=${t.parentOrg}&year=2026` }],
  'GET /api/life/plan': (t) => [{ method: 'GET', url: `/api/life/plan?orgId=${t.org}&year=2026` }],
  'PUT /api/life/plan': (t) => [
    {
      method: 'PUT',
      url: '/api/life/plan',
      payload: { orgId: t.org, year: 2026, items: [{ kind: 'theme_day', month: 3, topic: '探针安排' }] },
    },
  ],
  'GET /api/responsibilities': (t) => [{ method: 'GET', url: `/api/responsibilities?orgId=${t.org}` }],
  'GET /api/responsibilities/export': (t) => [{ method: 'GET', url: `/api/responsibilities/export?orgId=${t.org}` }],
  'GET /api/responsibilities/paged': (t) => [{ method: 'GET', url: `/api/responsibilities/paged?orgId=${t.org}` }],
  'GET /api/dashboard': (t) => [{ method: 'GET', url: `/api/dashboard?orgId=${t.org}` }],
  'GET /api/dashboard/tasks': (t) => [{ method: 'GET', url: `/api/dashboard/tasks?orgId=${t.org}&page=2` }],
  'GET /api/development/cases': (t) => [
    { method: 'GET', url: `/api/development/cases?orgId=${t.org}` },
    { method: 'GET', url: `/api/development/cases?personId=${t.member}` },
  ],
  'POST /api/development/cases': (t) => [
    { method: 'POST', url: '/api/development/cases', payload: { personId: t.member, on: '2026-11-20' } },
  ],
  'POST /api/development/cases/backfill': (t) => [
    {
      method: 'POST',
      url: '/api/development/cases/backfill',
      payload: { personId: t.member, stage: 'activist', activistOn: '2026-11-20' },
    },
  ],
  'GET /api/development/cases/:id': (t) => [{ method: 'GET', url: `/api/development/cases/${t.development}` }],
  'POST /api/development/cases/:id/steps': (t) => [
    {
      method: 'POST',
      url: `/api/development/cases/${t.development}/steps`,
      payload: { kind: 'talk', on: '2026-11-20', document: '谈话记录', decider: '组织委员' },
    },
  ],
  'GET /api/development/pipeline': (t) => [{ method: 'GET', url: `/api/development/pipeline?orgId=${t.org}` }],
  'GET /api/week': (t) => [{ method: 'GET', url: `/api/week?orgId=${t.org}` }],
  'GET /api/rules': (t) => [{ method: 'GET', url: `/api/rules?orgId=${t.org}` }],
  'GET /api/rules/overrides': (t) => [{ method: 'GET', url: `/api/rules/overrides?orgId=${t.org}` }],
  'POST /api/rules/overrides': (t) => [
    {
      method: 'POST',
      url: '/api/rules/overrides',
      payload: {
        orgId: t.parentOrg,
        ruleId: 'development.publicNoticeWorkingDays',
        value: 7,
        effectiveFrom: '2099-01-01',
        document: '地方规定',
        reason: '探测',
      },
    },
  ],
  'POST /api/notifications/:id/read': (t) => [{ method: 'POST', url: `/api/notifications/${t.notification}/read` }],
  'GET /api/assess/systems/:id': (t) => [{ method: 'GET', url: `/api/assess/systems/${t.assessSystem}` }],
  'PUT /api/assess/systems/:id': (t) => [
    {
      method: 'PUT',
      url: `/api/assess/systems/${t.assessSystem}`,
      payload: { name: '探针', total: 100, indicators: ASSESS_PROBE_INDICATORS },
    },
  ],
  'POST /api/assess/systems/:id/copy': (t) => [
    { method: 'POST', url: `/api/assess/systems/${t.assessSystem}/copy`, payload: { year: 2027 } },
  ],
  'POST /api/assess/systems/:id/publish': (t) => [
    { method: 'POST', url: `/api/assess/systems/${t.assessSystem}/publish` },
  ],
  'POST /api/assess/systems/:id/rounds/preview': (t) => [
    { method: 'POST', url: `/api/assess/systems/${t.assessSystem}/rounds/preview`, payload: { orgIds: [t.assessOrg] } },
  ],
  'POST /api/assess/systems/:id/rounds': (t) => [
    {
      method: 'POST',
      url: `/api/assess/systems/${t.assessSystem}/rounds`,
      payload: {
        orgIds: [t.assessOrg],
        name: '探针考核',
        selfDue: '2026-12-20',
        scoreDue: '2027-01-10',
        cutoff: '2026-12-05',
        publicityFrom: '2027-01-11',
        publicityTo: '2027-01-17',
      },
    },
  ],
  'GET /api/assess/rounds/:id': (t) => [{ method: 'GET', url: `/api/assess/rounds/${t.assessRound}` }],
  'POST /api/assess/rounds/:id/transition': (t) => [
    { method: 'POST', url: `/api/assess/rounds/${t.assessRound}/transition`, payload: { to: 'scoring' } },
  ],
  'GET /api/assess/rounds/:id/results': (t) => [{ method: 'GET', url: `/api/assess/rounds/${t.assessRound}/results` }],
  'GET /api/assess/rounds/:id/progress': (t) => [
    { method: 'GET', url: `/api/assess/rounds/${t.assessRound}/progress` },
  ],
  'GET /api/assess/rounds/:id/export': (t) => [
    { method: 'GET', url: `/api/assess/rounds/${t.assessRound}/export?format=xlsx` },
    { method: 'GET', url: `/api/assess/rounds/${t.assessRound}/export?format=docx` },
  ],
  'GET /api/assess/stars/history': (t) => [{ method: 'GET', url: `/api/assess/stars/history?orgId=${t.assessOrg}` }],
  'GET /api/assess/rounds/:id/orgs/:orgId': (t) => [
    { method: 'GET', url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}` },
  ],
  'POST /api/assess/rounds/:id/orgs/:orgId/files': (t) => [
    {
      method: 'POST',
      url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/files`,
      ...multipartBody({ indicatorId: 'P-1' }, [{ field: 'files', filename: '探针.png', data: PNG }]),
    },
  ],
  'GET /api/assess/rounds/:id/orgs/:orgId/files/:fileId': (t) => [
    { method: 'GET', url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/files/${t.assessFile}` },
  ],
  'PUT /api/assess/rounds/:id/orgs/:orgId/self': (t) => [
    {
      method: 'PUT',
      url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/self`,
      payload: { entries: [{ indicatorId: 'P-1', grade: '好' }] },
    },
  ],
  'PUT /api/assess/rounds/:id/orgs/:orgId/score': (t) => [
    {
      method: 'PUT',
      url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/score`,
      payload: { entries: [{ indicatorId: 'P-1', grade: '好' }] },
    },
  ],
  'PUT /api/assess/rounds/:id/orgs/:orgId/level': (t) => [
    {
      method: 'PUT',
      url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/level`,
      payload: { conditions: [] },
    },
  ],
  'POST /api/assess/rounds/:id/orgs/:orgId/objections': (t) => [
    {
      method: 'POST',
      url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/objections`,
      payload: { text: '探针异议' },
    },
  ],
  'POST /api/assess/objections/:id/answer': (t) => [
    { method: 'POST', url: `/api/assess/objections/${t.assessObjection}/answer`, payload: { answer: '探针答复' } },
  ],
  'POST /api/assess/rounds/:id/orgs/:orgId/revisions': (t) => [
    {
      method: 'POST',
      url: `/api/assess/rounds/${t.assessRound}/orgs/${t.assessOrg}/revisions`,
      payload: { entry: { indicatorId: 'P-1', grade: '差', evidence: '探针' }, reason: '探针修订' },
    },
  ],
  'GET /api/assess/stars': (t) => [{ method: 'GET', url: `/api/assess/stars?orgId=${t.parentOrg}` }],
  'GET /api/appraisals': (t) => [{ method: 'GET', url: `/api/appraisals?orgId=${t.org}` }],
  'POST /api/appraisals': (t) => [
    { method: 'POST', url: '/api/appraisals', payload: { orgId: t.org, year: 2025, asOf: '2025-12-31' } },
  ],
  'GET /api/appraisals/:id': (t) => [{ method: 'GET', url: `/api/appraisals/${t.appraisal}` }],
  'PUT /api/appraisals/:id/members/:personId': (t) => [
    { method: 'PUT', url: `/api/appraisals/${t.appraisal}/members/${t.member}`, payload: { self: { done: true } } },
  ],
  'POST /api/appraisals/:id/decisions': (t) => [
    {
      method: 'POST',
      url: `/api/appraisals/${t.appraisal}/decisions`,
      payload: { body: 'committee', decidedOn: '2026-12-20', grades: [{ personId: t.member, grade: 'excellent' }] },
    },
  ],
  'GET /api/weak-orgs': (t) => [{ method: 'GET', url: `/api/weak-orgs?orgId=${t.org}` }],
  'GET /api/weak-orgs/counts': (t) => [{ method: 'GET', url: `/api/weak-orgs/counts?orgId=${t.parentOrg}` }],
  'GET /api/weak-orgs/rounds': (t) => [{ method: 'GET', url: `/api/weak-orgs/rounds?orgId=${t.org}` }],
  'POST /api/weak-orgs': (t) => [
    {
      method: 'POST',
      url: '/api/weak-orgs',
      payload: { orgId: t.org, year: 2025, designatedOn: '2025-03-01', dueOn: '2025-12-31', reasons: ['leadership'] },
    },
  ],
  'GET /api/weak-orgs/:id': (t) => [{ method: 'GET', url: `/api/weak-orgs/${t.weakOrg}` }],
  'POST /api/weak-orgs/:id/measures': (t) => [
    {
      method: 'POST',
      url: `/api/weak-orgs/${t.weakOrg}/measures`,
      payload: { title: '探针措施', deadline: '2026-12-31' },
    },
  ],
  'POST /api/weak-orgs/:id/leader': (t) => [
    { method: 'POST', url: `/api/weak-orgs/${t.weakOrg}/leader`, payload: { name: '探针', post: '探针' } },
  ],
  'POST /api/weak-orgs/:id/checks': (t) => [
    {
      method: 'POST',
      url: `/api/weak-orgs/${t.weakOrg}/checks`,
      payload: { checkedOn: '2026-11-20', checker: '探针', passed: false },
    },
  ],
  'GET /api/reviews': (t) => [{ method: 'GET', url: `/api/reviews?orgId=${t.org}` }],
  'POST /api/reviews': (t) => [
    { method: 'POST', url: '/api/reviews', payload: { year: 2025, name: '探针述职评议', orgIds: [t.org] } },
  ],
  'GET /api/reviews/:id': (t) => [{ method: 'GET', url: `/api/reviews/${t.review}` }],
  'PUT /api/reviews/:id/orgs/:orgId/report': (t) => [
    { method: 'PUT', url: `/api/reviews/${t.review}/orgs/${t.org}/report`, payload: { report: '探针述职报告' } },
  ],
  'PUT /api/reviews/:id/orgs/:orgId/comment': (t) => [
    { method: 'PUT', url: `/api/reviews/${t.review}/orgs/${t.org}/comment`, payload: { comment: '探针点评' } },
  ],
  'PUT /api/reviews/:id/orgs/:orgId/poll': (t) => [
    {
      method: 'PUT',
      url: `/api/reviews/${t.review}/orgs/${t.org}/poll`,
      payload: { shouldAttend: 10, tookPart: 9, tallies: { good: 5, fairlyGood: 3 } },
    },
  ],
  'PUT /api/reviews/:id/orgs/:orgId/grade': (t) => [
    { method: 'PUT', url: `/api/reviews/${t.review}/orgs/${t.org}/grade`, payload: { grade: 'good' } },
  ],
  'POST /api/reviews/:id/orgs/:orgId/report-file': (t) => [
    {
      method: 'POST',
      url: `/api/reviews/${t.review}/orgs/${t.org}/report-file`,
      ...multipartBody({}, [{ field: 'file', filename: '述职报告.pdf', data: PDF }]),
    },
  ],
  'GET /api/reviews/:id/orgs/:orgId/files/:fileId': (t) => [
    { method: 'GET', url: `/api/reviews/${t.review}/orgs/${t.org}/files/${t.reviewFile}` },
  ],
  'GET /api/reviews/:id/orgs/:orgId/history': (t) => [
    { method: 'GET', url: `/api/reviews/${t.review}/orgs/${t.org}/history` },
  ],
  'POST /api/reviews/:id/import': (t) => [
    reviewPollUpload(`/api/reviews/${t.review}/import?commit=false`),
    reviewPollUpload(`/api/reviews/${t.review}/import?commit=true`),
  ],
  'POST /api/reviews/:id/import/errors': (t) => [reviewPollUpload(`/api/reviews/${t.review}/import/errors`)],
  'POST /api/reviews/:id/orgs/:orgId/problems': (t) => [
    {
      method: 'POST',
      url: `/api/reviews/${t.review}/orgs/${t.org}/problems`,
      payload: { title: '探针问题', deadline: '2026-12-31' },
    },
  ],
  'POST /api/appraisals/:id/members/:personId/handling': (t) => [
    {
      method: 'POST',
      url: `/api/appraisals/${t.appraisal}/members/${t.member}/handling`,
      payload: { kind: 'decide', measure: 'persuade', by: '支部委员会', on: '2026-12-20', note: '探针' },
    },
  ],
};
