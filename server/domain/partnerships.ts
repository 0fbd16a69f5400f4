import type { Executor, Trx } from '../../db/connect'
import { statementTemplate } from '../../db/template'
import type { ApprovalPolicy } from '../../shared/charter'
import { DomainError } from '../../shared/errors'
import type { SessionUser } from './users'

/** The parties of one partnership, as `partiesOf` reads them (a template: most calls ask for one). */
const partiesOfOne = statementTemplate((db, v: { partnershipId: string }) =>
  partiesQuery(db).where('partnership_parties.partnership_id', '=', v.partnershipId),
)

function partiesQuery(db: Executor) {
  return db
    .selectFrom('partnership_parties')
    .innerJoin('parties', 'parties.id', 'partnership_parties.party_id')
    .select([
      'partnership_parties.partnership_id',
      'parties.id',
      'parties.code',
      'parties.name',
      'parties.name_ja',
    ])
    .orderBy('parties.code')
}

export async function partiesOf(db: Executor, partnershipIds: string[]) {
  if (partnershipIds.length === 0) return []
  if (partnershipIds.length === 1)
    return partiesOfOne(db, { partnershipId: partnershipIds[0] as string })
  return partiesQuery(db)
    .where('partnership_parties.partnership_id', 'in', partnershipIds)
    .execute()
}

export async function listPartnerships(db: Executor, user: SessionUser) {
  const ids = Object.keys(user.roles)
  if (ids.length === 0) return []
  const [rows, parties] = await Promise.all([
    db
      .selectFrom('partnerships')
      .select(['id', 'slug', 'name', 'status', 'charter_version'])
      .where('id', 'in', ids)
      .orderBy('name')
      .execute(),
    partiesOf(db, ids),
  ])
  return rows.map((p) => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    status: p.status,
    charterVersion: p.charter_version,
    parties: parties
      .filter((x) => x.partnership_id === p.id)
      .map(({ id, code, name, name_ja }) => ({ id, code, name, nameJa: name_ja })),
    myRoles: user.roles[p.id] ?? [],
  }))
}

export async function getPartnership(db: Executor, user: SessionUser, partnershipId: string) {
  const p = await db
    .selectFrom('partnerships')
    .select([
      'id',
      'slug',
      'name',
      'description',
      'status',
      'charter_version',
      'approval_policy',
      'created_at',
    ])
    .where('id', '=', partnershipId)
    .executeTakeFirst()
  if (!p) throw new DomainError('NOT_FOUND', 'No such partnership.')
  const parties = await partiesOf(db, [partnershipId])
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    description: p.description,
    status: p.status,
    charterVersion: p.charter_version,
    policy: JSON.parse(p.approval_policy) as ApprovalPolicy,
    createdAt: p.created_at,
    parties: parties.map(({ id, code, name, name_ja }) => ({ id, code, name, nameJa: name_ja })),
    myRoles: user.roles[partnershipId] ?? [],
  }
}

/**
 * Who takes part in a partnership: every active person with a role in it, with their party and
 * roles. Any member may see it (to pick reviewers, to know who signs); emails stay with admins.
 */
export async function listMembers(db: Executor, partnershipId: string) {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select(['users.id', 'users.name', 'parties.code as partyCode', 'memberships.role'])
    .where('memberships.partnership_id', '=', partnershipId)
    .where('users.status', '=', 'active')
    .orderBy('users.name')
    .orderBy('users.id')
    .execute()
  const people = new Map<
    string,
    { id: string; name: string; partyCode: string | null; roles: string[] }
  >()
  for (const row of rows) {
    const person = people.get(row.id) ?? {
      id: row.id,
      name: row.name,
      partyCode: row.partyCode,
      roles: [],
    }
    person.roles.push(row.role)
    people.set(row.id, person)
  }
  return [...people.values()].map((p) => ({ ...p, roles: p.roles.sort() }))
}

/** Takes the partnership's next proposal or decision number (P-n, D-n) in the writing transaction. */
export async function takeNumber(
  trx: Trx,
  partnershipId: string,
  counter: 'next_proposal_number' | 'next_decision_number',
): Promise<number> {
  const row = await trx
    .selectFrom('partnerships')
    .select(['next_proposal_number', 'next_decision_number'])
    .where('id', '=', partnershipId)
    .executeTakeFirstOrThrow()
  const n = row[counter]
  await trx
    .updateTable('partnerships')
    .set(
      counter === 'next_proposal_number'
        ? { next_proposal_number: n + 1 }
        : { next_decision_number: n + 1 },
    )
    .where('id', '=', partnershipId)
    .execute()
  return n
}
