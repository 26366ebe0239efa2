import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { type RefKind, refKindOf } from '../../contracts/common.ts';
import { type MessageText, msg, zhOf } from '../../domain/messages.ts';
import { findRefsInScope } from '../auth/ref-scope.queries.ts';
import type { Scope } from '../auth/scope.ts';
import type { Database } from '../db/client.ts';
import { AppError, type ErrorCode, fieldWhere } from '../errors.ts';
import type { Services } from '../services.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route reads through the read pool (database.read: the dashboards, the hub): its ids are checked there too,
     * so that a request that only reads never waits for the main pool's connections.
     */
    readPool?: true;
  }
}

/**
 * Every id a request carries in its body or query string is checked against the caller's scope here, in one place,
 * before any handler runs. The contracts mark each id field with the kind of row it names (orgRef, personRef, …
 * in src/contracts/common.ts); this module walks the validated body and query along the route's schemas, collects
 * the marked ids per kind and asks the database once per kind which of them lie inside the scope
 * (ref-scope.queries.ts). One id outside the scope, or missing, refuses the whole request with the same 404 a
 * service gives for a row it cannot load: the answer never tells "elsewhere" from "nowhere".
 * Path ids (`:id`) are the services' own loads; a handler that parses its own body (multipart) calls checkRefs.
 */

/** One marked id in a request: where it was (`body.problemIds.0`), what it names and its value. */
export type RefUse = { field: string; kind: RefKind; id: number };

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: Record<string, z.core.$ZodType>;
  element?: z.core.$ZodType;
  options?: readonly z.core.$ZodType[];
  left?: z.core.$ZodType;
  right?: z.core.$ZodType;
  items?: readonly z.core.$ZodType[];
  valueType?: z.core.$ZodType;
  getter?: () => z.core.$ZodType;
};

const defOf = (schema: z.core.$ZodType): Def => schema._zod.def as unknown as Def;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schemas a schema is made of, with how to reach the part of a value each of them validated. */
function partsOf(schema: z.core.$ZodType, value: unknown): [z.core.$ZodType, unknown, string | null][] {
  const def = defOf(schema);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return def.innerType ? [[def.innerType, value, null]] : [];
    case 'pipe':
      // The value handed on is what the pipe's output schema produced.
      return def.out ? [[def.out, value, null]] : [];
    case 'lazy':
      return def.getter ? [[def.getter(), value, null]] : [];
    case 'object':
      return isRecord(value) ? Object.entries(def.shape ?? {}).map(([k, s]) => [s, value[k], k]) : [];
    case 'array':
      return Array.isArray(value) && def.element ? value.map((v, i) => [def.element!, v, String(i)]) : [];
    case 'tuple':
      return Array.isArray(value) ? (def.items ?? []).map((s, i) => [s, value[i], String(i)]) : [];
    case 'record':
      return isRecord(value) && def.valueType ? Object.entries(value).map(([k, v]) => [def.valueType!, v, k]) : [];
    case 'union':
      return (def.options ?? []).map((s) => [s, value, null]);
    case 'intersection':
      return [def.left, def.right].filter((s) => s !== undefined).map((s) => [s, value, null]);
    default:
      return [];
  }
}

const refFree = new WeakMap<z.core.$ZodType, boolean>();

/**
 * Whether a schema marks no id anywhere inside it (remembered: schemas are built once, at startup). Lazy and
 * recursive schemas count as marking some: they are then walked along the value, which is always right.
 */
function hasNoRefs(schema: z.core.$ZodType, seen = new Set<z.core.$ZodType>()): boolean {
  const known = refFree.get(schema);
  if (known !== undefined) return known;
  if (seen.has(schema)) return false;
  seen.add(schema);
  const def = defOf(schema);
  const children: z.core.$ZodType[] =
    def.type === 'lazy'
      ? []
      : [
          def.innerType,
          def.out,
          def.element,
          def.left,
          def.right,
          def.valueType,
          ...Object.values(def.shape ?? {}),
          ...(def.options ?? []),
          ...(def.items ?? []),
        ].filter((s): s is z.core.$ZodType => s !== undefined);
  const free = refKindOf(schema) === null && def.type !== 'lazy' && children.every((c) => hasNoRefs(c, seen));
  refFree.set(schema, free);
  return free;
}

/** Every marked id in a validated value, each with its field path under `prefix` (e.g. 'body'). */
export function collectRefs(schema: unknown, value: unknown, prefix: string): RefUse[] {
  const out: RefUse[] = [];
  const walk = (s: z.core.$ZodType, v: unknown, path: string) => {
    if (v === undefined || v === null || hasNoRefs(s)) return;
    const kind = refKindOf(s);
    if (kind) {
      if (typeof v === 'number') out.push({ field: path, kind, id: v });
      return;
    }
    for (const [part, pv, key] of partsOf(s, v)) walk(part, pv, key === null ? path : `${path}.${key}`);
  };
  if (isZodSchema(schema)) walk(schema, value, prefix);
  return out;
}

