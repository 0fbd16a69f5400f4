import { randomUUID } from 'node:crypto'
import type { Executor, Trx } from '../../db/connect'
import type { Proposal } from '../../db/schema'
import { DomainError } from '../../shared/errors'
import type { AmendmentChange, ProposalContent } from '../../shared/schemas/proposal'
import { type Actor, appendEvent } from '../audit/ledger'
import { decodeCursor, pageOf } from './pagination'
import { proposalCode } from './proposal-access'

export function decisionCode(d: { number: number }): string {
  return `D-${d.number}`
}

/**
 * Issues the decision of an approved proposal, in the approving transaction: numbers it,
 * supersedes what the final revision names, and applies an amendment to the charter.
 */
export async function issueDecision(trx: Trx, actor: Actor, p: Proposal, content: ProposalContent) {
  const partnership = await trx
    .selectFrom('partnerships')
    .select(['next_decision_number', 'charter_version'])
    .where('id', '=', p.partnership_id)
    .executeTakeFirstOrThrow()
  const id = randomUUID()
  const createdAt = new Date().toISOString()
  const decision = {
    id,
    partnership_id: p.partnership_id,
    number: partnership.next_decision_number,
    proposal_id: p.id,
    revision: p.current_revision,
    workstream_id: p.workstream_id,
    title: p.title,
    status: 'active' as const,
    superseded_by: null,
    effective_date: createdAt.slice(0, 10),
    created_at: createdAt,
  }
  await trx
    .updateTable('partnerships')
    .set({ next_decision_number: partnership.next_decision_number + 1 })
    .where('id', '=', p.partnership_id)
    .execute()
  await trx.insertInto('decisions').values(decision).execute()
  await appendEvent(trx, actor, {
    partnershipId: p.partnership_id,
    action: 'decision.issued',
    entityType: 'decision',
    entityId: id,
    after: {
      code: decisionCode(decision),
      proposalId: p.id,
      proposal: proposalCode(p),
      revision: p.current_revision,
      title: p.title,
      workstreamId: p.workstream_id,
      charterItemIds: content.charterItemIds,
      supersedes: content.supersedes,
      effectiveDate: decision.effective_date,
    },
  })
  for (const supersededId of content.supersedes) {
    const old = await trx
      .selectFrom('decisions')
      .select(['id', 'number', 'status'])
      .where('id', '=', supersededId)
      .where('partnership_id', '=', p.partnership_id)
      .executeTakeFirst()
    if (old?.status !== 'active') continue // superseded meanwhile by another decision
    await trx
      .updateTable('decisions')
      .set({ status: 'superseded', superseded_by: id })
      .where('id', '=', old.id)
      .execute()
    await appendEvent(trx, actor, {
      partnershipId: p.partnership_id,
      action: 'decision.superseded',
      entityType: 'decision',
      entityId: old.id,
      before: { status: 'active', supersededBy: null },
      after: { status: 'superseded', supersededBy: id, by: decisionCode(decision) },
    })
  }
  if (p.type === 'amendment' && content.amendment) {
    await applyAmendment(trx, actor, p, id, partnership.charter_version, content.amendment.changes)
  }
  return decision
}

