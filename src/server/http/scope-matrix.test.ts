import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { RefKind } from '../../contracts/common.ts';
import { ruleSetOn } from '../../domain/rules/ruleset.ts';
import { type App, buildApp } from '../app.ts';
import type { Database } from '../db/client.ts';
import { describeOnEngines } from '../test/engines.ts';
import { buildFixture, type Fixture, insertPerson, insertUser, loginAs, multipartBody } from '../test/factories.ts';
import {
  buildAssessTargets,
  duesLedgerUpload,
  EXEMPT,
  economyListUpload,
  gridMatterUpload,
  meetingLedgerUpload,
  PDF,
  PNG,
  PROBES,
  type Probe,
  problemListUpload,
  rosterUpload,
  SPEECH,
  type Targets,
} from '../test/route-probes.ts';
import { refFieldsOf } from './ref-scope.ts';

/**
 * The route × role scope matrix (the probes, and the routes exempt from it, are in src/server/test/route-probes.ts,
 * which the EXPLAIN check of src/server/db/explain.test.ts drives too). A new route that is not listed there makes
 * this test fail.
 */

/**
 * Ids in bodies and query strings (item 2 of issue 7). For every route whose body or query schema marks id fields
 * (orgRef, personRef, … in src/contracts/common.ts), a well-formed request whose every marked field holds an id
 * inside the caller's own subtree. The test reads the marked fields from the route's schemas and sends the request
 * once per field with that one field holding an existing id of the same kind from the sibling subtree B: each must
 * be refused (404 naming the field; 403 for a role without the permission) and leave the database unchanged.
 * A route with marked fields and no sample here, or a sample without one of them, makes the test fail.
 */
type RefRequest = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  query?: Record<string, string | number>;
  body?: Record<string, unknown>;
  /** A multipart upload, built afresh for every request (its body is a stream). */
  upload?: () => Pick<Probe, 'payload' | 'headers'>;
};

const rosterFile = () => {
  const probe = rosterUpload('');
  return { payload: probe.payload, headers: probe.headers };
};
const problemListFile = () => {
  const probe = problemListUpload('');
  return { payload: probe.payload, headers: probe.headers };
};
const meetingLedgerFile = () => {
  const probe = meetingLedgerUpload('');
  return { payload: probe.payload, headers: probe.headers };
};
const duesLedgerFile = () => {
  const probe = duesLedgerUpload('');
  return { payload: probe.payload, headers: probe.headers };
};
const gridMatterFile = () => {
  const probe = gridMatterUpload('');
  return { payload: probe.payload, headers: probe.headers };
};
const economyListFile = () => {
  const probe = economyListUpload('');
  return { payload: probe.payload, headers: probe.headers };
};
const speechFile = () => multipartBody({}, [{ field: 'file', filename: '讲话.txt', data: Buffer.from(SPEECH) }]);

