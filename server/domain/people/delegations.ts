/**
 * Delegation within a party (issue 14, ADR 0030). A lead lends their signing power to a named
 * person of their own party for a range of days of the party's calendar. It follows the
 * two-person rule of party governance (ADR 0010, ./roles.ts): it takes effect only once a second
 * person of the party (an admin or partnership lead there, neither the lead nor the delegate)
 * approves under a fresh authentication. The delegator or the party's admins revoke it. Whether
 * one is in force is asked at the moment of use (shared/delegation.ts): nothing has to end it.
 * Every step is a joint ledger event: the other party sees who may sign for whom, until when.
 */

import { randomUUID } from 'node:crypto'
import { type Db, type Executor, type Trx, writeTransaction } from '../../../db/connect'
import type { DelegationTable, Proposal } from '../../../db/schema'
import { nextDay } from '../../../shared/business-days'
import {
  DELEGATE_ROLES,
  DELEGATOR_ROLES,
  type DelegationState,
  daysInRange,
  delegationState,
  MAX_DELEGATION_DAYS,
  MAX_DELEGATION_LEAD_DAYS,
} from '../../../shared/delegation'
import { DomainError } from '../../../shared/errors'
import type { RelationFacts } from '../../../shared/lifecycle'
import { CONFIRMER_ROLES, hasAnyRole, type Role } from '../../../shared/roles'
import { appendEvent } from '../../audit/ledger'
import { requireFreshAuthentication } from '../../auth/fresh'
import { loadPartyCalendar } from '../../notify/calendar'
import { notify } from '../../notify/outbox'
import { localDate, zonedHour } from '../../notify/time'
import { actorOf, rolesIn, type SessionUser } from '../users'
import { loadTarget } from './scope'

type Row = DelegationTable

async function rolesOf(db: Executor, partnershipId: string, userId: string): Promise<Role[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('partnership_id', '=', partnershipId)
    .execute()
  return rows.map((r) => r.role as Role)
}

/** The caller's party, in a partnership they hold a role in; the other party and the operator never. */
function ownParty(user: SessionUser, partnershipId: string): string {
  if (rolesIn(user, partnershipId).length === 0) {
    throw new DomainError('NOT_FOUND', 'No such partnership.', { field: 'partnershipId' })
  }
  if (!user.partyId) {
    throw new DomainError(
      'FORBIDDEN',
      'You belong to no party: only the party whose lead it is manages a delegation.',
      { rule: { name: 'delegationOwnPartyOnly' } },
    )
  }
  return user.partyId
}

function delegationEventBase(d: Row) {
  return {
    partnershipId: d.partnership_id,
    entityType: 'user' as const,
    entityId: d.delegator_id,
  }
}

/** What each event about a delegation records: the whole of it, time bound included. */
async function facts(db: Executor, d: Row) {
  const names = await db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select(['users.id', 'users.name', 'parties.code'])
    .where('users.id', 'in', [d.delegator_id, d.delegate_id])
    .execute()
  const name = (id: string) => names.find((n) => n.id === id)?.name ?? ''
  return {
    delegationId: d.id,
    party: names.find((n) => n.id === d.delegator_id)?.code ?? '',
    delegator: { id: d.delegator_id, name: name(d.delegator_id) },
    delegate: { id: d.delegate_id, name: name(d.delegate_id) },
    startsOn: d.starts_on,
    endsOn: d.ends_on,
    timeZone: d.time_zone,
    startsAt: d.starts_at,
    endsAt: d.ends_at,
    reason: d.reason,
  }
}

/**
 * Tells the people a delegation concerns, all of its own party (the other party sees the
 * delegation on the record, but is not told of it): who must approve it, then the delegate and the
 * delegating lead. Never the person who acted.
 */
