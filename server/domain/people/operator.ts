/**
 * The operator's setup of a partnership (CLI only): its parties and each party's first admin.
 * The operator is the system actor: no account, no role in the partnership's content. From the
 * first admin on, each party governs its own people through the API.
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Trx, writeTransaction } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import { appendEvent, SYSTEM_ACTOR } from '../../audit/ledger'
import { createUser, setRoles } from '../users'

export function addParty(
  db: Db,
  input: { code: string; name: string; nameJa: string; partnershipId: string | null },
) {
  return writeTransaction(db, async (trx) => {
    let party = await trx
      .selectFrom('parties')
      .select('id')
      .where('code', '=', input.code)
      .executeTakeFirst()
    if (!party) {
      party = { id: randomUUID() }
      await trx
        .insertInto('parties')
        .values({ id: party.id, code: input.code, name: input.name, name_ja: input.nameJa })
        .execute()
      await appendEvent(trx, SYSTEM_ACTOR, {
        partnershipId: null,
        action: 'party.created',
        entityType: 'party',
        entityId: party.id,
        after: { code: input.code, name: input.name, nameJa: input.nameJa },
      })
    }
    if (input.partnershipId) {
      const joined = await trx
        .selectFrom('partnership_parties')
        .select('party_id')
        .where('partnership_id', '=', input.partnershipId)
        .where('party_id', '=', party.id)
        .executeTakeFirst()
      if (!joined)
        await trx
          .insertInto('partnership_parties')
          .values({ partnership_id: input.partnershipId, party_id: party.id })
          .execute()
    }
    return { id: party.id }
  })
}

/** A party's first admin (or a further one): an account of that party with the admin role. */
export function addPartyAdmin(
  db: Db,
  input: {
    partyCode: string
    partnershipId: string
    email: string
    name: string
    password: string
    locale?: string
  },
) {
  return writeTransaction(db, async (trx) => {
    const party = await trx
      .selectFrom('parties')
      .innerJoin('partnership_parties', 'partnership_parties.party_id', 'parties.id')
      .select('parties.id')
      .where('parties.code', '=', input.partyCode)
      .where('partnership_parties.partnership_id', '=', input.partnershipId)
      .executeTakeFirst()
    if (!party)
      throw new DomainError(
        'VALIDATION',
        `${input.partyCode} is not a party to this partnership: add it first (party add).`,
        { field: 'partyCode' },
      )
    await refuseOnceThePartyHasAdmins(trx, input.partnershipId, input.partyCode)
    const user = await createUser(trx, SYSTEM_ACTOR, {
      email: input.email,
      name: input.name,
      password: input.password,
      partyCode: input.partyCode,
      locale: input.locale,
    })
    await setRoles(trx, SYSTEM_ACTOR, {
      userId: user.id,
      partnershipId: input.partnershipId,
      roles: ['admin'],
    })
    return user
  })
}

/**
 * The operator sets a party up until its first admin exists; from then on only the party's own
 * admins (and its provider) decide who speaks and signs for it, so the operator can neither add
 * its people nor another admin. With `partyCode` null (a person of no party, an external
 * auditor): once any party has an admin, every party admits them (admin.requestAuditorAdmission).
 */
export async function refuseOnceThePartyHasAdmins(
  trx: Trx,
  partnershipId: string,
  partyCode: string | null,
) {
  let q = trx
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .innerJoin('parties', 'parties.id', 'users.party_id')
    .select('parties.code')
    .where('memberships.partnership_id', '=', partnershipId)
    .where('memberships.role', '=', 'admin')
    .where('users.status', '=', 'active')
  if (partyCode !== null) q = q.where('parties.code', '=', partyCode)
  const admin = await q.executeTakeFirst()
  if (!admin) return
  throw new DomainError(
    'FORBIDDEN',
    partyCode === null
      ? 'The parties have admins: an external auditor is admitted by every party (an admin asks under Administration, each party approves), not by the operator.'
      : `${partyCode} already has an admin: from now on its own admins add and manage its people (Administration in the web app). The operator only sets up a party's first admin.`,
  )
}