const REF_SAMPLES: Record<string, (t: Targets) => RefRequest> = {
  'POST /api/assess/systems/:id/rounds/preview': (t) => ({
    method: 'POST',
    path: `/api/assess/systems/${t.assessSystem}/rounds/preview`,
    body: { orgIds: [t.assessOrg], rule: { underOrgId: t.parentOrg, types: ['branch'] } },
  }),
  'POST /api/assess/systems/:id/rounds': (t) => ({
    method: 'POST',
    path: `/api/assess/systems/${t.assessSystem}/rounds`,
    body: {
      orgIds: [t.assessOrg],
      rule: { underOrgId: t.parentOrg, types: ['branch'] },
      name: '探针考核',
      selfDue: '2026-12-20',
      scoreDue: '2027-01-10',
      cutoff: '2026-12-05',
      publicityFrom: '2027-01-11',
      publicityTo: '2027-01-17',
    },
  }),
  'GET /api/assess/stars/history': (t) => ({
    method: 'GET',
    path: '/api/assess/stars/history',
    query: { orgId: t.assessOrg },
  }),
  'GET /api/assess/stars': (t) => ({ method: 'GET', path: '/api/assess/stars', query: { orgId: t.parentOrg } }),
  'GET /api/appraisals': (t) => ({ method: 'GET', path: '/api/appraisals', query: { orgId: t.org } }),
  'POST /api/appraisals': (t) => ({
    method: 'POST',
    path: '/api/appraisals',
    body: { orgId: t.org, year: 2025, asOf: '2025-12-31' },
  }),
  'GET /api/reviews': (t) => ({ method: 'GET', path: '/api/reviews', query: { orgId: t.org } }),
  'POST /api/reviews': (t) => ({
    method: 'POST',
    path: '/api/reviews',
    body: { year: 2025, name: '探针述职评议', orgIds: [t.org] },
  }),
  'GET /api/weak-orgs': (t) => ({ method: 'GET', path: '/api/weak-orgs', query: { orgId: t.org } }),
  'GET /api/weak-orgs/counts': (t) => ({ method: 'GET', path: '/api/weak-orgs/counts', query: { orgId: t.parentOrg } }),
  'GET /api/weak-orgs/rounds': (t) => ({ method: 'GET', path: '/api/weak-orgs/rounds', query: { orgId: t.org } }),
  'POST /api/weak-orgs': (t) => ({
    method: 'POST',
    path: '/api/weak-orgs',
    body: { orgId: t.org, year: 2025, designatedOn: '2025-03-01', dueOn: '2025-12-31', reasons: ['leadership'] },
  }),
  'POST /api/appraisals/:id/decisions': (t) => ({
    method: 'POST',
    path: `/api/appraisals/${t.appraisal}/decisions`,
    body: { body: 'committee', decidedOn: '2026-12-20', grades: [{ personId: t.member, grade: 'qualified' }] },
  }),
  'GET /api/orgs/search': (t) => ({ method: 'GET', path: '/api/orgs/search', query: { q: '支部', within: t.org } }),
  'POST /api/orgs': (t) => ({
    method: 'POST',
    path: '/api/orgs',
    body: { parentId: t.org, name: '新党小组', type: 'group' },
  }),
  'POST /api/orgs/:id/move': (t) => ({
    method: 'POST',
    path: `/api/orgs/${t.org}/move`,
    body: { newParentId: t.parentOrg },
  }),
  'POST /api/orgs/:id/positions': (t) => ({
    method: 'POST',
    path: `/api/orgs/${t.org}/positions`,
    body: { personId: t.member, title: 'youth', startedOn: '2026-01-01' },
  }),
  'GET /api/members': (t) => ({ method: 'GET', path: '/api/members', query: { orgId: t.org } }),
  'POST /api/members': (t) => ({
    method: 'POST',
    path: '/api/members',
    body: { orgId: t.org, name: '新申请人', status: 'applicant' },
  }),
  'PATCH /api/members/:id': (t) => ({ method: 'PATCH', path: `/api/members/${t.member}`, body: { orgId: t.org } }),
  'POST /api/members/import': (t) => ({
    method: 'POST',
    path: '/api/members/import',
    query: { orgId: t.org, commit: 'false' },
    upload: rosterFile,
  }),
  'POST /api/members/import/errors': (t) => ({
    method: 'POST',
    path: '/api/members/import/errors',
    query: { orgId: t.org },
    upload: rosterFile,
  }),
  'GET /api/members/export': (t) => ({ method: 'GET', path: '/api/members/export', query: { orgId: t.org } }),
  'GET /api/users': (t) => ({ method: 'GET', path: '/api/users', query: { orgId: t.org } }),
  'GET /api/users/paged': (t) => ({ method: 'GET', path: '/api/users/paged', query: { orgId: t.org } }),
  'POST /api/users': (t) => ({
    method: 'POST',
    path: '/api/users',
    body: {
      username: `ref-${t.org}`,
      displayName: '探针',
      role: 'member',
      orgId: t.org,
      personId: t.member,
      password: 'Ref-Probe-7kQx!2vLm',
    },
  }),
  'PATCH /api/users/:id': (t) => ({ method: 'PATCH', path: `/api/users/${t.user}`, body: { orgId: t.org } }),
  'POST /api/users/bulk-secretaries': (t) => ({
    method: 'POST',
    path: '/api/users/bulk-secretaries',
    body: { orgId: t.org, dryRun: true },
  }),
  'GET /api/audit': (t) => ({ method: 'GET', path: '/api/audit', query: { orgId: t.org } }),
  'GET /api/deployments': (t) => ({ method: 'GET', path: '/api/deployments', query: { orgId: t.parentOrg } }),
  'POST /api/deployments': (t) => ({ method: 'POST', path: '/api/deployments', body: { orgId: t.org, text: SPEECH } }),
  'POST /api/deployments/import': (t) => ({
    method: 'POST',
    path: '/api/deployments/import',
    query: { orgId: t.org },
    upload: speechFile,
  }),
  'PATCH /api/deployments/:id': (t) => ({
    method: 'PATCH',
    path: `/api/deployments/${t.deployment}`,
    body: {
      items: [
        {
          key: 'k1',
          parentKey: null,
          numbering: '一、',
          heading: '',
          text: '完成村党支部标准化建设10个',
          kind: 'task',
          spanStart: null,
          spanEnd: null,
          targets: [],
          deadlines: [],
          bodies: [],
          task: {
            progressMode: 'none',
            targetValue: null,
            targetUnit: null,
            shareThreshold: null,
            deadline: null,
            leadOrgId: t.org,
          },
        },
      ],
    },
  }),
  'GET /api/tasks': (t) => ({
    method: 'GET',
    path: '/api/tasks',
    query: { orgId: t.parentOrg, deploymentId: t.deployment },
  }),
  'POST /api/tasks': (t) => ({
    method: 'POST',
    path: '/api/tasks',
    body: {
      orgId: t.org,
      title: '探针任务',
      leadOrgId: t.org,
      cooperatorOrgIds: [t.org],
      responsiblePersonId: t.member,
      problemIds: [t.problem],
    },
  }),
  'PATCH /api/tasks/:id': (t) => ({
    method: 'PATCH',
    path: `/api/tasks/${t.task}`,
    body: { leadOrgId: t.org, cooperatorOrgIds: [t.org], responsiblePersonId: t.member, problemIds: [t.problem] },
  }),
  'POST /api/tasks/:id/assignments': (t) => ({
    method: 'POST',
    path: `/api/tasks/${t.task}/assignments`,
    body: { orgIds: [t.org], rule: { underOrgId: t.org, types: ['group'] } },
  }),
  'POST /api/tasks/:id/assignments/preview': (t) => ({
    method: 'POST',
    path: `/api/tasks/${t.task}/assignments/preview`,
    body: { orgIds: [t.org], rule: { underOrgId: t.org, types: ['group'] } },
  }),
  'GET /api/assignments': (t) => ({
    method: 'GET',
    path: '/api/assignments',
    query: { orgId: t.org, taskId: t.task, deploymentId: t.deployment },
  }),
  'GET /api/week': (t) => ({ method: 'GET', path: '/api/week', query: { orgId: t.org } }),
  'GET /api/rules': (t) => ({ method: 'GET', path: '/api/rules', query: { orgId: t.org } }),
  'GET /api/rules/overrides': (t) => ({ method: 'GET', path: '/api/rules/overrides', query: { orgId: t.org } }),
  'POST /api/rules/overrides': (t) => ({
    method: 'POST',
    path: '/api/rules/overrides',
    body: {
      orgId: t.parentOrg,
      ruleId: 'development.publicNoticeWorkingDays',
      value: 7,
      effectiveFrom: '2099-01-01',
      document: '地方规定',
      reason: '探测',
    },
  }),
  'GET /api/problems': (t) => ({
    method: 'GET',
    path: '/api/problems',
    query: { orgId: t.parentOrg, deploymentId: t.deployment },
  }),
  'POST /api/problems': (t) => ({
    method: 'POST',
    path: '/api/problems',
    body: { orgId: t.org, issuerOrgId: t.org, title: '探针问题', taskIds: [t.task] },
  }),
  'POST /api/problems/import': (t) => ({
    method: 'POST',
    path: '/api/problems/import',
    query: { orgId: t.org, commit: 'false' },
    upload: problemListFile,
  }),
  'POST /api/problems/import/errors': (t) => ({
    method: 'POST',
    path: '/api/problems/import/errors',
    query: { orgId: t.org },
    upload: problemListFile,
  }),
  'GET /api/problems/export': (t) => ({ method: 'GET', path: '/api/problems/export', query: { orgId: t.org } }),
  'GET /api/development/cases': (t) => ({
    method: 'GET',
    path: '/api/development/cases',
    query: { orgId: t.org, personId: t.member },
  }),
  'POST /api/development/cases': (t) => ({
    method: 'POST',
    path: '/api/development/cases',
    body: { personId: t.member, on: '2026-11-20' },
  }),
  'POST /api/development/cases/backfill': (t) => ({
    method: 'POST',
    path: '/api/development/cases/backfill',
    body: { personId: t.member, stage: 'activist', activistOn: '2026-11-20' },
  }),
  'POST /api/development/cases/:id/steps': (t) => ({
    method: 'POST',
    path: `/api/development/cases/${t.development}/steps`,
    body: { kind: 'talk', on: '2026-11-20', document: '谈话记录', decider: '组织委员', deciderOrgId: t.parentOrg },
  }),
  'GET /api/development/pipeline': (t) => ({
    method: 'GET',
    path: '/api/development/pipeline',
    query: { orgId: t.org },
  }),
  'PATCH /api/problems/:id': (t) => ({
    method: 'PATCH',
    path: `/api/problems/${t.problem}`,
    body: { orgId: t.org, taskIds: [t.task] },
  }),
  'GET /api/supervisions': (t) => ({ method: 'GET', path: '/api/supervisions', query: { orgId: t.parentOrg } }),
  'GET /api/burden': (t) => ({ method: 'GET', path: '/api/burden', query: { orgId: t.org } }),
  'GET /api/dues': (t) => ({ method: 'GET', path: '/api/dues', query: { orgId: t.org } }),
  'POST /api/dues/bases': (t) => ({
    method: 'POST',
    path: '/api/dues/bases',
    body: { personId: t.member, fromMonth: '2026-11', category: 'minimal' },
  }),
  'POST /api/dues/payments': (t) => ({
    method: 'POST',
    path: '/api/dues/payments',
    body: { personId: t.member, months: ['2026-11'], amount: 0.2, paidOn: '2026-11-20' },
  }),
  'GET /api/dues/payments': (t) => ({ method: 'GET', path: '/api/dues/payments', query: { orgId: t.org } }),
  'POST /api/dues/arrangements': (t) => ({
    method: 'POST',
    path: '/api/dues/arrangements',
    body: { personId: t.member, fromMonth: '2026-10', kind: 'quarterly', consentOn: '2026-09-20' },
  }),
  'POST /api/dues/import': (t) => ({
    method: 'POST',
    path: '/api/dues/import',
    query: { orgId: t.org, commit: 'false' },
    upload: duesLedgerFile,
  }),
  'POST /api/dues/import/errors': (t) => ({
    method: 'POST',
    path: '/api/dues/import/errors',
    query: { orgId: t.org },
    upload: duesLedgerFile,
  }),
  'POST /api/dues/extras': (t) => ({
    method: 'POST',
    path: '/api/dues/extras',
    body: { personId: t.member, amount: 1000, paidOn: '2026-11-01' },
  }),
  'GET /api/transfers': (t) => ({ method: 'GET', path: '/api/transfers', query: { orgId: t.parentOrg } }),
  'GET /api/floating': (t) => ({ method: 'GET', path: '/api/floating', query: { orgId: t.parentOrg } }),
  'POST /api/floating': (t) => ({
    method: 'POST',
    path: '/api/floating',
    body: { personId: t.member, location: '探针市', leftOn: '2026-10-01' },
  }),
  'POST /api/transfers': (t) => ({
    method: 'POST',
    path: '/api/transfers',
    body: { personId: t.member, kind: 'out', outsideOrg: '外省某党支部', letterNo: '探针1', reason: '探针' },
  }),
  'POST /api/supervisions': (t) => ({
    method: 'POST',
    path: '/api/supervisions',
    body: {
      orgId: t.parentOrg,
      kind: 'random',
      title: '探针抽查',
      periodStart: '2026-11-01',
      periodEnd: '2026-11-30',
      taskIds: [t.task],
      deploymentIds: [t.deployment],
      orgIds: [t.org],
      sample: { underOrgId: t.parentOrg, types: ['branch'], share: 0.5, min: 1 },
    },
  }),
  'POST /api/supervisions/:id/findings': (t) => ({
    method: 'POST',
    path: `/api/supervisions/${t.supervision}/findings`,
    body: { orgId: t.org, text: '探针发现' },
  }),
  'GET /api/notices': (t) => ({ method: 'GET', path: '/api/notices', query: { orgId: t.parentOrg } }),
  'POST /api/notices': (t) => ({
    method: 'POST',
    path: '/api/notices',
    body: { orgId: t.parentOrg, periodStart: '2026-11-01', periodEnd: '2026-11-30' },
  }),
  'GET /api/instructions': (t) => ({
    method: 'GET',
    path: '/api/instructions',
    query: { orgId: t.parentOrg, problemId: t.problem, findingId: t.finding, taskId: t.task },
  }),
  'POST /api/instructions': (t) => ({
    method: 'POST',
    path: '/api/instructions',
    body: { problemId: t.problem, findingId: t.finding, taskId: t.task, orgId: t.org, text: '探针批示' },
  }),
  'GET /api/responsibilities': (t) => ({
    method: 'GET',
    path: '/api/responsibilities',
    query: { orgId: t.org, deploymentId: t.deployment },
  }),
  'GET /api/responsibilities/paged': (t) => ({
    method: 'GET',
    path: '/api/responsibilities/paged',
    query: { orgId: t.org, deploymentId: t.deployment },
  }),
  'GET /api/responsibilities/export': (t) => ({
    method: 'GET',
    path: '/api/responsibilities/export',
    query: { orgId: t.org, deploymentId: t.deployment },
  }),
  'GET /api/meetings': (t) => ({ method: 'GET', path: '/api/meetings', query: { orgId: t.org } }),
  'POST /api/meetings': (t) => ({
    method: 'POST',
    path: '/api/meetings',
    body: {
      orgId: t.org,
      kind: 'lecture',
      heldOn: '2026-11-20',
      topic: '探针党课',
      taskId: t.task,
      attendance: [{ personId: t.member, present: true }],
    },
  }),
  'POST /api/talks': (t) => ({
    method: 'POST',
    path: '/api/talks',
    body: { orgId: t.org, heldOn: '2026-11-20', committeeId: t.member, memberId: t.member },
  }),
  'GET /api/talks': (t) => ({ method: 'GET', path: '/api/talks', query: { orgId: t.org } }),
  'GET /api/cadre/secretaries': (t) => ({ method: 'GET', path: '/api/cadre/secretaries', query: { orgId: t.org } }),
  'POST /api/cadre/filings': (t) => ({
    method: 'POST',
    path: '/api/cadre/filings',
    body: { orgId: t.org, personId: t.member, appointedOn: '2026-11-01', checks: ['探针'] },
  }),
  'GET /api/cadre/cadres': (t) => ({ method: 'GET', path: '/api/cadre/cadres', query: { orgId: t.org } }),
  'GET /api/cadre/secretaries/export': (t) => ({
    method: 'GET',
    path: '/api/cadre/secretaries/export',
    query: { orgId: t.org },
  }),
  'GET /api/cadre/pool/export': (t) => ({ method: 'GET', path: '/api/cadre/pool/export', query: { orgId: t.org } }),
  'GET /api/cadre/structure/export': (t) => ({
    method: 'GET',
    path: '/api/cadre/structure/export',
    query: { orgId: t.org },
  }),
  'GET /api/cadre/pool': (t) => ({ method: 'GET', path: '/api/cadre/pool', query: { orgId: t.org } }),
  'POST /api/cadre/pool': (t) => ({
    method: 'POST',
    path: '/api/cadre/pool',
    body: { personId: t.member, category: 'town_young', reasons: '探针' },
  }),
  'GET /api/cadre/structure': (t) => ({ method: 'GET', path: '/api/cadre/structure', query: { orgId: t.org } }),
  'GET /api/village-decisions': (t) => ({ method: 'GET', path: '/api/village-decisions', query: { orgId: t.org } }),
  'GET /api/village-decisions/counts': (t) => ({
    method: 'GET',
    path: '/api/village-decisions/counts',
    query: { orgId: t.parentOrg },
  }),
  'GET /api/village-decisions/export': (t) => ({
    method: 'GET',
    path: '/api/village-decisions/export',
    query: { orgId: t.org },
  }),
  'POST /api/village-decisions': (t) => ({
    method: 'POST',
    path: '/api/village-decisions',
    body: { orgId: t.org, kind: 'otherMajor', matter: '探针事项' },
  }),
  'PATCH /api/meetings/:id': (t) => ({
    method: 'PATCH',
    path: `/api/meetings/${t.meeting}`,
    body: { attendance: [{ personId: t.member, present: true }] },
  }),
  'GET /api/meetings/form-defaults': (t) => ({
    method: 'GET',
    path: '/api/meetings/form-defaults',
    query: { orgId: t.org },
  }),
  'POST /api/meetings/import': (t) => ({
    method: 'POST',
    path: '/api/meetings/import',
    query: { orgId: t.org, commit: 'false' },
    upload: meetingLedgerFile,
  }),
  'POST /api/meetings/import/errors': (t) => ({
    method: 'POST',
    path: '/api/meetings/import/errors',
    query: { orgId: t.org },
    upload: meetingLedgerFile,
  }),
  'GET /api/life/compliance': (t) => ({ method: 'GET', path: '/api/life/compliance', query: { orgId: t.org } }),
  'GET /api/life/rates': (t) => ({ method: 'GET', path: '/api/life/rates', query: { orgId: t.parentOrg } }),
  'GET /api/life/plan': (t) => ({ method: 'GET', path: '/api/life/plan', query: { orgId: t.org } }),
  'PUT /api/life/plan': (t) => ({
    method: 'PUT',
    path: '/api/life/plan',
    body: { orgId: t.org, year: 2026, items: [{ kind: 'theme_day', month: 3, topic: '探针安排' }] },
  }),
  'GET /api/dashboard': (t) => ({ method: 'GET', path: '/api/dashboard', query: { orgId: t.org } }),
  'GET /api/dashboard/tasks': (t) => ({ method: 'GET', path: '/api/dashboard/tasks', query: { orgId: t.org } }),
  'GET /api/grids': (t) => ({ method: 'GET', path: '/api/grids', query: { orgId: t.org } }),
  'POST /api/grids': (t) => ({
    method: 'POST',
    path: '/api/grids',
    body: { orgId: t.org, parentId: t.grid, name: '探针微网格', workerPersonId: t.member },
  }),
  'PATCH /api/grids/:id': (t) => ({
    method: 'PATCH',
    path: `/api/grids/${t.grid}`,
    body: { workerPersonId: t.member },
  }),
  'GET /api/grid-matters': (t) => ({
    method: 'GET',
    path: '/api/grid-matters',
    query: { orgId: t.org, gridId: t.grid },
  }),
  'POST /api/grid-matters': (t) => ({
    method: 'POST',
    path: '/api/grid-matters',
    body: { gridId: t.grid, category: 'other', text: '探针事项' },
  }),
  'GET /api/grid-matters/stats': (t) => ({ method: 'GET', path: '/api/grid-matters/stats', query: { orgId: t.org } }),
  'GET /api/grid-matters/export': (t) => ({
    method: 'GET',
    path: '/api/grid-matters/export',
    query: { orgId: t.org, gridId: t.grid },
  }),
  'POST /api/grid-matters/import': (t) => ({
    method: 'POST',
    path: '/api/grid-matters/import',
    query: { orgId: t.org, commit: 'false' },
    upload: gridMatterFile,
  }),
  'POST /api/grid-matters/import/errors': (t) => ({
    method: 'POST',
    path: '/api/grid-matters/import/errors',
    query: { orgId: t.org },
    upload: gridMatterFile,
  }),
  'POST /api/grid-matters/:id/events': (t) => ({
    method: 'POST',
    path: `/api/grid-matters/${t.gridMatter}/events`,
    body: { event: 'assign', assigneeOrgId: t.org },
  }),
  'GET /api/economy/summary': (t) => ({ method: 'GET', path: '/api/economy/summary', query: { orgId: t.parentOrg } }),
  'GET /api/economy/villages': (t) => ({ method: 'GET', path: '/api/economy/villages', query: { orgId: t.parentOrg } }),
  'GET /api/economy/export': (t) => ({ method: 'GET', path: '/api/economy/export', query: { orgId: t.org } }),
  'GET /api/economy/entries': (t) => ({ method: 'GET', path: '/api/economy/entries', query: { orgId: t.org } }),
  'POST /api/economy/entries': (t) => ({
    method: 'POST',
    path: '/api/economy/entries',
    body: { orgId: t.org, year: 2024, amounts: { business: 1 } },
  }),
  'POST /api/economy/import': (t) => ({
    method: 'POST',
    path: '/api/economy/import',
    query: { orgId: t.org, commit: 'false' },
    upload: economyListFile,
  }),
  'POST /api/economy/import/errors': (t) => ({
    method: 'POST',
    path: '/api/economy/import/errors',
    query: { orgId: t.org },
    upload: economyListFile,
  }),
};