async function tellOfDelegation(
  trx: Trx,
  d: Row,
  kind: 'delegation.requested' | 'delegation.approved' | 'delegation.ended',
  actorId: string,
  reasonCode?: 'revoked' | 'cancelled',
): Promise<void> {
  let recipients: string[]
  if (kind === 'delegation.requested') {
    // The second person: an admin or partnership lead of the party, neither of the two.
    const confirmers = await trx
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select('u.id')
      .where('m.partnership_id', '=', d.partnership_id)
      .where('m.role', 'in', [...CONFIRMER_ROLES])
      .where('u.party_id', '=', d.party_id)
      .execute()
    recipients = confirmers
      .map((c) => c.id)
      .filter((id) => id !== d.delegator_id && id !== d.delegate_id)
  } else {
    recipients = [d.delegator_id, d.delegate_id, d.requested_by]
  }
  const f = await facts(trx, d)
  await notify(trx, {
    recipients,
    kind,
    partnershipId: d.partnership_id,
    actorId,
    payload: {
      delegatorName: f.delegator.name,
      delegateName: f.delegate.name,
      partyCode: f.party,
      startsOn: d.starts_on,
      endsOn: d.ends_on,
      ...(reasonCode ? { reasonCode } : {}),
    },
  })
}

/**
 * A lead asks to let `delegateId` (a person of their party taking part in the partnership) sign
 * for them from `startsOn` to `endsOn`, both days included, in the party's time zone. Waits for
 * a second person.
 */
export function createDelegation(
  db: Db,
  user: SessionUser,
  input: {
    partnershipId: string
    delegateId: string
    startsOn: string
    endsOn: string
    reason: string
  },
  now: Date = new Date(),
) {
  return writeTransaction(db, async (trx) => {
    const partyId = ownParty(user, input.partnershipId)
    if (!hasAnyRole(rolesIn(user, input.partnershipId), DELEGATOR_ROLES)) {
      throw new DomainError(
        'FORBIDDEN',
        'Only a lead who signs off for their party (a partnership or workstream lead) can delegate signing.',
        { rule: { name: 'delegatorNotLead' } },
      )
    }
    if (input.delegateId === user.id) {
      throw new DomainError('VALIDATION', 'Choose someone else to sign for you.', {
        field: 'delegateId',
        rule: { name: 'delegateSelf' },
      })
    }
    const delegate = await loadTarget(trx, input.delegateId)
    if (delegate.partyId !== partyId) {
      throw new DomainError(
        'FORBIDDEN',
        'A delegate must be a person of your own party: nobody signs for another party.',
        { field: 'delegateId', rule: { name: 'delegateOtherParty' } },
      )
    }
    if (
      delegate.status !== 'active' ||
      !hasAnyRole(await rolesOf(trx, input.partnershipId, delegate.id), DELEGATE_ROLES)
    ) {
      throw new DomainError(
        'VALIDATION',
        `${delegate.name} does not take part in this partnership (an active member or lead), so cannot sign in it.`,
        { field: 'delegateId', rule: { name: 'delegateNotParticipant' } },
      )
    }
    const calendar = await loadPartyCalendar(trx, partyId)
    const today = localDate(now, calendar.timeZone)
    if (input.endsOn < input.startsOn) {
      throw new DomainError('VALIDATION', 'The last day comes before the first day.', {
        field: 'endsOn',
        rule: { name: 'delegationEndsBeforeStart' },
      })
    }
    if (input.endsOn < today) {
      throw new DomainError('VALIDATION', `The last day has passed (today is ${today}).`, {
        field: 'endsOn',
        rule: { name: 'delegationEnded', params: { today } },
      })
    }
    if (daysInRange(today, input.startsOn) > MAX_DELEGATION_LEAD_DAYS) {
      throw new DomainError(
        'VALIDATION',
        `A delegation starts at most ${MAX_DELEGATION_LEAD_DAYS} days from today; ask nearer the time.`,
        {
          field: 'startsOn',
          rule: { name: 'delegationTooFarAhead', params: { max: MAX_DELEGATION_LEAD_DAYS } },
        },
      )
    }
    if (daysInRange(input.startsOn, input.endsOn) > MAX_DELEGATION_DAYS) {
      throw new DomainError(
        'VALIDATION',
        `A delegation covers at most ${MAX_DELEGATION_DAYS} days; ask again when it ends.`,
        {
          field: 'endsOn',
          rule: { name: 'delegationTooLong', params: { max: MAX_DELEGATION_DAYS } },
        },
      )
    }
    const row: Row = {
      id: randomUUID(),
      partnership_id: input.partnershipId,
      party_id: partyId,
      delegator_id: user.id,
      delegate_id: delegate.id,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      time_zone: calendar.timeZone,
      starts_at: zonedHour(input.startsOn, 0, calendar.timeZone).toISOString(),
      ends_at: zonedHour(nextDay(input.endsOn), 0, calendar.timeZone).toISOString(),
      reason: input.reason.trim(),
      status: 'pending',
      requested_by: user.id,
      requested_at: now.toISOString(),
      approved_by: null,
      approved_at: null,
      ended_by: null,
      ended_at: null,
    }
    await trx.insertInto('delegations').values(row).execute()
    await appendEvent(trx, actorOf(user), {
      ...delegationEventBase(row),
      action: 'delegation.requested',
      after: await facts(trx, row),
    })
    await tellOfDelegation(trx, row, 'delegation.requested', user.id)
    return {
      delegationId: row.id,
      status: row.status,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
    }
  })
}

