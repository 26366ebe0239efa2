import type { z } from 'zod';
import type {
  FloatingDto,
  floatingBody,
  floatingContactBody,
  floatingListQuery,
  floatingReturnBody,
} from '../../../contracts/dues.ts';
import { hasPermission } from '../../../domain/auth/roles.ts';
import { compareIso } from '../../../domain/dates.ts';
import { floatingFlags } from '../../../domain/people/floating.ts';
import { ruleSetOn } from '../../../domain/rules/ruleset.ts';
import { pathInScope } from '../../auth/scope.ts';
import { AppError } from '../../errors.ts';
import { audit, type Ctx } from '../context.ts';
import { getOrg } from '../org/org.service.ts';
import { findActiveOrgByCode, lockPerson } from './dues.queries.ts';
import {
  closeFloating,
  type FloatingRow,
  findFloatingInScope,
  insertFloating,
  insertFloatingContact,
  listFloatingContacts,
  listFloatingOfSubtree,
  setPersonFloating,
} from './floating.queries.ts';
import { findMemberInScope } from './people.queries.ts';

/**
 * Floating members (流动党员), area people: a member away keeps their branch; the branch records where they are, who
 * manages them there and each contact. Lost contact and long absence are flagged by the rule set's months for the
 * organisation to decide on (停止党籍, a transfer); the platform changes nothing by itself.
 */

async function dtos(ctx: Ctx, rows: FloatingRow[]): Promise<FloatingDto[]> {
  const contacts = await listFloatingContacts(
    ctx.db,
    rows.map((r) => r.id),
  );
  const rules = ruleSetOn(ctx.today).transfer;
  const write = hasPermission(ctx.actor.role, 'member:write');
  return rows.map((r) => {
    const flags = floatingFlags({ leftOn: String(r.left_on), lastContactOn: r.last_contact_on }, ctx.today, rules);
    const open = r.returned_on === null;
    return {
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      homeOrgId: r.home_org_id,
      homeOrgName: r.home_name,
      managingOrgId: r.managing_org_id,
      managingOrgName: r.managing_name,
      managingOutside: r.managing_outside,
      location: r.location,
      leftOn: String(r.left_on),
      returnedOn: r.returned_on === null ? null : String(r.returned_on),
      note: r.note,
      lastContactOn: r.last_contact_on,
      lostContact: open && flags.lostContact,
      lostContactOn: flags.lostContactOn,
      awayLong: open && flags.awayLong,
      // The home branch's side and the managing organisation's side both keep in touch.
      canWrite:
        open &&
        write &&
        (pathInScope(r.home_path, ctx.actor) || (r.managing_path !== null && pathInScope(r.managing_path, ctx.actor))),
      contacts: contacts
        .filter((c) => c.record_id === r.id)
        .map((c) => ({
          contactedOn: String(c.contacted_on),
          channel: c.channel,
          note: c.note,
          actorName: c.actor_name,
        })),
    };
  });
}

async function getRow(ctx: Ctx, id: number): Promise<FloatingRow> {
  const r = await findFloatingInScope(ctx.db, ctx.actor, id);
  if (!r) throw AppError.of('NOT_FOUND', 'err.floating.notFound', { id });
  return r;
}

export async function listFloating(ctx: Ctx, q: z.infer<typeof floatingListQuery>): Promise<FloatingDto[]> {
  const org = await getOrg(ctx, q.orgId ?? ctx.actor.orgId);
  return dtos(ctx, await listFloatingOfSubtree(ctx.db, org.path, q.show === 'open', 500));
}

