/**
 * The steering committee's agenda (issue 14, ADR 0033): what waits on a partnership lead across
 * the partnership's workstreams, in sections. The proposal sections are the lead's own inbox
 * (server/domain/proposals/inbox.ts, the one waits rule of shared/waits.ts, read through
 * `canSee`), so the agenda never lists what the lead may not read or is not theirs to resolve.
 * A section is one query; an "escalated" section joins the list as one more.
 */
import type { Executor } from '../../../db/connect'
import { decisionCode } from '../../../shared/codes'
import { escalatedProposals } from '../proposals/escalation'
import { inbox } from '../proposals/inbox'
import type { SessionUser } from '../users'

export interface AgendaWorkstream {
  id: string
  code: string
  name: string
  nameJa: string | null
}

/** A proposal on the agenda. */
export interface AgendaProposal {
  id: string
  code: string
  title: string
  state: string
  revision: number
  decideBy: string | null
  overdue: boolean
  workstream: AgendaWorkstream | null
  /** where an escalated proposal stands on the ladder (ADR 0032); null for the others */
  escalation: {
    body: 'steering_committee' | 'executives'
    escalatedOn: string
    coolingOffUntil: string
    coolingOffOver: boolean
  } | null
}

/** A decision due for review: the charter items it rests on changed after it was judged. */
export interface AgendaDecision {
  id: string
  code: string
  title: string
  effectiveDate: string
  workstream: AgendaWorkstream | null
  /** the items, each with the charter version that changed it and the decision that made it */
  changedItems: {
    id: string
    code: string
    title: string
    titleJa: string | null
    version: number
    retired: boolean
    byDecision: string | null
  }[]
}

export type AgendaSection =
  /** sign-offs the viewer's party owes that the viewer may give (the inbox's `signoffsOwed`) */
  | { key: 'signoffs_owed'; items: AgendaProposal[] }
  /** proposals on the escalation ladder, waiting on the steering committee (ADR 0032) */
  | { key: 'escalated'; items: AgendaProposal[] }
  /** open proposals past their decide-by date (the inbox's `overdue`) */
  | { key: 'overdue'; items: AgendaProposal[] }
  /** active decisions whose charter items were amended or retired after they were judged */
  | { key: 'decisions_for_review'; items: AgendaDecision[] }

export type AgendaSectionKey = AgendaSection['key']

export async function agenda(db: Executor, user: SessionUser, partnershipId: string) {
  const [box, forReview, escalated] = await Promise.all([
    inbox(db, user, partnershipId),
    decisionsForReview(db, partnershipId),
    escalatedProposals(db, partnershipId, user),
  ])
  const ids = [...new Set([...box.signoffsOwed, ...box.overdue, ...escalated].map((i) => i.id))]
  const streams = new Map(
    ids.length
      ? (
          await db
            .selectFrom('proposals as p')
            .innerJoin('workstreams as w', 'w.id', 'p.workstream_id')
            .select(['p.id as proposalId', 'w.id', 'w.code', 'w.name', 'w.name_ja'])
            .where('p.id', 'in', ids)
            .execute()
        ).map((r) => [
          r.proposalId,
          { id: r.id, code: r.code, name: r.name, nameJa: r.name_ja } as AgendaWorkstream,
        ])
      : [],
  )
  const proposal = (i: (typeof box.overdue)[number]): AgendaProposal => ({
    id: i.id,
    code: i.code,
    title: i.title,
    state: i.state,
    revision: i.revision,
    decideBy: i.decideBy,
    overdue: i.overdue,
    workstream: streams.get(i.id) ?? null,
    escalation: null,
  })
  const onLadder = (e: (typeof escalated)[number]): AgendaProposal => ({
    id: e.id,
    code: e.code,
    title: e.title,
    state: 'escalated',
    revision: e.revision,
    decideBy: e.decideBy,
    overdue: false,
    workstream: streams.get(e.id) ?? null,
    escalation: {
      body: e.body,
      escalatedOn: e.escalatedOn,
      coolingOffUntil: e.coolingOffUntil,
      coolingOffOver: e.coolingOffOver,
    },
  })
  const sections: AgendaSection[] = [
    { key: 'signoffs_owed', items: box.signoffsOwed.map(proposal) },
    { key: 'escalated', items: escalated.map(onLadder) },
    { key: 'overdue', items: box.overdue.map(proposal) },
    { key: 'decisions_for_review', items: forReview },
  ]
  return {
    partnershipId,
    party: user.partyCode,
    generatedAt: new Date().toISOString(),
    sections,
  }
}