async function applyAmendment(
  trx: Trx,
  actor: Actor,
  p: Proposal,
  decisionId: string,
  currentVersion: number,
  changes: AmendmentChange[],
) {
  const version = currentVersion + 1
  const createdAt = new Date().toISOString()
  const applied: unknown[] = []
  for (const change of changes) {
    if (change.op === 'add') {
      const id = randomUUID()
      const terms = JSON.stringify(change.screeningTerms)
      await trx
        .insertInto('charter_items')
        .values({
          id,
          partnership_id: p.partnership_id,
          code: change.code,
          kind: change.kind,
          title: change.title,
          statement: change.statement,
          screening_terms: terms,
          status: 'active',
          introduced_version: version,
          updated_version: version,
          retired_version: null,
          created_at: createdAt,
        })
        .execute()
      await trx
        .insertInto('charter_item_revisions')
        .values({
          item_id: id,
          version,
          title: change.title,
          statement: change.statement,
          screening_terms: terms,
          status: 'active',
          created_at: createdAt,
        })
        .execute()
      const after = {
        code: change.code,
        kind: change.kind,
        title: change.title,
        statement: change.statement,
        screeningTerms: change.screeningTerms,
        version,
      }
      applied.push({ op: 'add', itemId: id, after })
      await appendEvent(trx, actor, {
        partnershipId: p.partnership_id,
        action: 'charter.item_added',
        entityType: 'charter_item',
        entityId: id,
        after: { ...after, decisionId },
      })
      continue
    }
    const item = await trx
      .selectFrom('charter_items')
      .selectAll()
      .where('id', '=', change.itemId)
      .executeTakeFirst()
    if (item?.status !== 'active' || item.partnership_id !== p.partnership_id) {
      // The charter moved on since submission: approving must not half-apply the amendment.
      throw new DomainError(
        'CONFLICT',
        'The charter changed since this amendment was submitted; revise it against the current charter.',
      )
    }
    const before = {
      title: item.title,
      statement: item.statement,
      screeningTerms: JSON.parse(item.screening_terms),
      status: item.status,
    }
    const next =
      change.op === 'retire'
        ? { ...before, status: 'retired' as const }
        : {
            title: change.title ?? item.title,
            statement: change.statement ?? item.statement,
            screeningTerms: change.screeningTerms ?? before.screeningTerms,
            status: 'active' as const,
          }
    await trx
      .updateTable('charter_items')
      .set({
        title: next.title,
        statement: next.statement,
        screening_terms: JSON.stringify(next.screeningTerms),
        status: next.status,
        updated_version: version,
        retired_version: change.op === 'retire' ? version : null,
      })
      .where('id', '=', item.id)
      .execute()
    await trx
      .insertInto('charter_item_revisions')
      .values({
        item_id: item.id,
        version,
        title: next.title,
        statement: next.statement,
        screening_terms: JSON.stringify(next.screeningTerms),
        status: next.status,
        created_at: createdAt,
      })
      .execute()
    applied.push({ op: change.op, itemId: item.id, code: item.code, before, after: next })
    await appendEvent(trx, actor, {
      partnershipId: p.partnership_id,
      action: change.op === 'retire' ? 'charter.item_retired' : 'charter.item_changed',
      entityType: 'charter_item',
      entityId: item.id,
      before,
      after: { ...next, version, decisionId },
    })
  }
  await trx
    .updateTable('partnerships')
    .set({ charter_version: version })
    .where('id', '=', p.partnership_id)
    .execute()
  await trx
    .insertInto('charter_versions')
    .values({
      partnership_id: p.partnership_id,
      version,
      created_at: createdAt,
      decision_id: decisionId,
      summary: p.title,
      changes: JSON.stringify(applied),
    })
    .execute()
  await appendEvent(trx, actor, {
    partnershipId: p.partnership_id,
    action: 'charter.amended',
    entityType: 'charter',
    entityId: p.partnership_id,
    before: { version: currentVersion },
    after: { version, decisionId, proposal: proposalCode(p), changes: applied },
  })
}

async function signoffsFor(db: Executor, decisions: { proposal_id: string; revision: number }[]) {
  if (decisions.length === 0) return []
  return db
    .selectFrom('signoffs')
    .innerJoin('users', 'users.id', 'signoffs.signer_id')
    .select([
      'signoffs.proposal_id',
      'signoffs.revision',
      'signoffs.party',
      'signoffs.verdict',
      'signoffs.created_at',
      'signoffs.rationale',
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
      'p.number as proposal_number',
      'p.type',
      'p.submitted_at',
      'p.needs_partnership_leads',
      'd.workstream_id',
      'w.code as workstream_code',
      'w.name as workstream_name',
    ])
}

type DecisionRow = Awaited<ReturnType<ReturnType<typeof decisionQuery>['execute']>>[number]

