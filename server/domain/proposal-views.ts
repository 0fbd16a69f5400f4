import { type SqlBool, sql } from 'kysely'
import type { Executor } from '../../db/connect'
import type { Proposal, ProposalRevision } from '../../db/schema'
import { type ApprovalPolicy, DEFAULT_POLICY } from '../../shared/charter'
import { diffLines } from '../../shared/diff'
import { DomainError } from '../../shared/errors'
import { allowedActions, check, OPEN_STATES, type ProposalState } from '../../shared/lifecycle'
import type { AmendmentChange } from '../../shared/schemas/proposal'
import type { ImpactStatement } from '../../shared/screening'
import { commentsFor } from './comments'
import { decisionCode } from './decisions'
import { decodeCursor, pageOf } from './pagination'
import { partiesOf } from './partnerships'
import { canSee, loadProposal, proposalCode, relationsOf } from './proposal-access'
import { reviewStatus } from './proposals'
import type { SessionUser } from './users'

const today = () => new Date().toISOString().slice(0, 10)

function isOverdue(p: { decide_by: string | null; state: string }): boolean {
  return (
    p.decide_by !== null && p.decide_by < today() && OPEN_STATES.includes(p.state as ProposalState)
  )
}

function revisionView(r: ProposalRevision) {
  return {
    number: r.number,
    title: r.title,
    body: r.body,
    workstreamId: r.workstream_id,
    charterItemIds: JSON.parse(r.charter_item_ids) as string[],
    impacts: JSON.parse(r.impacts) as ImpactStatement[],
    supersedes: JSON.parse(r.supersedes) as string[],
    amendment: r.amendment ? (JSON.parse(r.amendment) as { changes: AmendmentChange[] }) : null,
    decideBy: r.decide_by,
    note: r.note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }
}

async function names(db: Executor, ids: string[]) {
  const unique = [...new Set(ids)]
  if (unique.length === 0)
    return new Map<string, { id: string; name: string; partyCode: string | null }>()
  const rows = await db
    .selectFrom('users')
    .leftJoin('parties', 'parties.id', 'users.party_id')
    .select(['users.id', 'users.name', 'parties.code as partyCode'])
    .where('users.id', 'in', unique)
    .execute()
  return new Map(rows.map((r) => [r.id, r]))
}

