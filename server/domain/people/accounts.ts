/** Accounts as an admin manages them: the people of the admin's own party (./scope.ts). */
import { type Db, writeTransaction } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import {
  actorOf,
  createUser,
  listUsers,
  normalizeEmail,
  type SessionUser,
  setUserStatus,
} from '../users'
import { setWorkstreamPerson } from '../workstreams'
import { administeredTarget, foreignPartyRefusal } from './scope'

export function adminListUsers(
  db: Db,
  admin: SessionUser,
  input: {
    cursor?: string | null
    limit: number
    partnershipId?: string | null
    query?: string | null
  },
) {
  if (admin.partyId === null) return Promise.resolve({ items: [], nextCursor: null })
  return listUsers(db, { ...input, partyId: admin.partyId })
}

export function adminCreateUser(
  db: Db,
  admin: SessionUser,
  input: {
    email: string
    name: string
    password: string
    partyCode: string | null
    locale?: string
  },
) {
  if (input.partyCode === null) {
    throw new DomainError(
      'FORBIDDEN',
      'A person of no party (an external auditor) is admitted only when every party approves: use the admission of an external auditor.',
      { field: 'partyCode' },
    )
  }
  const partyCode = input.partyCode
  return writeTransaction(db, async (trx) => {
    if (partyCode !== admin.partyCode) {
      const exists = await trx
        .selectFrom('parties')
        .select('id')
        .where('code', '=', partyCode)
        .executeTakeFirst()
      // An unknown code is a typing mistake, not another party's business.
      if (exists) throw foreignPartyRefusal(admin, `a person of ${partyCode}`)
    }
    return createUser(trx, actorOf(admin), input)
  })
}

export function adminSetUserStatus(
  db: Db,
  admin: SessionUser,
  userId: string,
  status: 'active' | 'disabled',
) {
  return writeTransaction(db, async (trx) => {
    const target = await administeredTarget(
      trx,
      admin,
      userId,
      status === 'disabled' ? 'takeAway' : 'give',
    )
    if (target.status === 'pending') {
      throw new DomainError(
        'INVALID_TRANSITION',
        `${normalizeEmail(target.email)} is waiting for every party to approve their admission; it becomes active then.`,
        { field: 'userId' },
      )
    }
    await setUserStatus(trx, actorOf(admin), userId, status)
  })
}

export function adminSetWorkstreamPerson(
  db: Db,
  admin: SessionUser,
  input: { workstreamId: string; userId: string; role: 'lead' | 'member' | null },
) {
  return writeTransaction(db, async (trx) => {
    // A workstream of a partnership the admin is not in does not exist for them: that comes first.
    const ws = await trx
      .selectFrom('workstreams')
      .select('partnership_id')
      .where('id', '=', input.workstreamId)
      .executeTakeFirst()
    if (!ws || (admin.roles[ws.partnership_id] ?? []).length === 0)
      throw new DomainError('NOT_FOUND', 'No such workstream.', { field: 'workstreamId' })
    await administeredTarget(trx, admin, input.userId, input.role === null ? 'takeAway' : 'give')
    await setWorkstreamPerson(trx, actorOf(admin), admin, input)
  })
}