async function loadDelegation(trx: Trx, user: SessionUser, delegationId: string): Promise<Row> {
  const d = await trx
    .selectFrom('delegations')
    .selectAll()
    .where('id', '=', delegationId)
    .executeTakeFirst()
  // One not in a partnership of the caller's does not exist for them.
  if (!d || rolesIn(user, d.partnership_id).length === 0) {
    throw new DomainError('NOT_FOUND', 'No such delegation.', { field: 'delegationId' })
  }
  if (user.partyId !== d.party_id) {
    throw new DomainError(
      'FORBIDDEN',
      "Only the delegating lead's own party approves or revokes a delegation: its admins and partnership leads.",
      { field: 'delegationId', rule: { name: 'delegationOwnPartyOnly' } },
    )
  }
  return d
}

/**
 * A second person of the party approves: an admin or partnership lead there, neither the
 * delegating lead nor the delegate, under a fresh authentication (as a grant is confirmed).
 */
export function approveDelegation(
  db: Db,
  user: SessionUser,
  sessionId: string,
  delegationId: string,
  now: Date = new Date(),
) {
  return writeTransaction(db, async (trx) => {
    const d = await loadDelegation(trx, user, delegationId)
    if (!hasAnyRole(rolesIn(user, d.partnership_id), CONFIRMER_ROLES)) {
      throw new DomainError(
        'FORBIDDEN',
        'Approving a delegation needs the admin or partnership-lead role in this partnership.',
        { field: 'delegationId', rule: { name: 'delegationApproverRole' } },
      )
    }
    if (user.id === d.requested_by || user.id === d.delegator_id || user.id === d.delegate_id) {
      throw new DomainError(
        'FORBIDDEN',
        'A second person of your party must approve: neither the lead who delegates nor the delegate.',
        { field: 'delegationId', rule: { name: 'delegationSecondPerson' } },
      )
    }
    const state = delegationState(
      { status: d.status, startsAt: d.starts_at, endsAt: d.ends_at },
      now.toISOString(),
    )
    if (d.status !== 'pending' || state === 'expired') {
      throw new DomainError(
        'CONFLICT',
        `This delegation is ${d.status === 'pending' ? 'past its last day' : d.status}, not waiting any more.`,
        { field: 'delegationId', rule: { name: 'delegationNotPending' } },
      )
    }
    const authentication = await requireFreshAuthentication(trx, sessionId)
    const at = now.toISOString()
    await trx
      .updateTable('delegations')
      .set({ status: 'approved', approved_by: user.id, approved_at: at })
      .where('id', '=', d.id)
      .execute()
    const next: Row = { ...d, status: 'approved', approved_by: user.id, approved_at: at }
    await appendEvent(trx, actorOf(user), {
      ...delegationEventBase(next),
      action: 'delegation.approved',
      after: {
        ...(await facts(trx, next)),
        requestedBy: d.requested_by,
        authentication: {
          method: authentication.method,
          at: authentication.at,
          issuer: authentication.issuer,
        },
      },
    })
    await tellOfDelegation(trx, next, 'delegation.approved', user.id)
    return {
      delegationId: d.id,
      state: delegationState({ status: 'approved', startsAt: d.starts_at, endsAt: d.ends_at }, at),
    }
  })
}

