/**
 * Roles as people set them through the API: the two-person rule. Member takes effect at once;
 * a power role (shared/roles.ts POWER_ROLES) waits as a pending grant until a second person of the
 * grantee's party (another admin or a partnership lead there, neither the requester nor the
 * grantee) confirms it under a fresh authentication. Taking a role away is immediate.
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Trx, writeTransaction } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import { CONFIRMER_ROLES, isPowerRole, type Role } from '../../../shared/roles'
import { appendEvent } from '../../audit/ledger'
import { requireFreshAuthentication } from '../../auth/fresh'
import { actorOf, type SessionUser, setRoles } from '../users'
import { administeredTarget } from './scope'

async function currentRoles(trx: Trx, partnershipId: string, userId: string): Promise<Role[]> {
  const rows = await trx
    .selectFrom('memberships')
    .select('role')
    .where('user_id', '=', userId)
    .where('partnership_id', '=', partnershipId)
    .execute()
  return rows.map((r) => r.role as Role)
}

async function pendingRoles(trx: Trx, partnershipId: string, userId: string) {
  return trx
    .selectFrom('role_grants')
    .select(['id', 'role'])
    .where('partnership_id', '=', partnershipId)
    .where('user_id', '=', userId)
    .where('status', '=', 'pending')
    .execute()
}

/**
 * An admin of the partnership sets a person's roles there. Returns the roles in force and the
 * power roles now waiting for a second person.
 */
export function requestRoles(
  db: Db,
  admin: SessionUser,
  input: { userId: string; partnershipId: string; roles: Role[] },
): Promise<{ roles: Role[]; pending: Role[] }> {
  return writeTransaction(db, async (trx) => {
    if (admin.id === input.userId) {
      // Separation of duties: administering never grants approving, not even to oneself.
      throw new DomainError('FORBIDDEN', 'You cannot change your own roles; ask another admin.', {
        field: 'userId',
      })
    }
    const wanted = [...new Set(input.roles)]
    const before = await currentRoles(trx, input.partnershipId, input.userId)
    const gives = wanted.some((r) => !before.includes(r))
    await administeredTarget(trx, admin, input.userId, gives ? 'give' : 'takeAway')
    const actor = actorOf(admin)
    const now = new Date().toISOString()
    // In force at once: what is kept, what is taken away, and the roles without power.
    const immediate = wanted.filter((r) => before.includes(r) || !isPowerRole(r))
    await setRoles(trx, actor, { ...input, roles: immediate }, 'admin')
    const waiting = await pendingRoles(trx, input.partnershipId, input.userId)
    for (const grant of waiting) {
      if (wanted.includes(grant.role as Role)) continue
      await trx
        .updateTable('role_grants')
        .set({ status: 'cancelled', ended_by: admin.id, ended_at: now })
        .where('id', '=', grant.id)
        .execute()
      await appendEvent(trx, actor, {
        partnershipId: input.partnershipId,
        action: 'grant.cancelled',
        entityType: 'user',
        entityId: input.userId,
        after: { grantId: grant.id, role: grant.role },
      })
    }
    const requested = wanted.filter((r) => isPowerRole(r) && !before.includes(r))
    for (const role of requested) {
      if (waiting.some((g) => g.role === role)) continue
      const id = randomUUID()
      await trx
        .insertInto('role_grants')
        .values({
          id,
          partnership_id: input.partnershipId,
          user_id: input.userId,
          role,
          status: 'pending',
          source: 'admin',
          requested_by: admin.id,
          requested_at: now,
          confirmed_by: null,
          confirmed_at: null,
          ended_by: null,
          ended_at: null,
        })
        .execute()
      await appendEvent(trx, actor, {
        partnershipId: input.partnershipId,
        action: 'grant.requested',
        entityType: 'user',
        entityId: input.userId,
        after: { grantId: id, role },
      })
    }
    return {
      roles: (await currentRoles(trx, input.partnershipId, input.userId)).sort(),
      pending: requested.sort(),
    }
  })
}

async function loadGrant(trx: Trx, grantId: string) {
  const grant = await trx
    .selectFrom('role_grants')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .select([
      'role_grants.id',
      'role_grants.partnership_id',
      'role_grants.user_id',
      'role_grants.role',
      'role_grants.status',
      'role_grants.requested_by',
      'users.party_id',
    ])
    .where('role_grants.id', '=', grantId)
    .executeTakeFirst()
  if (!grant) throw new DomainError('NOT_FOUND', 'No such grant.', { field: 'grantId' })
  return grant
}

/** The caller may decide on grants to people of their party in this partnership. */
function assertDecider(
  user: SessionUser,
  grant: { partnership_id: string; party_id: string | null },
): void {
  const roles = user.roles[grant.partnership_id] ?? []
  if (roles.length === 0) throw new DomainError('NOT_FOUND', 'No such grant.', { field: 'grantId' })
  if (user.partyId === null || grant.party_id !== user.partyId) {
    throw new DomainError(
      'FORBIDDEN',
      "Only the grantee's own party confirms or cancels a grant: an admin or a partnership lead of that party.",
      { field: 'grantId' },
    )
  }
  if (!roles.some((r) => CONFIRMER_ROLES.includes(r))) {
    throw new DomainError(
      'FORBIDDEN',
      'Confirming or cancelling a grant needs the admin or partnership-lead role in this partnership.',
      { field: 'grantId' },
    )
  }
}