/** An existing row of each kind in the sibling subtree B. */
function foreignOf(other: Targets, kind: RefKind): number {
  const byKind: Record<RefKind, number> = {
    org: other.org,
    orgAbove: other.org,
    person: other.member,
    task: other.task,
    problem: other.problem,
    deployment: other.deployment,
    ledgerEntry: other.ledgerEntry,
    finding: other.finding,
    grid: other.grid,
  };
  return byKind[kind];
}

/** The sample with one marked field set to `value`; a string says why the sample cannot carry the field. */
function withRef(
  req: RefRequest,
  part: 'body' | 'querystring',
  path: readonly string[],
  value: number,
): RefRequest | string {
  const copy: RefRequest = { ...req, query: { ...req.query }, body: structuredClone(req.body) };
  let node: unknown = part === 'body' ? copy.body : copy.query;
  for (let i = 0; i < path.length; i++) {
    const key = path[i] === '*' ? 0 : path[i]!;
    const container = node as Record<string | number, unknown> | undefined;
    if (typeof container !== 'object' || container === null || container[key] === undefined) {
      return `the sample has no ${part}.${path.slice(0, i + 1).join('.')}`;
    }
    if (i === path.length - 1) container[key] = value;
    else node = container[key];
  }
  return copy;
}

async function sendRef(app: App, req: RefRequest, cookie: string) {
  const query = new URLSearchParams(
    Object.entries(req.query ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
  const upload = req.upload?.();
  return app.inject({
    method: req.method,
    url: query ? `${req.path}?${query}` : req.path,
    payload: upload ? upload.payload : req.body,
    headers: { ...upload?.headers, cookie },
  });
}

const TABLES = [
  'org',
  'person',
  'org_position',
  'app_user',
  'org_field',
  'audit_log',
  'development_case',
  'development_step',
  'rule_override',
  'deployment',
  'task',
  'task_cooperator',
  'problem',
  'problem_task',
  'problem_event',
  'problem_measure',
  'problem_action',
  'supervision',
  'supervision_target',
  'supervision_task',
  'supervision_deployment',
  'supervision_finding',
  'notice',
  'instruction',
  'instruction_followup',
  'meeting',
  'meeting_attendance',
  'meeting_vote',
  'talk',
  'village_decision',
  'village_decision_step',
  'secretary_filing',
  'secretary_filing_decision',
  'cadre_post',
  'cadre_pool_entry',
  'cadre_pool_record',
  'one_shoulder_month',
  'life_compliance',
  'assess_system',
  'assess_round',
  'assess_round_org',
  'assess_entry',
  'assess_result',
  'assess_objection',
  'assess_revision',
  'assess_star',
  'appraisal',
  'appraisal_member',
  'appraisal_entry',
  'appraisal_decision',
  'appraisal_handling',
  'appraisal_handling_event',
  'weak_org',
  'weak_org_leader',
  'weak_org_measure',
  'weak_org_check',
  'review_round',
  'review_org',
  'review_problem',
  'review_event',
  'life_plan_item',
  'assignment',
  'assignment_event',
  'ledger_entry',
  'evidence_file',
  'task_rollup',
  'notification',
  'notification_read',
  'assignment_batch',
  'org_demand',
  'burden_count',
  'burden_override',
  'dues_base',
  'dues_payment',
  'dues_arrangement',
  'member_transfer',
  'member_transfer_event',
  'floating_record',
  'floating_contact',
  'grid',
  'grid_matter',
  'grid_matter_event',
  'grid_matter_escalation',
  'village_income',
  'village_income_year',
] as const;

async function snapshot(database: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ h: string }>`
      select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as h from ${sql.table(table)} t`.execute(
      database.db,
    );
    out[table] = rows[0]!.h;
  }
  return out;
}

