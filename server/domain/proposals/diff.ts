/** What changed between two revisions of a proposal, with codes for what they refer to. */
import type { Executor } from '../../../db/connect'
import { decisionCode } from '../../../shared/codes'
import { diffLines } from '../../../shared/diff'
import { DomainError } from '../../../shared/errors'
import type { SessionUser } from '../users'
import { loadProposal } from './access'
import { revisionView } from './revision'

/** Codes for ids a revision refers to: charter items (CON-1), decisions (D-7), workstreams (WS-BAT). */
async function namesOf(
  db: Executor,
  table: 'charter_items' | 'decisions' | 'workstreams',
  ids: string[],
) {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return new Map<string, string>()
  if (table === 'decisions') {
    const rows = await db
      .selectFrom('decisions')
      .select(['id', 'number'])
      .where('id', 'in', unique)
      .execute()
    return new Map(rows.map((r) => [r.id, decisionCode(r)]))
  }
  const rows = await db.selectFrom(table).select(['id', 'code']).where('id', 'in', unique).execute()
  return new Map(rows.map((r) => [r.id, r.code]))
}

export async function diffRevisions(
  db: Executor,
  user: SessionUser,
  input: { proposalId: string; from: number; to: number },
) {
  const p = await loadProposal(db, user, input.proposalId)
  const rows = await db
    .selectFrom('proposal_revisions')
    .selectAll()
    .where('proposal_id', '=', p.id)
    .where('number', 'in', [input.from, input.to])
    .execute()
  const from = rows.find((r) => r.number === input.from)
  const to = rows.find((r) => r.number === input.to)
  if (!from)
    throw new DomainError('NOT_FOUND', `Revision ${input.from} does not exist.`, { field: 'from' })
  if (!to)
    throw new DomainError('NOT_FOUND', `Revision ${input.to} does not exist.`, { field: 'to' })
  const a = revisionView(from)
  const b = revisionView(to)
  const impactOf = (r: typeof a) => new Map(r.impacts.map((i) => [i.itemId, i]))
  const ia = impactOf(a)
  const ib = impactOf(b)
  const impactChanges = [...new Set([...ia.keys(), ...ib.keys()])]
    .map((itemId) => ({ itemId, before: ia.get(itemId) ?? null, after: ib.get(itemId) ?? null }))
    .filter((c) => JSON.stringify(c.before) !== JSON.stringify(c.after))
  const [items, decisions, workstreams] = await Promise.all([
    namesOf(db, 'charter_items', [...a.charterItemIds, ...b.charterItemIds]),
    namesOf(db, 'decisions', [...a.supersedes, ...b.supersedes]),
    namesOf(
      db,
      'workstreams',
      [a.workstreamId, b.workstreamId].filter((x): x is string => x !== null),
    ),
  ])
  const setChange = (before: string[], after: string[], names: Map<string, string>) => {
    const added = after
      .filter((x) => !before.includes(x))
      .map((id) => ({ id, code: names.get(id) ?? id }))
    const removed = before
      .filter((x) => !after.includes(x))
      .map((id) => ({ id, code: names.get(id) ?? id }))
    return added.length || removed.length ? { added, removed } : null
  }
  const workstreamOf = (id: string | null) => (id ? { id, code: workstreams.get(id) ?? id } : null)
  return {
    from: a.number,
    to: b.number,
    title: a.title === b.title ? null : { before: a.title, after: b.title },
    workstream:
      a.workstreamId === b.workstreamId
        ? null
        : { before: workstreamOf(a.workstreamId), after: workstreamOf(b.workstreamId) },
    charterItems: setChange(a.charterItemIds, b.charterItemIds, items),
    supersedes: setChange(a.supersedes, b.supersedes, decisions),
    body: diffLines(a.body, b.body),
    impacts: impactChanges,
    decideBy: a.decideBy === b.decideBy ? null : { before: a.decideBy, after: b.decideBy },
    amendment:
      JSON.stringify(a.amendment) === JSON.stringify(b.amendment)
        ? null
        : { before: a.amendment, after: b.amendment },
  }
}