/** A second person of the grantee's party confirms: the role takes effect now. */
export function confirmGrant(db: Db, user: SessionUser, sessionId: string, grantId: string) {
  return writeTransaction(db, async (trx) => {
    const grant = await loadGrant(trx, grantId)
    assertDecider(user, grant)
    if (grant.requested_by === user.id) {
      throw new DomainError(
        'FORBIDDEN',
        'You asked for this grant: a second person of your party must confirm it.',
        { field: 'grantId' },
      )
    }
    if (grant.user_id === user.id) {
      throw new DomainError(
        'FORBIDDEN',
        'Nobody confirms a grant to themselves: another admin or partnership lead must.',
        { field: 'grantId' },
      )
    }
    if (grant.status !== 'pending') {
      throw new DomainError('CONFLICT', `This grant is ${grant.status}, not waiting any more.`, {
        field: 'grantId',
      })
    }
    const authentication = await requireFreshAuthentication(trx, sessionId)
    const target = await trx
      .selectFrom('users')
      .select('status')
      .where('id', '=', grant.user_id)
      .executeTakeFirstOrThrow()
    if (target.status !== 'active') {
      throw new DomainError('INVALID_TRANSITION', 'The account is not active: enable it first.', {
        field: 'grantId',
      })
    }
    const now = new Date().toISOString()
    await trx
      .updateTable('role_grants')
      .set({ status: 'active', confirmed_by: user.id, confirmed_at: now })
      .where('id', '=', grant.id)
      .execute()
    const before = await currentRoles(trx, grant.partnership_id, grant.user_id)
    if (!before.includes(grant.role as Role)) {
      await trx
        .insertInto('memberships')
        .values({
          partnership_id: grant.partnership_id,
          user_id: grant.user_id,
          role: grant.role,
          created_at: now,
        })
        .execute()
    }
    await appendEvent(trx, actorOf(user), {
      partnershipId: grant.partnership_id,
      action: 'grant.confirmed',
      entityType: 'user',
      entityId: grant.user_id,
      before: { roles: before.sort() },
      after: {
        grantId: grant.id,
        role: grant.role,
        requestedBy: grant.requested_by,
        authentication: {
          method: authentication.method,
          at: authentication.at,
          issuer: authentication.issuer,
        },
      },
    })
    return { grantId: grant.id, role: grant.role as Role, userId: grant.user_id }
  })
}

/** The requester, or an admin or partnership lead of the grantee's party, withdraws a pending grant. */
export function cancelGrant(db: Db, user: SessionUser, grantId: string) {
  return writeTransaction(db, async (trx) => {
    const grant = await loadGrant(trx, grantId)
    if (grant.requested_by !== user.id) assertDecider(user, grant)
    if (grant.status !== 'pending') {
      throw new DomainError('CONFLICT', `This grant is ${grant.status}, not waiting any more.`, {
        field: 'grantId',
      })
    }
    await trx
      .updateTable('role_grants')
      .set({ status: 'cancelled', ended_by: user.id, ended_at: new Date().toISOString() })
      .where('id', '=', grant.id)
      .execute()
    await appendEvent(trx, actorOf(user), {
      partnershipId: grant.partnership_id,
      action: 'grant.cancelled',
      entityType: 'user',
      entityId: grant.user_id,
      after: { grantId: grant.id, role: grant.role },
    })
    return { ok: true as const }
  })
}

/** Grants waiting in a partnership for people of the caller's party, oldest first. */
export async function pendingGrants(db: Db, user: SessionUser, partnershipId: string) {
  if (user.partyId === null) return []
  const rows = await db
    .selectFrom('role_grants')
    .innerJoin('users as grantee', 'grantee.id', 'role_grants.user_id')
    .leftJoin('users as requester', 'requester.id', 'role_grants.requested_by')
    .select([
      'role_grants.id',
      'role_grants.role',
      'role_grants.user_id',
      'role_grants.requested_by',
      'role_grants.requested_at',
      'grantee.name as granteeName',
      'grantee.email as granteeEmail',
      'requester.name as requesterName',
    ])
    .where('role_grants.partnership_id', '=', partnershipId)
    .where('role_grants.status', '=', 'pending')
    .where('grantee.party_id', '=', user.partyId)
    .orderBy('role_grants.requested_at')
    .orderBy('role_grants.id')
    .execute()
  const mayDecide = (user.roles[partnershipId] ?? []).some((r) => CONFIRMER_ROLES.includes(r))
  return rows.map((g) => ({
    id: g.id,
    role: g.role as Role,
    user: { id: g.user_id, name: g.granteeName, email: g.granteeEmail },
    requestedBy: g.requested_by ? { id: g.requested_by, name: g.requesterName ?? '' } : null,
    requestedAt: g.requested_at,
    canConfirm: mayDecide && g.requested_by !== user.id && g.user_id !== user.id,
  }))
}