describeOnEngines('route × role scope matrix', (ctx) => {
  let app: App;
  let fx: Fixture;
  const cookies: Record<string, string> = {};
  const roles = ['aAdmin', 'aSecretary', 'aMember'] as const;

  type Work = Pick<
    Targets,
    | 'deployment'
    | 'task'
    | 'assignment'
    | 'batch'
    | 'problem'
    | 'evidence'
    | 'ledgerEntry'
    | 'notification'
    | 'supervision'
    | 'finding'
    | 'notice'
    | 'instruction'
    | 'meeting'
    | 'meetingFile'
    | 'talk'
    | 'assessSystem'
    | 'assessRound'
    | 'assessOrg'
    | 'assessObjection'
    | 'assessFile'
  >;
  const work: Record<'a' | 'b' | 'aBranch', Work> = {} as never;
  /** An open development case of an applicant of the branch (a1a, b1a), per district. */
  const devCase: Record<'a' | 'b', number> = { a: 0, b: 0 };
  const districtNotice: Record<'a' | 'b', number> = { a: 0, b: 0 };
  /** A 四议两公开 case of the branch (a village here) with its proposal and a photo on it, per district. */
  const villages: Record<
    'a' | 'b',
    Pick<Targets, 'villageCase' | 'villageStep' | 'villageFile' | 'secretaryFiling'>
  > = {} as never;
  /** A dues payment of the branch's member and a pending transfer out of the branch, per district. */
  const people: Record<
    'a' | 'b',
    Pick<Targets, 'payment' | 'transfer' | 'floating' | 'appraisal' | 'weakOrg' | 'review' | 'reviewFile'>
  > = {} as never;

  /** A grid of the branch (a village here) whose 网格员 is the branch's member, and a matter with a photo, per district. */
  const grids: Record<'a' | 'b', Pick<Targets, 'grid' | 'gridMatter' | 'gridFile'>> = {} as never;
  /** A 2026 collective income entry of the branch (a village here) with a file on it, per district. */
  const economy: Record<'a' | 'b', Pick<Targets, 'incomeEntry' | 'incomeFile'>> = {} as never;

  /** Through the API as the system administrator: a deployment, a task assigned to the branch, its ledger. */
  async function buildWork(admin: string, town: number, branch: number): Promise<Work> {
    const call = async (
      method: 'GET' | 'POST',
      url: string,
      payload?: object | Buffer,
      headers?: Record<string, string>,
    ) => {
      const res = await app.inject({ method, url, payload, headers: { cookie: admin, ...headers } });
      assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
      return res.json();
    };
    const deployment = (await call('POST', '/api/deployments', { orgId: town, text: SPEECH })).id as number;
    const task = (await call('POST', '/api/tasks', { orgId: town, title: '标准化建设', deadline: '2026-12-31' }))
      .id as number;
    const batch = (await call('POST', `/api/tasks/${task}/assignments`, { orgIds: [branch] })).batchId as number;
    const assignment = (await call('GET', `/api/assignments?taskId=${task}`)).items[0].id as number;
    const body = multipartBody({ text: '已完成摸底', entryDate: '2026-11-20' }, [
      { field: 'file', filename: '照片.png', data: PNG },
    ]);
    // The ledger is the receiving organisation's own to keep: an account of the branch records it.
    const receiver = await loginAs(
      app,
      (await insertUser(ctx.database, `rcv-${branch}`, 'secretary', { id: branch })).username,
    );
    const detail = await call('POST', `/api/assignments/${assignment}/ledger`, body.payload, {
      ...body.headers,
      cookie: receiver,
    });
    const evidence = detail.ledger[0].files[0].id as number;
    const ledgerEntry = detail.ledger[0].id as number;
    const problem = (await call('POST', '/api/problems', { orgId: branch, issuerOrgId: town, title: '组织生活不规范' }))
      .id as number;
    const n = await ctx.database.db
      .selectFrom('notification')
      .select('id')
      .where('assignment_id', '=', assignment)
      .executeTakeFirstOrThrow();
    const supervision = (
      await call('POST', '/api/supervisions', {
        orgId: town,
        kind: 'special',
        title: '组织生活专项督查',
        periodStart: '2026-11-01',
        periodEnd: '2026-11-30',
        orgIds: [branch],
      })
    ).id as number;
    const finding = (
      await call('POST', `/api/supervisions/${supervision}/findings`, { orgId: branch, text: '会议记录不全' })
    ).findings[0].id as number;
    const notice = (
      await call('POST', '/api/notices', { orgId: town, periodStart: '2026-11-01', periodEnd: '2026-11-30' })
    ).id as number;
    // Published, so that the branch's 党员 (whose scope is the branch alone) reads it too, as a ranked organisation.
    await call('POST', `/api/notices/${notice}/publish`);
    // Given by an account of the town, so that the town is the giving organisation and the branch follows up.
    const giver = await loginAs(
      app,
      (await insertUser(ctx.database, `giv-${town}`, 'secretary', { id: town })).username,
    );
    const payload = { problemId: problem, text: '抓紧整改', replyDue: '2026-12-10' };
    const instruction = (await call('POST', '/api/instructions', payload, { cookie: giver })).id as number;
    const meeting = (
      await call('POST', '/api/meetings', { orgId: branch, kind: 'lecture', heldOn: '2026-11-20', topic: '党课' })
    ).id as number;
    const sheet = multipartBody({}, [{ field: 'files', filename: '签到表.png', data: PNG }]);
    const meetingFile = (await call('POST', `/api/meetings/${meeting}/files`, sheet.payload, sheet.headers)).files[0]
      .id as number;
    // A talk of the branch: a committee member (a position from 2026) with a member.
    const ref = Object.values(fx.orgs).find((o) => o.id === branch)!;
    const talker = await insertPerson(ctx.database, ref, { name: '谈话委员' });
    const member = await insertPerson(ctx.database, ref, { name: '谈话党员' });
    await ctx.database.db
      .insertInto('org_position')
      .values({ org_id: branch, person_id: talker, title: 'member', started_on: '2026-01-01' })
      .execute();
    const talk = (
      await call('POST', '/api/talks', { orgId: branch, heldOn: '2026-11-20', committeeId: talker, memberId: member })
    ).id as number;
    // An assessment of the branch by the town, in 公示, with the branch's objection.
    const assess = await buildAssessTargets(
      async (cookie, method, url, payload, headers = {}) => {
        const res = await app.inject({ method, url, payload, headers: { ...headers, cookie } });
        assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
        return res.json();
      },
      giver,
      receiver,
      branch,
    );
    return {
      ...assess,
      deployment,
      task,
      assignment,
      batch,
      problem,
      evidence,
      ledgerEntry,
      notification: Number(n.id),
      supervision,
      finding,
      notice,
      instruction,
      meeting,
      meetingFile,
      talk,
    };
  }

  before(async () => {
    fx = await buildFixture(ctx.database);
    app = await buildApp({ database: ctx.database, now: () => new Date('2026-11-23T02:00:00Z') });
    for (const r of roles) cookies[r] = await loginAs(app, fx.users[r].username);
    const admin = await loginAs(app, fx.users.admin.username);
    work.a = await buildWork(admin, fx.orgs.a1.id, fx.orgs.a1a.id);
    work.b = await buildWork(admin, fx.orgs.b1.id, fx.orgs.b1a.id);
    work.aBranch = await buildWork(admin, fx.orgs.a1a.id, fx.orgs.a1g.id);
    for (const k of ['a', 'b'] as const) {
      const person = await app.inject({
        method: 'POST',
        url: '/api/members',
        headers: { cookie: admin },
        payload: {
          orgId: (k === 'a' ? fx.orgs.a1a : fx.orgs.b1a).id,
          name: `申请探针${k}`,
          status: 'applicant',
          birthDate: '1998-03-03',
        },
      });
      assert.equal(person.statusCode, 201, person.body);
      const applicant = person.json().id as number;
      const res = await app.inject({
        method: 'POST',
        url: '/api/development/cases',
        headers: { cookie: admin },
        payload: { personId: applicant, on: '2026-11-10' },
      });
      assert.equal(res.statusCode, 201, res.body);
      devCase[k] = res.json().id;
    }
    // A city task for both districts, so that each district has a notice of its own.
    const cityTask = await app.inject({
      method: 'POST',
      url: '/api/tasks',
      headers: { cookie: admin },
      payload: { orgId: fx.orgs.root.id, title: '全市任务' },
    });
    await app.inject({
      method: 'POST',
      url: `/api/tasks/${cityTask.json().id}/assignments`,
      headers: { cookie: admin },
      payload: { orgIds: [fx.orgs.a.id, fx.orgs.b.id] },
    });
    for (const k of ['a', 'b'] as const) {
      const n = await ctx.database.db
        .selectFrom('notification')
        .select('id')
        .where('org_id', '=', fx.orgs[k].id)
        .executeTakeFirstOrThrow();
      districtNotice[k] = Number(n.id);
    }
    for (const k of ['a', 'b'] as const) {
      const branch = k === 'a' ? fx.orgs.a1a : fx.orgs.b1a;
      await ctx.database.db.updateTable('org').set({ unit_level: 'village' }).where('id', '=', branch.id).execute();
      const made = await app.inject({
        method: 'POST',
        url: '/api/grids',
        headers: { cookie: admin },
        payload: {
          orgId: branch.id,
          name: '第一网格',
          workerPersonId: k === 'a' ? fx.people.a1aFull : fx.people.b1aFull,
        },
      });
      assert.equal(made.statusCode, 201, made.body);
      const form = multipartBody({ gridId: String(made.json().id), category: 'environment', text: '垃圾堆放' }, [
        { field: 'files', filename: '现场.png', data: PNG },
      ]);
      const matter = await app.inject({
        method: 'POST',
        url: '/api/grid-matters',
        headers: { cookie: admin, ...form.headers },
        payload: form.payload,
      });
      assert.equal(matter.statusCode, 201, matter.body);
      grids[k] = { grid: made.json().id, gridMatter: matter.json().id, gridFile: matter.json().events[0].files[0].id };
    }
    for (const k of ['a', 'b'] as const) {
      const branch = k === 'a' ? fx.orgs.a1a : fx.orgs.b1a;
      const entry = await app.inject({
        method: 'POST',
        url: '/api/economy/entries',
        headers: { cookie: admin },
        payload: { orgId: branch.id, year: 2026, amounts: { business: 30_000, subsidy: 5_000 } },
      });
      assert.equal(entry.statusCode, 201, entry.body);
      const incomeEntry = entry.json().entries[0].id as number;
      const sheet = multipartBody({}, [{ field: 'files', filename: '收支表.png', data: PNG }]);
      const withFile = await app.inject({
        method: 'POST',
        url: `/api/economy/entries/${incomeEntry}/files`,
        headers: { cookie: admin, ...sheet.headers },
        payload: sheet.payload,
      });
      assert.equal(withFile.statusCode, 200, withFile.body);
      economy[k] = { incomeEntry, incomeFile: withFile.json().entries[0].files[0].id };
    }
    /** A 软弱涣散 designation of the district's branch, by the district (its administrator). */
    const designateWeak = async (k: 'a' | 'b', orgId: number) => {
      const cookie = await loginAs(app, fx.users[k === 'a' ? 'aAdmin' : 'bAdmin'].username);
      const res = await app.inject({
        method: 'POST',
        url: '/api/weak-orgs',
        headers: { cookie },
        payload: { orgId, year: 2026, designatedOn: '2026-03-01', dueOn: '2026-12-31', reasons: ['noActivities'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as number;
    };
    /** A 述职评议 round of the district (its administrator) over the district's branch. */
    const openReview = async (k: 'a' | 'b', orgId: number) => {
      const cookie = await loginAs(app, fx.users[k === 'a' ? 'aAdmin' : 'bAdmin'].username);
      const res = await app.inject({
        method: 'POST',
        url: '/api/reviews',
        headers: { cookie },
        payload: { year: 2026, name: '2026年度书记述职评议', orgIds: [orgId] },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as number;
    };
    /** The branch's report file in that round, uploaded by the district's administrator. */
    const uploadReviewFile = async (k: 'a' | 'b', review: number, orgId: number) => {
      const cookie = await loginAs(app, fx.users[k === 'a' ? 'aAdmin' : 'bAdmin'].username);
      const body = multipartBody({}, [{ field: 'file', filename: '述职报告.pdf', data: PDF }]);
      const res = await app.inject({
        method: 'POST',
        url: `/api/reviews/${review}/orgs/${orgId}/report-file`,
        headers: { cookie, ...body.headers },
        payload: body.payload,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().entries.find((e: { orgId: number }) => e.orgId === orgId).reportFile.id as number;
    };
    for (const k of ['a', 'b'] as const) {
      const branch = k === 'a' ? fx.orgs.a1a : fx.orgs.b1a;
      const member = k === 'a' ? fx.people.a1aFull : fx.people.b1aFull;
      const send = async (url: string, payload: object) => {
        const res = await app.inject({ method: 'POST', url, headers: { cookie: admin }, payload });
        assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
        return res.json();
      };
      await send('/api/dues/bases', { personId: member, fromMonth: '2026-01', category: 'minimal' });
      const paid = await send('/api/dues/payments', { personId: member, months: ['2026-10'], paidOn: '2026-10-15' });
      const leaving = await insertPerson(ctx.database, branch, { name: `转接探针${k}` });
      const transfer = await send('/api/transfers', {
        personId: leaving,
        kind: 'out',
        outsideOrg: '外省某党支部',
        letterNo: `T-${k}`,
        reason: '工作调动',
      });
      people[k] = {
        payment: paid.months.find((m: { month: string }) => m.month === '2026-10').paymentId,
        transfer: transfer.id,
        floating: (await send('/api/floating', { personId: member, location: '深圳市', leftOn: '2026-09-01' })).id,
        appraisal: (await send('/api/appraisals', { orgId: branch.id, year: 2026, asOf: '2026-11-01' })).id,
        weakOrg: await designateWeak(k, branch.id),
        review: await openReview(k, branch.id),
        reviewFile: 0,
      };
      people[k].reviewFile = await uploadReviewFile(k, people[k].review, branch.id);
    }
    for (const k of ['a', 'b'] as const) {
      const branch = k === 'a' ? fx.orgs.a1a : fx.orgs.b1a;
      await ctx.database.db
        .updateTable('org')
        .set({ unit_level: 'village' })
        .where('id', '=', branch.id)
        .where('unit_level', 'is', null)
        .execute();
      const post = async (url: string, payload: object | Buffer, headers: Record<string, string> = {}) => {
        const res = await app.inject({ method: 'POST', url, headers: { cookie: admin, ...headers }, payload });
        assert.ok(res.statusCode < 300, `${url}: ${res.body}`);
        return res.json();
      };
      const opened = await post('/api/village-decisions', {
        orgId: branch.id,
        kind: 'homestead',
        matter: '宅基地方案',
      });
      const proposed = await post(`/api/village-decisions/${opened.id}/steps`, {
        step: 'proposal',
        heldOn: '2026-11-10',
      });
      const villageStep = proposed.steps[0].id as number;
      const photo = multipartBody({}, [{ field: 'files', filename: '会议照片.png', data: PNG }]);
      const withFile = await post(
        `/api/village-decisions/${opened.id}/steps/${villageStep}/files`,
        photo.payload,
        photo.headers,
      );
      // A 书记备案 of the village by its secretary, awaiting the decision of an organisation above.
      const filed = await post('/api/cadre/filings', {
        orgId: branch.id,
        personId: k === 'a' ? fx.people.a1aSecretary : fx.people.b1aSecretary,
        appointedOn: '2024-01-10',
        checks: [...ruleSetOn('2026-11-23').cadre.secretaryFilingChecks.value],
      });
      villages[k] = {
        villageCase: opened.id,
        villageStep,
        villageFile: withFile.steps[0].files[0].id,
        secretaryFiling: filed.filing.id,
      };
    }
  });
  after(() => app.close());

  /** Targets inside the role's own scope: town-level work for the district administrator, branch-level for the branch. */
  const own = (role: (typeof roles)[number] = 'aAdmin'): Targets => {
    const base = {
      org: fx.orgs.a1a.id,
      member: fx.people.a1aFull,
      position: fx.positions.a1aSecretary,
      user: fx.users.aMember.id,
      ...villages.a,
      development: devCase.a,
      ...grids.a,
      ...economy.a,
    };
    if (role === 'aAdmin')
      return { ...base, parentOrg: fx.orgs.a1.id, ...work.a, ...people.a, notification: districtNotice.a };
    if (role === 'aSecretary')
      return { ...base, parentOrg: fx.orgs.a1a.id, ...work.aBranch, ...people.a, notification: work.a.notification };
    return { ...base, parentOrg: fx.orgs.a1a.id, ...work.a, ...people.a, deployment: work.aBranch.deployment };
  };
  const sibling = (): Targets => ({
    org: fx.orgs.b1a.id,
    parentOrg: fx.orgs.b1.id,
    member: fx.people.b1aFull,
    position: fx.positions.b1aSecretary,
    user: fx.users.bAdmin.id,
    ...villages.b,
    development: devCase.b,
    ...grids.b,
    ...economy.b,
    ...work.b,
    ...people.b,
    notification: districtNotice.b,
  });

  test('every registered route is either probed or exempt with a reason', () => {
    const keys = app.routeTable.map((r) => `${r.method} ${r.url}`);
    const missing = keys.filter((k) => !(k in PROBES) && !(k in EXEMPT));
    assert.deepEqual(missing, [], `routes without a scope probe: ${missing.join(', ')}`);
    const stale = [...Object.keys(PROBES), ...Object.keys(EXEMPT)].filter((k) => !keys.includes(k));
    assert.deepEqual(stale, [], `probes for routes that do not exist: ${stale.join(', ')}`);
    for (const key of Object.keys(EXEMPT)) {
      const route = app.routeTable.find((r) => `${r.method} ${r.url}` === key)!;
      if (EXEMPT[key] === 'public') assert.equal(route.permission, 'public', key);
    }
  });

  test('no account scoped in A can read or change anything in the sibling subtree B', async () => {
    const failures: string[] = [];
    for (const [key, probeSet] of Object.entries(PROBES)) {
      for (const role of roles) {
        for (const probe of probeSet(sibling(), own())) {
          const before = await snapshot(ctx.database);
          const res = await app.inject({
            method: probe.method,
            url: probe.url,
            payload: probe.payload,
            headers: { ...probe.headers, cookie: cookies[role]! },
          });
          const after = await snapshot(ctx.database);
          if (res.statusCode !== 403 && res.statusCode !== 404) {
            failures.push(`${role} ${key} → ${probe.method} ${probe.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
          for (const t of TABLES) {
            if (before[t] !== after[t]) failures.push(`${role} ${key}: table ${t} changed`);
          }
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  test('the same probes aimed at the own subtree are not refused for scope (positive control)', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const [key, probeSet] of Object.entries(PROBES)) {
      const permission = app.routeTable.find((r) => `${r.method} ${r.url}` === key)!.permission;
      for (const role of roles) {
        const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookies[role]! } });
        const granted = permission === 'authenticated' || (me.json().permissions as string[]).includes(permission);
        if (!granted) continue;
        const probe = probeSet(own(role), own(role))[0]!;
        const res = await app.inject({
          method: probe.method,
          url: probe.url,
          payload: probe.payload,
          headers: { ...probe.headers, cookie: cookies[role]! },
        });
        checked++;
        // A refusal for the role (FORBIDDEN: e.g. a 党员 may read an assignment but not report on it) is not a
        // scope refusal; anything else in 4xx other than a business rule means the probe is wrong.
        const roleRefusal = res.statusCode === 403 && res.json().error.code === 'FORBIDDEN';
        if ([400, 401, 404].includes(res.statusCode) || (res.statusCode === 403 && !roleRefusal)) {
          failures.push(`${role} ${key} → ${probe.method} ${probe.url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(checked >= Object.keys(PROBES).length, `only ${checked} positive checks ran`);
  });

  test('lists without an explicit organisation hold nothing from the sibling subtree', async () => {
    for (const role of ['aAdmin', 'aSecretary'] as const) {
      const res = await app.inject({
        method: 'GET',
        url: '/api/members?pageSize=200',
        headers: { cookie: cookies[role]! },
      });
      assert.equal(res.statusCode, 200);
      const orgIds = new Set(res.json().items.map((m: { orgId: number }) => m.orgId));
      assert.ok(!orgIds.has(fx.orgs.b1a.id));
      assert.ok(res.json().total > 0);
    }
    const users = await app.inject({ method: 'GET', url: '/api/users', headers: { cookie: cookies.aAdmin! } });
    assert.ok(!users.json().some((u: { orgId: number }) => [fx.orgs.b.id, fx.orgs.root.id].includes(u.orgId)));
    const usersPaged = await app.inject({
      method: 'GET',
      url: '/api/users/paged?pageSize=200',
      headers: { cookie: cookies.aAdmin! },
    });
    const pagedIds = usersPaged.json().items.map((u: { orgId: number }) => u.orgId);
    assert.ok(pagedIds.length > 0 && !pagedIds.some((id: number) => [fx.orgs.b.id, fx.orgs.root.id].includes(id)));
    const search = await app.inject({
      method: 'GET',
      url: '/api/orgs/search?q=%E4%B9%99',
      headers: { cookie: cookies.aAdmin! },
    });
    assert.deepEqual(search.json(), []);
  });

  /** Every marked field of every route: [route key, part of the request, path, kind]. */
  const refFields = () =>
    app.routeTable.flatMap((r) =>
      (['body', 'querystring'] as const).flatMap((part) =>
        refFieldsOf(r.schema[part]).map((f) => ({ key: `${r.method} ${r.url}`, part, ...f })),
      ),
    );

  test('every route with id fields in its body or query has a sample carrying each of them', () => {
    const fields = refFields();
    assert.ok(fields.length >= 40, `only ${fields.length} marked id fields found`);
    const problems: string[] = [];
    for (const f of fields) {
      const sample = REF_SAMPLES[f.key];
      if (!sample) {
        problems.push(`${f.key}: no sample in REF_SAMPLES`);
        continue;
      }
      const why = withRef(sample(own()), f.part, f.path, 1);
      if (typeof why === 'string') problems.push(`${f.key}: ${why}`);
    }
    const keys = new Set(fields.map((f) => f.key));
    for (const key of Object.keys(REF_SAMPLES)) if (!keys.has(key)) problems.push(`${key}: sample for no marked field`);
    assert.deepEqual(problems, []);
  });

  test('a foreign id in any id field of any route is refused with 404 naming the field, and nothing is written', async () => {
    const failures: string[] = [];
    let refused = 0;
    for (const f of refFields()) {
      const permission = app.routeTable.find((r) => `${r.method} ${r.url}` === f.key)!.permission;
      for (const role of roles) {
        const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: cookies[role]! } });
        const granted = permission === 'authenticated' || (me.json().permissions as string[]).includes(permission);
        const req = withRef(REF_SAMPLES[f.key]!(own(role)), f.part, f.path, foreignOf(sibling(), f.kind));
        if (typeof req === 'string') continue; // reported by the test above
        const field = [f.part, ...f.path.map((p) => (p === '*' ? '0' : p))].join('.');
        const before = await snapshot(ctx.database);
        const res = await sendRef(app, req, cookies[role]!);
        const after = await snapshot(ctx.database);
        const body = res.statusCode >= 400 ? res.json() : null;
        const ok = granted
          ? res.statusCode === 404 && body?.error.details?.field === field
          : res.statusCode === 403 && body?.error.code === 'FORBIDDEN';
        if (ok) refused++;
        else failures.push(`${role} ${f.key} ${field}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        for (const t of TABLES)
          if (before[t] !== after[t]) failures.push(`${role} ${f.key} ${field}: table ${t} changed`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(refused >= 120, `only ${refused} refusals checked`);
  });

  test('a foreign id and a missing one get the same answer (no existence oracle)', async () => {
    const sample = REF_SAMPLES['POST /api/tasks']!(own('aSecretary'));
    const answer = async (id: number) => {
      const req = withRef(sample, 'body', ['responsiblePersonId'], id) as RefRequest;
      const res = await sendRef(app, req, cookies.aSecretary!);
      // The request id differs on every answer; all the rest must be the same.
      const { requestId: _id, ...error } = res.json().error;
      return { status: res.statusCode, body: JSON.stringify({ error }).replaceAll(String(id), '#') };
    };
    assert.deepEqual(await answer(fx.people.b1aFull), await answer(2_147_483_647));
    assert.equal((await answer(fx.people.b1aFull)).status, 404);
  });

  test('the ledger’s correctsId (a multipart field its handler parses) is checked the same way', async () => {
    const t = own('aSecretary');
    const post = (correctsId: number) => {
      const body = multipartBody({ text: '更正', entryDate: '2026-11-20', correctsId: String(correctsId) });
      return app.inject({
        method: 'POST',
        url: `/api/assignments/${t.assignment}/ledger`,
        payload: body.payload,
        headers: { ...body.headers, cookie: cookies.aSecretary! },
      });
    };
    const before = await snapshot(ctx.database);
    const res = await post(sibling().ledgerEntry);
    assert.deepEqual(await snapshot(ctx.database), before);
    assert.equal(res.statusCode, 404, res.body);
    assert.equal(res.json().error.details.field, 'body.correctsId');
  });

  /** A response as text: JSON as sent, an .xlsx as the text of its cells (dates as YYYY-MM-DD); other files: ''. */
  async function textOf(res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer }): Promise<string> {
    const type = String(res.headers['content-type'] ?? '');
    if (type.includes('json')) return res.body;
    if (!type.includes('spreadsheetml')) return '';
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((c) => cells.push(c.value instanceof Date ? c.value.toISOString().slice(0, 10) : c.text)),
      );
    }
    return cells.join('\n');
  }

  test('no answer to a role without member:sensitive lets anyone’s full ID number be formed (issue 7, item 1)', async () => {
    const people = await ctx.database.db.selectFrom('person').select(['id', 'id_number', 'birth_date']).execute();
    const viewers = { aSecretary: fx.people.a1aSecretary, aMember: fx.people.a1aFull } as const;
    const failures: string[] = [];
    let answers = 0;
    let maskedSeen = 0;
    for (const role of ['aSecretary', 'aMember'] as const) {
      const ownPerson = viewers[role];
      const requests: Probe[] = [
        ...Object.values(PROBES).flatMap((probeSet) => probeSet(own(role), own(role))),
        ...app.routeTable
          .filter((r) => r.method === 'GET' && r.url in EXEMPT && !r.url.includes(':'))
          .map((r): Probe => ({ method: 'GET', url: r.url })),
      ];
      for (const probe of requests) {
        const res = await app.inject({
          method: probe.method,
          url: probe.url,
          payload: probe.payload,
          headers: { ...probe.headers, cookie: cookies[role]! },
        });
        if (res.statusCode >= 300) continue;
        const text = await textOf(res);
        answers++;
        maskedSeen += (text.match(/\d{6}\*{8}\d{3}\*/g) ?? []).length;
        for (const p of people) {
          if (p.id === ownPerson) continue;
          const where = `${role} ${probe.method} ${probe.url} (person ${p.id})`;
          if (p.id_number && text.includes(p.id_number)) failures.push(`${where}: full ID number`);
          if (p.birth_date && (text.includes(p.birth_date) || text.includes(p.birth_date.replaceAll('-', '')))) {
            failures.push(`${where}: birth date ${p.birth_date}`);
          }
        }
        if (/\d{6}\*{8}\d{3}[\dX]/.test(text))
          failures.push(`${role} ${probe.url}: a masked ID shows its check character`);
      }
    }
    assert.deepEqual(failures, []);
    assert.ok(answers >= 30, `only ${answers} answers read`);
    assert.ok(maskedSeen >= 4, `only ${maskedSeen} masked ID numbers seen: the probes do not reach the roll`);
  });

  test('ids inside the own subtree pass the check (the samples are not refused for an id)', async () => {
    const failures: string[] = [];
    for (const [key, sample] of Object.entries(REF_SAMPLES)) {
      for (const role of roles) {
        const res = await sendRef(app, sample(own(role)), cookies[role]!);
        if (res.statusCode === 404 || res.statusCode === 400) {
          failures.push(`${role} ${key}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });
});
