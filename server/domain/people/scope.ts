/**
 * The one rule of who administers whom: an admin administers the people of their own party only.
 * A person of no party (an external auditor) belongs to every party at once: any admin of a
 * partnership they are in may take power away from them (disable, end sessions, remove roles),
 * and none may give them power alone (docs/decisions/0010-party-governance.md).
 */
import type { Executor } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import type { SessionUser } from '../users'

export interface Target {
  id: string
  email: string
  name: string
  partyId: string | null
  partyCode: string | null
  status: 'active' | 'disabled' | 'pending'
}

export async function loadTarget(db: Executor, userId: string): Promise<Target> {
  const row = await db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.party_id',
      'users.status',
      'parties.code',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!row) throw new DomainError('NOT_FOUND', 'No such user.', { field: 'userId' })
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    partyId: row.party_id,
    partyCode: row.code,
    status: row.status,
  }
}

export function foreignPartyRefusal(admin: SessionUser, what: string): DomainError {
  return new DomainError(
    'FORBIDDEN',
    admin.partyCode
      ? `You administer the people of ${admin.partyCode} only: ${what} belongs to another party, whose own admins manage them.`
      : `You belong to no party, so you administer no one's account: ${what} is managed by their own party's admins.`,
    { field: 'userId' },
  )
}

/**
 * The person, if the admin may act on them in the given direction; FORBIDDEN otherwise.
 * `takeAway`: the act only removes power (disable, end sessions, remove roles).
 */
export async function administeredTarget(
  db: Executor,
  admin: SessionUser,
  userId: string,
  direction: 'give' | 'takeAway',
): Promise<Target> {
  const target = await loadTarget(db, userId)
  if (admin.partyId !== null && target.partyId === admin.partyId) return target
  if (target.partyId === null && direction === 'takeAway') {
    // An external person: an admin of any partnership they are in may take their access away.
    const shared = await db
      .selectFrom('memberships')
      .select('partnership_id')
      .where('user_id', '=', target.id)
      .execute()
    if (shared.some((m) => (admin.roles[m.partnership_id] ?? []).includes('admin'))) return target
  }
  if (target.partyId === null) {
    throw new DomainError(
      'FORBIDDEN',
      'A person of no party (an external auditor) is given access only through an admission every party approves.',
      { field: 'userId' },
    )
  }
  throw foreignPartyRefusal(admin, 'this person')
}