/** Records that a member is away: where, since when, and who manages them there. */
export async function startFloating(ctx: Ctx, body: z.infer<typeof floatingBody>): Promise<FloatingDto> {
  const p = await findMemberInScope(ctx.db, ctx.actor, body.personId);
  if (!p) throw AppError.of('NOT_FOUND', 'err.person.notFound', { id: body.personId });
  if (p.status !== 'probationary' && p.status !== 'full') {
    throw AppError.of('RULE_VIOLATION', 'err.floating.notMember', { name: p.name });
  }
  if (compareIso(body.leftOn, ctx.today) > 0)
    throw AppError.of('RULE_VIOLATION', 'err.floating.future', { date: body.leftOn });
  const managing = body.managingOrgCode ? await findActiveOrgByCode(ctx.db, body.managingOrgCode) : null;
  if (body.managingOrgCode && !managing) {
    throw AppError.of('ORG_NOT_FOUND', 'err.transfer.toNotFound', { code: body.managingOrgCode });
  }
  const id = await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, p.id);
    let rid: number;
    try {
      rid = await insertFloating(trx, {
        person_id: p.id,
        home_org_id: p.org_id,
        managing_org_id: managing?.id ?? null,
        managing_outside: managing ? null : (body.managingOutside ?? null),
        location: body.location,
        left_on: body.leftOn,
        note: body.note ?? '',
        actor_id: ctx.actor.userId || null,
        actor_name: ctx.actor.displayName,
        at: ctx.now,
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw AppError.of('CONFLICT', 'err.floating.open', { name: p.name });
      throw e;
    }
    await setPersonFloating(trx, p.id, true, ctx.now);
    await audit(trx, ctx, 'floating.start', { entity: 'person', entityId: p.id, orgId: p.org_id }, null, {
      id: rid,
      ...body,
    });
    return rid;
  });
  return (await dtos(ctx, [await getRow(ctx, id)]))[0]!;
}

/** A contact with a member away (either side may record it). */
export async function addFloatingContact(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof floatingContactBody>,
): Promise<FloatingDto> {
  const r = await getRow(ctx, id);
  const [dto] = await dtos(ctx, [r]);
  if (!dto!.canWrite) throw AppError.of('FORBIDDEN', 'err.floating.closed');
  if (compareIso(body.contactedOn, ctx.today) > 0 || compareIso(body.contactedOn, String(r.left_on)) < 0) {
    throw AppError.of('RULE_VIOLATION', 'err.floating.contactDate', {
      date: body.contactedOn,
      left: String(r.left_on),
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertFloatingContact(trx, {
      record_id: id,
      contacted_on: body.contactedOn,
      channel: body.channel,
      note: body.note ?? '',
      actor_id: ctx.actor.userId || null,
      actor_name: ctx.actor.displayName,
      at: ctx.now,
    });
    await audit(trx, ctx, 'floating.contact', { entity: 'person', entityId: r.person_id, orgId: r.home_org_id }, null, {
      recordId: id,
      ...body,
    });
  });
  return (await dtos(ctx, [await getRow(ctx, id)]))[0]!;
}

/** The member is back (or the record ends): recorded by the home branch's side. */
export async function endFloating(
  ctx: Ctx,
  id: number,
  body: z.infer<typeof floatingReturnBody>,
): Promise<FloatingDto> {
  const r = await getRow(ctx, id);
  if (
    r.returned_on !== null ||
    !hasPermission(ctx.actor.role, 'member:write') ||
    !pathInScope(r.home_path, ctx.actor)
  ) {
    throw AppError.of('FORBIDDEN', 'err.floating.closed');
  }
  if (compareIso(body.returnedOn, String(r.left_on)) < 0 || compareIso(body.returnedOn, ctx.today) > 0) {
    throw AppError.of('RULE_VIOLATION', 'err.floating.returnDate', { date: body.returnedOn, left: String(r.left_on) });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await lockPerson(trx, r.person_id);
    await closeFloating(trx, id, body.returnedOn, body.note ?? r.note);
    await setPersonFloating(trx, r.person_id, false, ctx.now);
    await audit(trx, ctx, 'floating.end', { entity: 'person', entityId: r.person_id, orgId: r.home_org_id }, null, {
      recordId: id,
      ...body,
    });
  });
  return (await dtos(ctx, [await getRow(ctx, id)]))[0]!;
}
