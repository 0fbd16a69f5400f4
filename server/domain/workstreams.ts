import type { Executor, Trx } from '../../db/connect'
import { DomainError } from '../../shared/errors'
import { type Actor, appendEvent } from '../audit/ledger'
import { rolesIn, type SessionUser } from './users'

async function peopleOf(db: Executor, workstreamIds: string[]) {
  if (workstreamIds.length === 0) return []
  return db
    .selectFrom('workstream_people')
    .innerJoin('users', 'users.id', 'workstream_people.user_id')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select([
      'workstream_people.workstream_id',
      'workstream_people.role',
      'users.id',
      'users.name',
      'users.status',
      'parties.code as partyCode',
    ])
    .where('workstream_people.workstream_id', 'in', workstreamIds)
    .orderBy('users.name')
    .execute()
}

async function linksOf(db: Executor, workstreamIds: string[]) {
  if (workstreamIds.length === 0) return []
  return db
    .selectFrom('workstream_charter_links')
    .innerJoin('charter_items', 'charter_items.id', 'workstream_charter_links.charter_item_id')
    .select([
      'workstream_charter_links.workstream_id',
      'charter_items.id',
      'charter_items.code',
      'charter_items.kind',
      'charter_items.title',
      'charter_items.title_ja',
    ])
    .where('workstream_charter_links.workstream_id', 'in', workstreamIds)
    .orderBy('charter_items.code')
    .execute()
}

type Person = Awaited<ReturnType<typeof peopleOf>>[number]
type Link = Awaited<ReturnType<typeof linksOf>>[number]

function shape(
  w: {
    id: string
    partnership_id: string
    code: string
    name: string
    description: string
    name_ja: string | null
    description_ja: string | null
    status: string
    created_at: string
  },
  people: Person[],
  links: Link[],
) {
  const mine = people.filter((p) => p.workstream_id === w.id)
  // No email address: those stay with the person's own party's admins (admin.listUsers).
  const person = ({ id, name, partyCode, status }: Person) => ({
    id,
    name,
    partyCode,
    active: status === 'active',
  })
  const linked = links.filter((l) => l.workstream_id === w.id)
  return {
    id: w.id,
    partnershipId: w.partnership_id,
    code: w.code,
    name: w.name,
    description: w.description,
    nameJa: w.name_ja,
    descriptionJa: w.description_ja,
    status: w.status,
    createdAt: w.created_at,
    leads: mine.filter((p) => p.role === 'lead').map(person),
    members: mine.filter((p) => p.role === 'member').map(person),
    areas: linked
      .filter((l) => l.kind === 'area')
      .map(({ id, code, title, title_ja }) => ({ id, code, title, titleJa: title_ja })),
    markets: linked
      .filter((l) => l.kind === 'market')
      .map(({ id, code, title, title_ja }) => ({ id, code, title, titleJa: title_ja })),
    objectives: linked
      .filter((l) => l.kind === 'objective')
      .map(({ id, code, title, title_ja }) => ({ id, code, title, titleJa: title_ja })),
  }
}

export async function listWorkstreams(db: Executor, partnershipId: string) {
  const rows = await db
    .selectFrom('workstreams')
    .select([
      'id',
      'partnership_id',
      'code',
      'name',
      'description',
      'name_ja',
      'description_ja',
      'status',
      'created_at',
    ])
    .where('partnership_id', '=', partnershipId)
    .orderBy('code')
    .execute()
  const ids = rows.map((r) => r.id)
  const [people, links] = await Promise.all([peopleOf(db, ids), linksOf(db, ids)])
  return rows.map((r) => shape(r, people, links))
}

/** A workstream the user may see: one of a partnership they belong to. Others are "not found". */
export async function getWorkstream(db: Executor, user: SessionUser, workstreamId: string) {
  const row = await db
    .selectFrom('workstreams')
    .select([
      'id',
      'partnership_id',
      'code',
      'name',
      'description',
      'name_ja',
      'description_ja',
      'status',
      'created_at',
    ])
    .where('id', '=', workstreamId)
    .executeTakeFirst()
  if (!row || rolesIn(user, row.partnership_id).length === 0) {
    throw new DomainError('NOT_FOUND', 'No such workstream.', { field: 'workstreamId' })
  }
  const [people, links] = await Promise.all([peopleOf(db, [row.id]), linksOf(db, [row.id])])
  return shape(row, people, links)
}

export async function setWorkstreamPerson(
  trx: Trx,
  actor: Actor,
  admin: SessionUser,
  input: { workstreamId: string; userId: string; role: 'lead' | 'member' | null },
) {
  const ws = await trx
    .selectFrom('workstreams')
    .select(['id', 'partnership_id'])
    .where('id', '=', input.workstreamId)
    .executeTakeFirst()
  if (!ws || rolesIn(admin, ws.partnership_id).length === 0) {
    throw new DomainError('NOT_FOUND', 'No such workstream.', { field: 'workstreamId' })
  }
  if (!rolesIn(admin, ws.partnership_id).includes('admin')) {
    throw new DomainError(
      'FORBIDDEN',
      'Only an admin of this partnership can change who works on a workstream.',
    )
  }
  const roles = (
    await trx
      .selectFrom('memberships')
      .select('role')
      .where('user_id', '=', input.userId)
      .where('partnership_id', '=', ws.partnership_id)
      .execute()
  ).map((r) => r.role)
  if (
    input.role !== null &&
    !roles.some((r) => r === 'member' || r === 'workstream_lead' || r === 'partnership_lead')
  ) {
    throw new DomainError('VALIDATION', 'The person must be a member of this partnership first.', {
      field: 'userId',
    })
  }
  if (input.role === 'lead' && !roles.includes('workstream_lead')) {
    throw new DomainError(
      'VALIDATION',
      'Give the person the workstream-lead role before making them a lead.',
      {
        field: 'role',
      },
    )
  }
  const current = await trx
    .selectFrom('workstream_people')
    .select('role')
    .where('workstream_id', '=', ws.id)
    .where('user_id', '=', input.userId)
    .executeTakeFirst()
  // Nothing changes, so nothing is recorded (as with an account already in the asked status).
  if ((current?.role ?? null) === input.role) return
  await trx
    .deleteFrom('workstream_people')
    .where('workstream_id', '=', ws.id)
    .where('user_id', '=', input.userId)
    .execute()
  if (input.role) {
    await trx
      .insertInto('workstream_people')
      .values({ workstream_id: ws.id, user_id: input.userId, role: input.role })
      .execute()
  }
  await appendEvent(trx, actor, {
    partnershipId: ws.partnership_id,
    action: input.role ? 'workstream.person_set' : 'workstream.person_removed',
    entityType: 'workstream',
    entityId: ws.id,
    before: { userId: input.userId, role: current?.role ?? null },
    after: { userId: input.userId, role: input.role },
  })
}