/**
 * The delegating lead or an admin of the party ends a delegation: a pending one is cancelled, one
 * approved is revoked at once (signing as a delegate is refused from this moment).
 */
export function revokeDelegation(
  db: Db,
  user: SessionUser,
  delegationId: string,
  now: Date = new Date(),
) {
  return writeTransaction(db, async (trx) => {
    const d = await loadDelegation(trx, user, delegationId)
    const isAdmin = rolesIn(user, d.partnership_id).includes('admin')
    if (user.id !== d.delegator_id && user.id !== d.requested_by && !isAdmin) {
      throw new DomainError(
        'FORBIDDEN',
        'Only the lead who delegated, or an admin of the party, revokes a delegation.',
        { field: 'delegationId', rule: { name: 'delegationRevoker' } },
      )
    }
    const state = delegationState(
      { status: d.status, startsAt: d.starts_at, endsAt: d.ends_at },
      now.toISOString(),
    )
    if (state !== 'pending' && state !== 'scheduled' && state !== 'active') {
      throw new DomainError('CONFLICT', `This delegation is ${state} already.`, {
        field: 'delegationId',
        rule: { name: 'delegationOver', params: { state } },
      })
    }
    const status = d.status === 'pending' ? 'cancelled' : 'revoked'
    const at = now.toISOString()
    await trx
      .updateTable('delegations')
      .set({ status, ended_by: user.id, ended_at: at })
      .where('id', '=', d.id)
      .execute()
    await appendEvent(trx, actorOf(user), {
      ...delegationEventBase(d),
      action: status === 'cancelled' ? 'delegation.cancelled' : 'delegation.revoked',
      after: { ...(await facts(trx, d)), endedAt: at },
    })
    await tellOfDelegation(trx, d, 'delegation.ended', user.id, status)
    return { delegationId: d.id, state: status as DelegationState }
  })
}

/**
 * Every delegation of the partnership, of every party: part of the joint record, so a participant
 * of either party (and an auditor) sees who may sign for whom and until when. Newest first; what
 * the caller may do with each is said by `canApprove` and `canRevoke`.
 */
export async function listDelegations(
  db: Executor,
  user: SessionUser,
  partnershipId: string,
  now: Date = new Date(),
) {
  const rows = await db
    .selectFrom('delegations as d')
    .innerJoin('users as delegator', 'delegator.id', 'd.delegator_id')
    .innerJoin('users as delegate', 'delegate.id', 'd.delegate_id')
    .innerJoin('parties', 'parties.id', 'd.party_id')
    .leftJoin('users as approver', 'approver.id', 'd.approved_by')
    .leftJoin('users as ender', 'ender.id', 'd.ended_by')
    .selectAll('d')
    .select([
      'delegator.name as delegatorName',
      'delegate.name as delegateName',
      'approver.name as approverName',
      'ender.name as enderName',
      'parties.code as partyCode',
    ])
    .where('d.partnership_id', '=', partnershipId)
    .orderBy('d.requested_at', 'desc')
    .orderBy('d.id')
    .execute()
  const roles = rolesIn(user, partnershipId)
  const at = now.toISOString()
  return rows.map((d) => {
    const state = delegationState(
      { status: d.status, startsAt: d.starts_at, endsAt: d.ends_at },
      at,
    )
    const ownParty = user.partyId !== null && user.partyId === d.party_id
    const open = state === 'pending' || state === 'scheduled' || state === 'active'
    return {
      id: d.id,
      party: d.partyCode,
      delegator: { id: d.delegator_id, name: d.delegatorName },
      delegate: { id: d.delegate_id, name: d.delegateName },
      startsOn: d.starts_on,
      endsOn: d.ends_on,
      timeZone: d.time_zone,
      startsAt: d.starts_at,
      endsAt: d.ends_at,
      reason: d.reason,
      state,
      requestedAt: d.requested_at,
      approvedBy: d.approved_by ? { id: d.approved_by, name: d.approverName ?? '' } : null,
      approvedAt: d.approved_at,
      endedBy: d.ended_by ? { id: d.ended_by, name: d.enderName ?? '' } : null,
      endedAt: d.ended_at,
      canApprove:
        ownParty &&
        state === 'pending' &&
        hasAnyRole(roles, CONFIRMER_ROLES) &&
        ![d.requested_by, d.delegator_id, d.delegate_id].includes(user.id),
      canRevoke:
        ownParty &&
        open &&
        (user.id === d.delegator_id || user.id === d.requested_by || roles.includes('admin')),
    }
  })
}