export type Agenda = Awaited<ReturnType<typeof agenda>>

/**
 * Active decisions of the partnership that rest on a charter item (through their proposal's
 * links) which a later charter version changed or retired: the version the decision was judged by
 * is frozen on its proposal, and each item keeps a revision per version that changed it. The
 * charter version the decision itself made (an amendment) does not count. Decisions carry no
 * review date of their own; this is the review they are due.
 */
export async function decisionsForReview(
  db: Executor,
  partnershipId: string,
): Promise<AgendaDecision[]> {
  const rows = await db
    .selectFrom('decisions as d')
    .innerJoin('proposals as p', 'p.id', 'd.proposal_id')
    .innerJoin('proposal_charter_links as l', 'l.proposal_id', 'p.id')
    .innerJoin('charter_items as i', 'i.id', 'l.charter_item_id')
    .innerJoin('charter_item_revisions as r', 'r.item_id', 'i.id')
    .innerJoin('charter_versions as v', (j) =>
      j.onRef('v.partnership_id', '=', 'd.partnership_id').onRef('v.version', '=', 'r.version'),
    )
    .leftJoin('decisions as by', 'by.id', 'v.decision_id')
    .leftJoin('workstreams as w', 'w.id', 'd.workstream_id')
    .select([
      'd.id',
      'd.number',
      'd.title',
      'd.effective_date',
      'd.workstream_id',
      'w.code as workstream_code',
      'w.name as workstream_name',
      'w.name_ja as workstream_name_ja',
      'i.id as item_id',
      'i.code as item_code',
      'i.title as item_title',
      'i.title_ja as item_title_ja',
      'r.version',
      'r.status as item_status',
      'by.number as by_number',
    ])
    .where('d.partnership_id', '=', partnershipId)
    .where('d.status', '=', 'active')
    .where('p.charter_version', 'is not', null)
    .whereRef('r.version', '>', 'p.charter_version')
    .where((eb) =>
      eb.or([eb('v.decision_id', 'is', null), eb('v.decision_id', '!=', eb.ref('d.id'))]),
    )
    .orderBy('d.number', 'asc')
    .orderBy('i.code', 'asc')
    .orderBy('r.version', 'asc')
    .execute()
  const out = new Map<string, AgendaDecision>()
  for (const r of rows) {
    let d = out.get(r.id)
    if (!d) {
      d = {
        id: r.id,
        code: decisionCode(r),
        title: r.title,
        effectiveDate: r.effective_date,
        workstream:
          r.workstream_id && r.workstream_code && r.workstream_name
            ? {
                id: r.workstream_id,
                code: r.workstream_code,
                name: r.workstream_name,
                nameJa: r.workstream_name_ja,
              }
            : null,
        changedItems: [],
      }
      out.set(r.id, d)
    }
    // The latest change of each item is the one to read.
    const item = {
      id: r.item_id,
      code: r.item_code,
      title: r.item_title,
      titleJa: r.item_title_ja,
      version: Number(r.version),
      retired: r.item_status === 'retired',
      byDecision: r.by_number === null ? null : decisionCode({ number: r.by_number }),
    }
    const at = d.changedItems.findIndex((c) => c.id === r.item_id)
    if (at >= 0) d.changedItems[at] = item
    else d.changedItems.push(item)
  }
  return [...out.values()]
}