/** A marked field of a schema: its path ('*' for any element of a list) and what it names. */
export type RefField = { path: string[]; kind: RefKind };

/** Every marked field a schema declares (the scope-matrix test aims a foreign id at each one). */
export function refFieldsOf(schema: unknown): RefField[] {
  const out: RefField[] = [];
  const walk = (s: z.core.$ZodType, path: string[]) => {
    if (hasNoRefs(s)) return;
    const kind = refKindOf(s);
    if (kind) {
      if (!out.some((f) => f.kind === kind && f.path.join('.') === path.join('.'))) out.push({ path, kind });
      return;
    }
    const def = defOf(s);
    if (def.type === 'object') {
      for (const [k, part] of Object.entries(def.shape ?? {})) walk(part, [...path, k]);
    } else if (def.type === 'array' && def.element) {
      walk(def.element, [...path, '*']);
    } else {
      // Wrappers and alternatives: the same value, so the same path.
      for (const inner of [def.innerType, def.out, def.left, def.right, ...(def.options ?? [])]) {
        if (inner) walk(inner, path);
      }
    }
  };
  if (isZodSchema(schema)) walk(schema, []);
  return out;
}

function isZodSchema(s: unknown): s is z.core.$ZodType {
  return typeof s === 'object' && s !== null && '_zod' in s;
}

const KIND: Record<RefKind, { label: MessageText; code: ErrorCode }> = {
  org: { label: { zh: '组织', en: 'Organisation' }, code: 'ORG_NOT_FOUND' },
  orgAbove: { label: { zh: '组织', en: 'Organisation' }, code: 'ORG_NOT_FOUND' },
  person: { label: { zh: '人员', en: 'Person' }, code: 'MEMBER_NOT_FOUND' },
  task: { label: { zh: '任务', en: 'Task' }, code: 'NOT_FOUND' },
  problem: { label: { zh: '问题', en: 'Problem' }, code: 'NOT_FOUND' },
  deployment: { label: { zh: '部署', en: 'Deployment' }, code: 'NOT_FOUND' },
  ledgerEntry: { label: { zh: '台账记录', en: 'Ledger entry' }, code: 'NOT_FOUND' },
  finding: { label: { zh: '督查发现', en: 'Finding' }, code: 'NOT_FOUND' },
  grid: { label: { zh: '网格', en: 'Grid' }, code: 'NOT_FOUND' },
};

/** Refuses (404, naming the field) unless every id lies inside the caller's scope; one query per kind. */
export async function assertRefsInScope(
  database: Database,
  scope: Scope,
  uses: readonly RefUse[],
  /** Where to look: the main pool, or the read pool for a route that reads there (config.readPool). */
  db = database.db,
): Promise<void> {
  const byKind = new Map<RefKind, RefUse[]>();
  for (const u of uses) {
    const list = byKind.get(u.kind);
    if (list) list.push(u);
    else byKind.set(u.kind, [u]);
  }
  for (const [kind, list] of byKind) {
    const found = await findRefsInScope(db, scope, kind, [...new Set(list.map((u) => u.id))]);
    const out = list.find((u) => !found.has(u.id));
    if (out) {
      // Named like a validation issue: 'body.problemIds.0' → 请求内容 problemIds.0：问题不存在…
      const { label, code } = KIND[kind];
      const problem = msg('err.ref.outOfScope', { what: label, id: out.id });
      const whole = msg('val.issue', { field: fieldWhere(out.field), problem });
      throw new AppError(code, whole, {
        field: out.field,
        issues: [{ field: out.field, message: zhOf(whole), key: whole.key, params: whole.params }],
      });
    }
  }
}

/** For a handler that validates its own input (a multipart form): the same check on what it parsed. */
export async function checkRefs(
  database: Database,
  scope: Scope,
  schema: unknown,
  value: unknown,
  prefix = 'body',
): Promise<void> {
  await assertRefsInScope(database, scope, collectRefs(schema, value, prefix));
}

/**
 * The hook: after validation (preHandler), before the handler. Runs on routes with a signed-in caller; public
 * routes name no rows.
 */
export function registerRefScope(app: FastifyInstance, services: Services): void {
  app.addHook('preHandler', async (request) => {
    const actor = request.actor;
    const schema = request.routeOptions.schema;
    if (!actor || !schema) return;
    const uses = [
      ...collectRefs(schema.body, request.body, 'body'),
      ...collectRefs(schema.querystring, request.query, 'querystring'),
    ];
    if (uses.length === 0) return;
    const read = request.routeOptions.config.readPool === true;
    await assertRefsInScope(services.database, actor, uses, read ? services.database.read : services.database.db);
  });
}
