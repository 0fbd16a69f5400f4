/**
 * The decision register: the list and one decision, with who signed and what it superseded; one
 * decision comes with its whole record (record.ts).
 */
import type { Executor } from '../../../db/connect'
import { decisionCode, proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import { decodeCursor, pageOf } from '../../api/pagination'
import { proposalsLinkedTo } from '../charter/links'
import { authenticationOf } from '../proposals/signoff'
import { decisionRecord } from './record'

async function signoffsFor(db: Executor, decisions: { proposal_id: string; revision: number }[]) {
  if (decisions.length === 0) return []
  return db
    .selectFrom('signoffs')
    .innerJoin('users', 'users.id', 'signoffs.signer_id')
    .leftJoin('users as principal', 'principal.id', 'signoffs.on_behalf_of')
    .select([
      'principal.id as principalId',
      'principal.name as principalName',
      'signoffs.proposal_id',
      'signoffs.revision',
      'signoffs.party',
      'signoffs.verdict',
      'signoffs.created_at',
      'signoffs.rationale',
      'signoffs.auth_method',
      'signoffs.auth_at',
      'signoffs.auth_issuer',
      'signoffs.auth_amr',
      'signoffs.auth_acr',
      'users.name',
      'users.id as userId',
    ])
    .where(
      'signoffs.proposal_id',
      'in',
      decisions.map((d) => d.proposal_id),
    )
    .where('signoffs.verdict', '=', 'approve')
    .orderBy('signoffs.created_at')
    .execute()
}

function decisionQuery(db: Executor) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('proposals as p', 'p.id', 'd.proposal_id')
    .leftJoin('workstreams as w', 'w.id', 'd.workstream_id')
    .leftJoin('decisions as s', 's.id', 'd.superseded_by')
    .select([
      'd.id',
      'd.partnership_id',
      'd.number',
      'd.title',
      'd.status',
      'd.revision',
      'd.effective_date',
      'd.created_at',
      'd.proposal_id',
      'd.superseded_by',
      's.number as superseded_by_number',
      's.title as superseded_by_title',
      'p.number as proposal_number',
      'p.type',
      'p.submitted_at',
      'p.needs_partnership_leads',
      'd.workstream_id',
      'w.code as workstream_code',
      'w.name as workstream_name',
      'w.name_ja as workstream_name_ja',
    ])
}

export type DecisionRow = Awaited<ReturnType<ReturnType<typeof decisionQuery>['execute']>>[number]

export async function shapeDecisions(db: Executor, rows: DecisionRow[]) {
  const [signoffs, links, supersedes] = await Promise.all([
    signoffsFor(db, rows),
    rows.length
      ? db
          .selectFrom('proposal_charter_links as l')
          .innerJoin('charter_items as c', 'c.id', 'l.charter_item_id')
          .select(['l.proposal_id', 'c.id', 'c.code', 'c.kind', 'c.title', 'c.title_ja'])
          .where(
            'l.proposal_id',
            'in',
            rows.map((r) => r.proposal_id),
          )
          .orderBy('c.code')
          .execute()
      : [],
    rows.length
      ? db
          .selectFrom('decisions')
          .select(['id', 'number', 'title', 'superseded_by'])
          .where(
            'superseded_by',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      : [],
  ])
  return rows.map((d) => ({
    id: d.id,
    code: decisionCode(d),
    number: d.number,
    title: d.title,
    status: d.status,
    type: d.type,
    effectiveDate: d.effective_date,
    createdAt: d.created_at,
    submittedAt: d.submitted_at,
    revision: d.revision,
    neededPartnershipLeads: d.needs_partnership_leads === 1,
    proposal: { id: d.proposal_id, code: proposalCode({ number: d.proposal_number }) },
    workstream: d.workstream_id
      ? {
          id: d.workstream_id,
          code: d.workstream_code,
          name: d.workstream_name,
          nameJa: d.workstream_name_ja,
        }
      : null,
    supersededBy:
      d.superseded_by && d.superseded_by_number !== null
        ? {
            id: d.superseded_by,
            code: decisionCode({ number: d.superseded_by_number }),
            title: d.superseded_by_title ?? '',
          }
        : null,
    supersedes: supersedes
      .filter((s) => s.superseded_by === d.id)
      .map((s) => ({ id: s.id, code: decisionCode(s), title: s.title })),
    charterItems: links
      .filter((l) => l.proposal_id === d.proposal_id)
      .map(({ id, code, kind, title, title_ja }) => ({ id, code, kind, title, titleJa: title_ja })),
    signoffs: signoffs
      .filter((s) => s.proposal_id === d.proposal_id && s.revision === d.revision)
      .map((s) => ({
        party: s.party,
        signer: { id: s.userId, name: s.name },
        /** signed by a delegate for this lead (ADR 0030) */
        onBehalfOf: s.principalId ? { id: s.principalId, name: s.principalName ?? '' } : null,
        signedAt: s.created_at,
        rationale: s.rationale,
        authentication: authenticationOf(s),
      })),
  }))
}

export async function listDecisions(
  db: Executor,
  input: {
    partnershipId: string
    cursor?: string | null
    limit: number
    status?: 'active' | 'superseded' | null
    workstreamId?: string | null
    charterItemId?: string | null
  },
) {
  let q = decisionQuery(db)
    .where('d.partnership_id', '=', input.partnershipId)
    .orderBy('d.number', 'desc')
    .limit(input.limit + 1)
  if (input.cursor) {
    const [number] = decodeCursor(input.cursor, ['number']) as [number]
    q = q.where('d.number', '<', number)
  }
  if (input.status) q = q.where('d.status', '=', input.status)
  if (input.workstreamId) q = q.where('d.workstream_id', '=', input.workstreamId)
  if (input.charterItemId)
    q = q.where('d.proposal_id', 'in', proposalsLinkedTo(db, input.charterItemId))
  const page = pageOf(await q.execute(), input.limit, (r) => [r.number])
  return { items: await shapeDecisions(db, page.items), nextCursor: page.nextCursor }
}

export async function getDecision(db: Executor, partnershipIds: string[], decisionId: string) {
  const row = await decisionQuery(db).where('d.id', '=', decisionId).executeTakeFirst()
  if (!row || !partnershipIds.includes(row.partnership_id)) {
    throw new DomainError('NOT_FOUND', 'No such decision.', { field: 'decisionId' })
  }
  const [[decision], record] = await Promise.all([
    shapeDecisions(db, [row]),
    decisionRecord(db, row),
  ])
  return {
    ...(decision as NonNullable<typeof decision>),
    partnershipId: row.partnership_id,
    record,
  }
}
