/**
 * The proposal list: newest into the joint record first (a draft by its creation), keyset pages,
 * filters; drafts only for their author's party.
 */
import { type SqlBool, sql } from 'kysely'
import type { Executor } from '../../../db/connect'
import { proposalCode } from '../../../shared/codes'
import { isOverdue, OPEN_STATES, type ProposalState } from '../../../shared/lifecycle'
import { decodeCursor, pageOf } from '../../api/pagination'
import { proposalsLinkedTo } from '../charter/links'
import type { SessionUser } from '../users'
import { visibleTo } from './access'
import { changeCount, changesSince, lastVisits, NO_CHANGES } from './visits'

const today = () => new Date().toISOString().slice(0, 10)

export async function listProposals(
  db: Executor,
  user: SessionUser,
  input: {
    partnershipId: string
    cursor?: string | null
    limit: number
    state?: ProposalState | null
    workstreamId?: string | null
    party?: string | null
    authorId?: string | null
    charterItemId?: string | null
    overdue?: boolean | null
    query?: string | null
  },
) {
  let q = db
    .selectFrom('proposals as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .leftJoin('workstreams as w', 'w.id', 'p.workstream_id')
    .select([
      'p.id',
      'p.partnership_id',
      'p.number',
      'p.type',
      'p.title',
      'p.state',
      'p.author_party',
      'p.decide_by',
      'p.version',
      'p.current_revision',
      'p.created_at',
      'p.updated_at',
      'p.submitted_at',
      'p.listed_at',
      'p.draft_number',
      'p.needs_partnership_leads',
      'u.id as author_id',
      'u.name as author_name',
      'w.id as workstream_id',
      'w.code as workstream_code',
      'w.name as workstream_name',
      'w.name_ja as workstream_name_ja',
    ])
    .where('p.partnership_id', '=', input.partnershipId)
    .orderBy('p.listed_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(input.limit + 1)
    .where(visibleTo(user.partyCode))
  if (input.cursor) {
    const [listedAt, id] = decodeCursor(input.cursor, ['string', 'string']) as [string, string]
    q = q.where((eb) =>
      eb.or([
        eb('p.listed_at', '<', listedAt),
        eb.and([eb('p.listed_at', '=', listedAt), eb('p.id', '<', id)]),
      ]),
    )
  }
  if (input.state) q = q.where('p.state', '=', input.state)
  if (input.workstreamId) q = q.where('p.workstream_id', '=', input.workstreamId)
  if (input.party) q = q.where('p.author_party', '=', input.party)
  if (input.authorId) q = q.where('p.author_id', '=', input.authorId)
  if (input.charterItemId) q = q.where('p.id', 'in', proposalsLinkedTo(db, input.charterItemId))
  if (input.overdue) {
    q = q.where('p.decide_by', '<', today()).where('p.state', 'in', [...OPEN_STATES])
  }
  if (input.query) {
    const like = `%${input.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    // The escape character must be named: SQLite's LIKE has none by default, so the escaped
    // "50\%" would look for "50\" followed by anything, and "over\_the" would never match.
    const matches = (column: 'p.title' | 'r.body') =>
      sql<SqlBool>`lower(${sql.ref(column)}) like ${like} escape '\\'`
    q = q.where((eb) =>
      eb.or([
        matches('p.title'),
        eb('p.id', 'in', (qb) =>
          qb
            .selectFrom('proposal_revisions as r')
            .select('r.proposal_id')
            .whereRef('r.number', '=', 'p.current_revision')
            .where(matches('r.body')),
        ),
      ]),
    )
  }
  const page = pageOf(await q.execute(), input.limit, (r) => [r.listed_at, r.id])
  // What changed since the caller last opened each (never opened: no mark).
  const visits = await lastVisits(
    db,
    user,
    page.items.map((r) => r.id),
  )
  const changes = await changesSince(db, user, visits)
  return {
    items: page.items.map((r) => ({
      id: r.id,
      code: proposalCode(r),
      number: r.number,
      type: r.type,
      title: r.title,
      state: r.state,
      version: r.version,
      currentRevision: r.current_revision,
      author: { id: r.author_id, name: r.author_name },
      authorParty: r.author_party,
      workstream: r.workstream_id
        ? {
            id: r.workstream_id,
            code: r.workstream_code,
            name: r.workstream_name,
            nameJa: r.workstream_name_ja,
          }
        : null,
      decideBy: r.decide_by,
      overdue: isOverdue({ decideBy: r.decide_by, state: r.state }),
      needsPartnershipLeads: r.needs_partnership_leads === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
      changesSinceVisit: visits.has(r.id) ? changeCount(changes.get(r.id) ?? NO_CHANGES) : null,
    })),
    nextCursor: page.nextCursor,
  }
}
