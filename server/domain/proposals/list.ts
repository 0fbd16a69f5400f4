/**
 * The proposal list: newest into the joint record first (a draft by its creation), keyset pages,
 * filters; drafts only for their author's party.
 */
import { type SqlBool, sql } from 'kysely'
import type { Executor } from '../../../db/connect'
import { statementTemplate } from '../../../db/template'
import { proposalCode } from '../../../shared/codes'
import { isOverdue, OPEN_STATES, type ProposalState } from '../../../shared/lifecycle'
import { decodeCursor, pageOf } from '../../api/pagination'
import { proposalsLinkedTo } from '../charter/links'
import type { SessionUser } from '../users'
import { visibleTo } from './access'
import { changeCount, changesSince, NO_CHANGES } from './visits'

const todayUtc = () => new Date().toISOString().slice(0, 10)

/** The list's filters, as the statement's values: the shape comes from which are set. */
interface ListValues {
  [name: string]: string | number | null
  partnershipId: string
  userId: string
  viewerParty: string | null
  limit: number
  listedAt: string | null
  id: string | null
  state: string | null
  workstreamId: string | null
  party: string | null
  authorId: string | null
  charterItemId: string | null
  today: string | null
  like: string | null
}

/** Which filters are set: one statement template for each combination met (list templates). */
type ListShape = Record<
  | 'cursor'
  | 'viewerParty'
  | 'state'
  | 'workstreamId'
  | 'party'
  | 'authorId'
  | 'charterItemId'
  | 'overdue'
  | 'query',
  boolean
>

function listStatement(db: Executor, v: ListValues, shape: ListShape) {
  let q = db
    .selectFrom('proposals as p')
    .innerJoin('users as u', 'u.id', 'p.author_id')
    .leftJoin('workstreams as w', 'w.id', 'p.workstream_id')
    // When the caller last opened each (never: no row), in the same statement.
    .leftJoin('proposal_visits as v', (join) =>
      join.onRef('v.proposal_id', '=', 'p.id').on('v.user_id', '=', v.userId),
    )
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
      'v.visited_at',
    ])
    .where('p.partnership_id', '=', v.partnershipId)
    .orderBy('p.listed_at', 'desc')
    .orderBy('p.id', 'desc')
    .limit(v.limit)
    .where(visibleTo(shape.viewerParty ? v.viewerParty : null))
  if (shape.cursor) {
    q = q.where((eb) =>
      eb.or([
        eb('p.listed_at', '<', v.listedAt as string),
        eb.and([eb('p.listed_at', '=', v.listedAt as string), eb('p.id', '<', v.id as string)]),
      ]),
    )
  }
  if (shape.state) q = q.where('p.state', '=', v.state as ProposalState)
  if (shape.workstreamId) q = q.where('p.workstream_id', '=', v.workstreamId)
  if (shape.party) q = q.where('p.author_party', '=', v.party as string)
  if (shape.authorId) q = q.where('p.author_id', '=', v.authorId as string)
  if (shape.charterItemId)
    q = q.where('p.id', 'in', proposalsLinkedTo(db, v.charterItemId as string))
  if (shape.overdue) {
    q = q.where('p.decide_by', '<', v.today).where('p.state', 'in', [...OPEN_STATES])
  }
  if (shape.query) {
    // The escape character must be named: SQLite's LIKE has none by default, so the escaped
    // "50\%" would look for "50\" followed by anything, and "over\_the" would never match.
    const matches = (column: 'p.title' | 'r.body') =>
      sql<SqlBool>`lower(${sql.ref(column)}) like ${v.like} escape '\\'`
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
  return q
}

/** Built once per combination of filters (db/template.ts): the list is read on every page. */
const listTemplates = new Map<string, ReturnType<typeof listTemplate>>()
const listTemplate = (shape: ListShape) =>
  statementTemplate((db, v: ListValues) => listStatement(db, v, shape))

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
  const [listedAt, id] = input.cursor
    ? (decodeCursor(input.cursor, ['string', 'string']) as [string, string])
    : [null, null]
  const shape: ListShape = {
    cursor: Boolean(input.cursor),
    viewerParty: user.partyCode !== null,
    state: Boolean(input.state),
    workstreamId: Boolean(input.workstreamId),
    party: Boolean(input.party),
    authorId: Boolean(input.authorId),
    charterItemId: Boolean(input.charterItemId),
    overdue: Boolean(input.overdue),
    query: Boolean(input.query),
  }
  const key = JSON.stringify(shape)
  let template = listTemplates.get(key)
  if (!template) {
    template = listTemplate(shape)
    listTemplates.set(key, template)
  }
  const rows = await template(db, {
    partnershipId: input.partnershipId,
    userId: user.id,
    viewerParty: user.partyCode,
    limit: input.limit + 1,
    listedAt,
    id,
    state: input.state ?? null,
    workstreamId: input.workstreamId ?? null,
    party: input.party ?? null,
    authorId: input.authorId ?? null,
    charterItemId: input.charterItemId ?? null,
    today: input.overdue ? todayUtc() : null,
    like: input.query ? `%${input.query.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null,
  })
  const page = pageOf(rows, input.limit, (r) => [r.listed_at, r.id])
  // What changed since the caller last opened each (never opened: no mark).
  const visits = new Map<string, string>()
  for (const r of page.items) if (r.visited_at !== null) visits.set(r.id, r.visited_at)
  const changes = await changesSince(db, user, visits)
  const today = todayUtc()
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
      overdue: isOverdue({ decideBy: r.decide_by, state: r.state }, today),
      needsPartnershipLeads: r.needs_partnership_leads === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
      changesSinceVisit: visits.has(r.id) ? changeCount(changes.get(r.id) ?? NO_CHANGES) : null,
    })),
    nextCursor: page.nextCursor,
  }
}