/** Everything the proposal page shows, as this user may see it, with the actions they may take. */
export async function getProposal(db: Executor, user: SessionUser, proposalId: string) {
  const p = await loadProposal(db, user, proposalId)
  const [
    revisions,
    reviewers,
    reviews,
    concerns,
    signoffs,
    comments,
    status,
    relations,
    parties,
    decision,
    links,
    workstream,
  ] = await Promise.all([
    db
      .selectFrom('proposal_revisions')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('number')
      .execute(),
    db.selectFrom('proposal_reviewers').selectAll().where('proposal_id', '=', p.id).execute(),
    db
      .selectFrom('reviews')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('concerns')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('signoffs')
      .selectAll()
      .where('proposal_id', '=', p.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    commentsFor(db, user, p),
    reviewStatus(db, p),
    relationsOf(db, user, p),
    partiesOf(db, [p.partnership_id]),
    db
      .selectFrom('decisions')
      .select(['id', 'number', 'status'])
      .where('proposal_id', '=', p.id)
      .executeTakeFirst(),
    db
      .selectFrom('proposal_charter_links as l')
      .innerJoin('charter_items as c', 'c.id', 'l.charter_item_id')
      .select(['c.id', 'c.code', 'c.kind', 'c.title'])
      .where('l.proposal_id', '=', p.id)
      .orderBy('c.code')
      .execute(),
    p.workstream_id
      ? db
          .selectFrom('workstreams')
          .select(['id', 'code', 'name'])
          .where('id', '=', p.workstream_id)
          .executeTakeFirst()
      : undefined,
  ])
  const people = await names(db, [
    p.author_id,
    ...reviewers.map((r) => r.user_id),
    ...reviews.map((r) => r.reviewer_id),
    ...concerns.flatMap((c) => [c.raised_by, ...(c.resolved_by ? [c.resolved_by] : [])]),
    ...signoffs.map((s) => s.signer_id),
  ])
  const person = (id: string) => people.get(id) ?? { id, name: 'Unknown', partyCode: null }
  // Who may resolve each open concern is the lifecycle table's answer, as the server enforces it.
  const resolvable = new Set<string>()
  for (const c of concerns) {
    if (c.status !== 'open') continue
    const withConcern = await relationsOf(db, user, p, { raisedBy: c.raised_by, party: c.party })
    if (check('resolve_concern', p.state, withConcern).allowed) resolvable.add(c.id)
  }
  const current = p.current_revision
  const currentRevision = revisionView(
    revisions.find((r) => r.number === current) as ProposalRevision,
  )
  const superseded = currentRevision.supersedes.length
    ? await db
        .selectFrom('decisions')
        .select(['id', 'number', 'status', 'title'])
        .where('id', 'in', currentRevision.supersedes)
        .orderBy('number')
        .execute()
    : []
  const signoffStatus = parties.map(({ code, name }) => {
    const onCurrent = signoffs.filter((s) => s.party === code && s.revision === current)
    const approved = onCurrent.find((s) => s.verdict === 'approve')
    const rejected = onCurrent.find((s) => s.verdict === 'reject')
    return {
      party: code,
      partyName: name,
      status: rejected
        ? ('rejected' as const)
        : approved
          ? ('approved' as const)
          : ('pending' as const),
      by: approved || rejected ? person((approved ?? rejected)?.signer_id as string) : null,
      at: (approved ?? rejected)?.created_at ?? null,
    }
  })
  return {
    id: p.id,
    code: proposalCode(p),
    number: p.number,
    partnershipId: p.partnership_id,
    type: p.type,
    title: p.title,
    state: p.state,
    version: p.version,
    currentRevision: current,
    author: person(p.author_id),
    authorParty: p.author_party,
    workstream: workstream ?? null,
    decideBy: p.decide_by,
    overdue: isOverdue(p),
    policy: (p.policy ? JSON.parse(p.policy) : DEFAULT_POLICY) as ApprovalPolicy,
    charterVersion: p.charter_version,
    needsPartnershipLeads: p.needs_partnership_leads === 1,
    submittedAt: p.submitted_at,
    closedAt: p.closed_at,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
    revision: currentRevision,
    /** The decisions the current revision would supersede, named. */
    supersedes: superseded.map((d) => ({
      id: d.id,
      code: decisionCode(d),
      title: d.title,
      status: d.status,
    })),
    revisions: revisions.map((r) => ({
      number: r.number,
      title: r.title,
      note: r.note,
      createdAt: r.created_at,
    })),
    charterItems: links,
    reviewers: reviewers.map((r) => ({ ...person(r.user_id), party: r.party })),
    reviews: reviews.map((r) => ({
      id: r.id,
      revision: r.revision,
      reviewer: person(r.reviewer_id),
      party: r.party,
      verdict: r.verdict,
      comment: r.comment,
      createdAt: r.created_at,
      stale: r.revision < current,
    })),
    reviewStatus: status,
    concerns: concerns.map((c) => ({
      id: c.id,
      revision: c.revision,
      title: c.title,
      rationale: c.rationale,
      status: c.status,
      party: c.party,
      raisedBy: person(c.raised_by),
      resolvedBy: c.resolved_by ? person(c.resolved_by) : null,
      resolution: c.resolution,
      override: c.override === 1,
      createdAt: c.created_at,
      resolvedAt: c.resolved_at,
      canResolve: resolvable.has(c.id),
    })),
    signoffs: signoffs.map((s) => ({
      id: s.id,
      revision: s.revision,
      party: s.party,
      signer: person(s.signer_id),
      verdict: s.verdict,
      rationale: s.rationale,
      createdAt: s.created_at,
      stale: s.revision < current,
    })),
    signoffStatus,
    comments,
    decision: decision
      ? { id: decision.id, code: decisionCode(decision), status: decision.status }
      : null,
    waitingOn: waitingOn(p, status, signoffStatus),
    myActions: allowedActions(p.state, relations),
  }
}

function waitingOn(
  p: Proposal,
  status: Awaited<ReturnType<typeof reviewStatus>>,
  signoffStatus: { party: string; status: string }[],
): string {
  switch (p.state) {
    case 'draft':
      return 'The author: the proposal is a draft, visible to their party only.'
    case 'in_review': {
      if (status.openConcerns > 0) return `${status.openConcerns} open concern(s) must be resolved.`
      const changes = status.perParty.filter((x) => x.changesRequested > 0).map((x) => x.party)
      if (changes.length) return `The author: changes were requested by ${changes.join(', ')}.`
      const short = status.perParty
        .filter((x) => x.approvals < x.needed)
        .map((x) => `${x.party} (${x.approvals}/${x.needed})`)
      return `Approving reviews from ${short.join(', ')}.`
    }
    case 'awaiting_signoff': {
      const pending = signoffStatus.filter((s) => s.status === 'pending').map((s) => s.party)
      return `Sign-off by ${pending.join(' and ')}${p.needs_partnership_leads ? ' (partnership leads)' : ''}.`
    }
    default:
      return 'Nothing: the proposal is closed.'
  }
}

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
      'p.needs_partnership_leads',
      'u.id as author_id',
      'u.name as author_name',
      'w.id as workstream_id',
      'w.code as workstream_code',
      'w.name as workstream_name',
    ])
    .where('p.partnership_id', '=', input.partnershipId)
    .orderBy('p.number', 'desc')
    .limit(input.limit + 1)
  // Drafts are private to the author's party.
  const party = user.partyCode
  q = party
    ? q.where((eb) => eb.or([eb('p.state', '!=', 'draft'), eb('p.author_party', '=', party)]))
    : q.where('p.state', '!=', 'draft')
  if (input.cursor) {
    const [number] = decodeCursor(input.cursor, ['number']) as [number]
    q = q.where('p.number', '<', number)
  }
  if (input.state) q = q.where('p.state', '=', input.state)
  if (input.workstreamId) q = q.where('p.workstream_id', '=', input.workstreamId)
  if (input.party) q = q.where('p.author_party', '=', input.party)
  if (input.authorId) q = q.where('p.author_id', '=', input.authorId)
  if (input.charterItemId) {
    const itemId = input.charterItemId
    q = q.where('p.id', 'in', (qb) =>
      qb
        .selectFrom('proposal_charter_links')
        .select('proposal_id')
        .where('charter_item_id', '=', itemId),
    )
  }
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
  const page = pageOf(await q.execute(), input.limit, (r) => [r.number])
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
        ? { id: r.workstream_id, code: r.workstream_code, name: r.workstream_name }
        : null,
      decideBy: r.decide_by,
      overdue: isOverdue(r),
      needsPartnershipLeads: r.needs_partnership_leads === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      submittedAt: r.submitted_at,
    })),
    nextCursor: page.nextCursor,
  }
}