/** The delegations in force now that let `delegateId` sign for someone in this partnership. */
export async function delegationsInForce(
  db: Executor,
  delegateId: string,
  partnershipId: string,
  now: Date = new Date(),
) {
  const at = now.toISOString()
  return db
    .selectFrom('delegations as d')
    .innerJoin('users as delegator', 'delegator.id', 'd.delegator_id')
    .selectAll('d')
    .select(['delegator.name as delegatorName', 'delegator.status as delegatorStatus'])
    .where('d.delegate_id', '=', delegateId)
    .where('d.partnership_id', '=', partnershipId)
    .where('d.status', '=', 'approved')
    .where('d.starts_at', '<=', at)
    .where('d.ends_at', '>', at)
    .orderBy('d.approved_at')
    .execute()
}

/**
 * The delegator's facts for the lifecycle's one rule (shared/lifecycle.ts `relationsFrom`), from
 * their roles now: a lead who has since lost the role, or whose account is disabled, lends
 * nothing.
 */
export async function delegatorFacts(
  db: Executor,
  d: { delegator_id: string; party_id: string },
  p: Proposal,
): Promise<NonNullable<RelationFacts['delegator']>> {
  const [roles, led, account, recusal] = await Promise.all([
    rolesOf(db, p.partnership_id, d.delegator_id),
    p.workstream_id
      ? db
          .selectFrom('workstream_people')
          .select('user_id')
          .where('user_id', '=', d.delegator_id)
          .where('workstream_id', '=', p.workstream_id)
          .where('role', '=', 'lead')
          .executeTakeFirst()
      : undefined,
    db
      .selectFrom('users')
      .select(['status', 'party_id'])
      .where('id', '=', d.delegator_id)
      .executeTakeFirstOrThrow(),
    // A lead who stepped aside from this proposal cannot sign it through a delegate either.
    db
      .selectFrom('recusals')
      .select('id')
      .where('proposal_id', '=', p.id)
      .where('user_id', '=', d.delegator_id)
      .executeTakeFirst(),
  ])
  const inForce = account.status === 'active' && account.party_id === d.party_id
  return {
    isAuthor: p.author_id === d.delegator_id,
    isPartnershipLead: inForce && roles.includes('partnership_lead'),
    isWorkstreamLead: inForce && roles.includes('workstream_lead') && led !== undefined,
    isRecused: recusal !== undefined,
  }
}

/** Whom a lead may name as delegate: active people of their party taking part in the partnership. */
export async function delegateCandidates(db: Executor, user: SessionUser, partnershipId: string) {
  if (!user.partyId) return []
  const rows = await db
    .selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.name'])
    .distinct()
    .where('users.party_id', '=', user.partyId)
    .where('users.status', '=', 'active')
    .where('users.id', '!=', user.id)
    .where('memberships.partnership_id', '=', partnershipId)
    .where('memberships.role', 'in', [...DELEGATE_ROLES])
    .orderBy('users.name')
    .execute()
  return rows
}