async function shapeDecisions(db: Executor, rows: DecisionRow[]) {
  const [signoffs, links, supersedes] = await Promise.all([
    signoffsFor(db, rows),
    rows.length
      ? db
          .selectFrom('proposal_charter_links as l')
          .innerJoin('charter_items as c', 'c.id', 'l.charter_item_id')
          .select(['l.proposal_id', 'c.id', 'c.code', 'c.kind', 'c.title'])
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
          .select(['id', 'number', 'superseded_by'])
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
    proposal: { id: d.proposal_id, code: `P-${d.proposal_number}` },
    workstream: d.workstream_id
      ? { id: d.workstream_id, code: d.workstream_code, name: d.workstream_name }
      : null,
    supersededBy: d.superseded_by
      ? { id: d.superseded_by, code: `D-${d.superseded_by_number}` }
      : null,
    supersedes: supersedes
      .filter((s) => s.superseded_by === d.id)
      .map((s) => ({ id: s.id, code: decisionCode(s) })),
    charterItems: links
      .filter((l) => l.proposal_id === d.proposal_id)
      .map(({ id, code, kind, title }) => ({ id, code, kind, title })),
    signoffs: signoffs
      .filter((s) => s.proposal_id === d.proposal_id && s.revision === d.revision)
      .map((s) => ({
        party: s.party,
        signer: { id: s.userId, name: s.name },
        signedAt: s.created_at,
        rationale: s.rationale,
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
  if (input.charterItemId) {
    const itemId = input.charterItemId
    q = q.where('d.proposal_id', 'in', (qb) =>
      qb
        .selectFrom('proposal_charter_links')
        .select('proposal_id')
        .where('charter_item_id', '=', itemId),
    )
  }
  const page = pageOf(await q.execute(), input.limit, (r) => [r.number])
  return { items: await shapeDecisions(db, page.items), nextCursor: page.nextCursor }
}

export async function getDecision(db: Executor, partnershipIds: string[], decisionId: string) {
  const row = await decisionQuery(db).where('d.id', '=', decisionId).executeTakeFirst()
  if (!row || !partnershipIds.includes(row.partnership_id)) {
    throw new DomainError('NOT_FOUND', 'No such decision.', { field: 'decisionId' })
  }
  const [decision] = await shapeDecisions(db, [row])
  return { ...(decision as NonNullable<typeof decision>), partnershipId: row.partnership_id }
}

const CSV_COLUMNS = [
  'code',
  'title',
  'status',
  'type',
  'effective_date',
  'proposal',
  'revision',
  'workstream',
  'charter_items',
  'signed_by',
  'superseded_by',
  'supersedes',
] as const

function csvCell(value: string): string {
  // Quote every cell; a leading =, +, - or @ is defused so a spreadsheet never runs it as a formula.
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return `"${safe.replace(/"/g, '""')}"`
}

export async function exportDecisions(
  db: Executor,
  input: {
    partnershipId: string
    format: 'csv' | 'json'
    status?: 'active' | 'superseded' | null
    workstreamId?: string | null
    charterItemId?: string | null
  },
) {
  const { format, ...filters } = input
  const all: Awaited<ReturnType<typeof shapeDecisions>> = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof listDecisions>> = await listDecisions(db, {
      ...filters,
      cursor,
      limit: 100,
    })
    all.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  if (format === 'json') {
    return {
      filename: 'decision-register.json',
      contentType: 'application/json',
      content: JSON.stringify(all, null, 2),
    }
  }
  const lines = [CSV_COLUMNS.join(',')]
  for (const d of all) {
    lines.push(
      [
        d.code,
        d.title,
        d.status,
        d.type,
        d.effectiveDate,
        d.proposal.code,
        String(d.revision),
        d.workstream?.code ?? '',
        d.charterItems.map((c) => c.code).join(' '),
        d.signoffs.map((s) => `${s.party}: ${s.signer.name} (${s.signedAt})`).join('; '),
        d.supersededBy?.code ?? '',
        d.supersedes.map((s) => s.code).join(' '),
      ]
        .map(csvCell)
        .join(','),
    )
  }
  return {
    filename: 'decision-register.csv',
    contentType: 'text/csv',
    content: `${lines.join('\r\n')}\r\n`,
  }
}

export async function charterHistory(db: Executor, partnershipId: string) {
  const versions = await db
    .selectFrom('charter_versions as v')
    .leftJoin('decisions as d', 'd.id', 'v.decision_id')
    .leftJoin('proposals as p', 'p.id', 'd.proposal_id')
    .select([
      'v.version',
      'v.created_at',
      'v.summary',
      'v.changes',
      'v.decision_id',
      'd.number as decision_number',
      'p.id as proposal_id',
      'p.number as proposal_number',
    ])
    .where('v.partnership_id', '=', partnershipId)
    .orderBy('v.version', 'desc')
    .execute()
  return versions.map((v) => ({
    version: v.version,
    createdAt: v.created_at,
    summary: v.summary,
    changes: JSON.parse(v.changes) as unknown[],
    decision: v.decision_id ? { id: v.decision_id, code: `D-${v.decision_number}` } : null,
    proposal: v.proposal_id ? { id: v.proposal_id, code: `P-${v.proposal_number}` } : null,
  }))
}