/** What waits on the signed-in user, across the partnership. */
export async function inbox(db: Executor, user: SessionUser, partnershipId: string) {
  const roles = user.roles[partnershipId] ?? []
  const party = user.partyCode
  // Proposals under way, and the caller's own drafts: other people's drafts never wait on
  // anyone but their authors, and over the years they would be most of the open rows.
  const open = await db
    .selectFrom('proposals')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where((eb) =>
      eb.or([
        eb('state', 'in', ['in_review', 'awaiting_signoff']),
        eb.and([eb('state', '=', 'draft'), eb('author_id', '=', user.id)]),
      ]),
    )
    .orderBy('number', 'desc')
    .execute()
  const visible = open.filter((p) => canSee(user, p))
  const ids = visible.map((p) => p.id)
  const [myReviewerRows, myReviews, signoffs, openConcerns, changeRequests, myLeadWorkstreams] =
    ids.length
      ? await Promise.all([
          db
            .selectFrom('proposal_reviewers')
            .select('proposal_id')
            .where('user_id', '=', user.id)
            .where('proposal_id', 'in', ids)
            .execute(),
          db
            .selectFrom('reviews')
            .select(['proposal_id', 'revision'])
            .where('reviewer_id', '=', user.id)
            .where('proposal_id', 'in', ids)
            .execute(),
          db
            .selectFrom('signoffs')
            .select(['proposal_id', 'revision', 'party', 'verdict'])
            .where('proposal_id', 'in', ids)
            .execute(),
          db
            .selectFrom('concerns')
            .select(['proposal_id', 'title', 'id'])
            .where('status', '=', 'open')
            .where('proposal_id', 'in', ids)
            .execute(),
          db
            .selectFrom('reviews')
            .select(['proposal_id', 'revision', 'reviewer_id', 'verdict', 'created_at'])
            .where('proposal_id', 'in', ids)
            .orderBy('created_at')
            .execute(),
          db
            .selectFrom('workstream_people')
            .select('workstream_id')
            .where('user_id', '=', user.id)
            .where('role', '=', 'lead')
            .execute(),
        ])
      : [[], [], [], [], [], []]
  const leadOf = new Set(
    roles.includes('workstream_lead') ? myLeadWorkstreams.map((w) => w.workstream_id) : [],
  )
  const isPartnershipLead = roles.includes('partnership_lead')
  const item = (p: Proposal, reason: string) => ({
    id: p.id,
    code: proposalCode(p),
    title: p.title,
    state: p.state,
    decideBy: p.decide_by,
    overdue: isOverdue(p),
    reason,
  })

  const reviewsRequested = visible
    .filter(
      (p) =>
        p.state === 'in_review' &&
        p.author_id !== user.id &&
        myReviewerRows.some((r) => r.proposal_id === p.id) &&
        !myReviews.some((r) => r.proposal_id === p.id && r.revision === p.current_revision),
    )
    .map((p) => item(p, `Your review of revision ${p.current_revision} is requested.`))

  const signoffsOwed = visible
    .filter((p) => {
      if (p.state !== 'awaiting_signoff' || p.author_id === user.id || !party) return false
      const eligible =
        isPartnershipLead ||
        (p.needs_partnership_leads === 0 && p.workstream_id !== null && leadOf.has(p.workstream_id))
      const signed = signoffs.some(
        (s) => s.proposal_id === p.id && s.revision === p.current_revision && s.party === party,
      )
      return eligible && !signed
    })
    .map((p) => item(p, `${party} has not signed off revision ${p.current_revision} yet.`))

  const latestVerdicts = (p: Proposal) => {
    const latest = new Map<string, string>()
    for (const r of changeRequests)
      if (r.proposal_id === p.id && r.revision === p.current_revision)
        latest.set(r.reviewer_id, r.verdict)
    return [...latest.values()]
  }
  const myProposals = visible
    .filter((p) => p.author_id === user.id)
    .flatMap((p) => {
      const reasons: string[] = []
      if (p.state === 'draft') reasons.push('Your draft is not submitted yet.')
      if (latestVerdicts(p).includes('request_changes')) reasons.push('Changes were requested.')
      const concerns = openConcerns.filter((c) => c.proposal_id === p.id)
      if (concerns.length)
        reasons.push(
          `${concerns.length} open concern(s): ${concerns.map((c) => c.title).join('; ')}`,
        )
      return reasons.length ? [item(p, reasons.join(' '))] : []
    })

  const overdue = visible
    .filter(
      (p) =>
        isOverdue(p) &&
        p.state !== 'draft' &&
        (isPartnershipLead || (p.workstream_id !== null && leadOf.has(p.workstream_id))),
    )
    .map((p) => item(p, `Past its decide-by date (${p.decide_by}).`))

  return {
    reviewsRequested,
    signoffsOwed,
    myProposals,
    overdue,
    counts: {
      reviewsRequested: reviewsRequested.length,
      signoffsOwed: signoffsOwed.length,
      myProposals: myProposals.length,
      overdue: overdue.length,
      total: reviewsRequested.length + signoffsOwed.length + myProposals.length + overdue.length,
    },
  }
}
