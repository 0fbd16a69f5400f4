/**
 * Every wait has an owner (issue 13, ADR 0027): for a proposal that cannot progress, what it
 * lacks and who can supply it, as codes. One rule, asked by the server (the inbox, and the
 * notifications told when a wait starts) and by the browser (the proposal page's "waiting on" and
 * the submit checklist), from the same facts.
 */
import { check, type ProposalAction, type ProposalState, type Relation } from './lifecycle'

/** What the rule looks at: the proposal's current revision, as its readers see it. */
export interface WaitFacts {
  state: ProposalState
  authorId: string
  /** the partnership's parties, by code */
  parties: readonly string[]
  /** approving reviews each party must give, per the policy (frozen at submission; the partnership's before) */
  needed: number
  reviewers: readonly { userId: string; party: string }[]
  /** the latest verdict of each assigned reviewer on the current revision */
  verdicts: readonly { reviewerId: string; verdict: string }[]
  /** open concerns only */
  concerns: readonly {
    id: string
    title: string
    raisedBy: string
    party: string
    /** the raiser left: the partnership leads of `party` hold it (ADR 0031) */
    heldByLeads?: boolean
  }[]
  /** parties that signed off (approved) the current revision */
  signedParties: readonly string[]
  needsPartnershipLeads: boolean
  /** charter codes an amendment adds that the charter now holds already */
  conflictingCodes: readonly string[]
  /** positions that count toward `needed` (the policy's; shared/positions.ts); approve only if absent */
  counted?: readonly string[]
  /** people recused from the proposal: out of the counts, and waited on by nobody (ADR 0029) */
  recused?: readonly string[]
}

/**
 * Who can supply what a wait lacks. `author` and `person` are people; the others are the people
 * of `party` whom the lifecycle table allows the owner's action (assign reviewers: the proposal's
 * workstream leads; sign off: the eligible signers).
 */
export type Owner =
  | { who: 'author'; action: ProposalAction }
  | { who: 'person'; userId: string; action: ProposalAction }
  | { who: 'party'; party: string; action: ProposalAction }
  /** the partnership leads of `party`: a concern whose raiser left (ADR 0031) */
  | { who: 'party_leads'; party: string; action: ProposalAction }

export type Wait =
  /** the author has not submitted the draft */
  | { kind: 'draft'; owners: Owner[] }
  /** fewer reviewers of `party` are assigned than the policy's approvals need */
  | { kind: 'reviewers_missing'; party: string; have: number; needed: number; owners: Owner[] }
  /** the party's approvals are short, and these assigned reviewers have not answered yet */
  | {
      kind: 'approvals_missing'
      party: string
      have: number
      needed: number
      pending: string[]
      owners: Owner[]
    }
  /** a reviewer of `party` requested changes on the current revision */
  | { kind: 'changes_requested'; party: string; owners: Owner[] }
  /** an open concern: its raiser (or their party's partnership lead) resolves it, the author answers */
  | {
      kind: 'concern_open'
      concernId: string
      title: string
      party: string
      /** its raiser left, so their party's partnership leads hold it (ADR 0031) */
      heldByLeads: boolean
      owners: Owner[]
    }
  /** `party` has not signed off the current revision */
  | { kind: 'signoff_missing'; party: string; partnershipLeads: boolean; owners: Owner[] }
  /** an amendment adds charter codes the charter now holds: the author revises it */
  | { kind: 'charter_conflict'; codes: string[]; owners: Owner[] }

export type WaitKind = Wait['kind']

/** What stops the proposal from progressing now, in the order a reader takes it in. */
export function waitsOf(f: WaitFacts): Wait[] {
  const waits: Wait[] = []
  const open = f.state === 'draft' || f.state === 'in_review' || f.state === 'awaiting_signoff'
  if (!open) return waits
  const author: Owner[] = [
    { who: 'author', action: f.state === 'draft' ? 'update_draft' : 'revise' },
  ]
  if (f.conflictingCodes.length)
    waits.push({ kind: 'charter_conflict', codes: [...f.conflictingCodes], owners: author })
  if (f.state === 'awaiting_signoff') {
    for (const party of f.parties) {
      if (f.signedParties.includes(party)) continue
      waits.push({
        kind: 'signoff_missing',
        party,
        partnershipLeads: f.needsPartnershipLeads,
        owners: [{ who: 'party', party, action: 'sign_off' }],
      })
    }
    return waits
  }
  for (const c of f.concerns) {
    waits.push({
      kind: 'concern_open',
      concernId: c.id,
      title: c.title,
      party: c.party,
      heldByLeads: c.heldByLeads === true,
      owners: [
        // Never the other party's nor the operator's: the raiser's own party's leads (ADR 0031).
        c.heldByLeads
          ? { who: 'party_leads', party: c.party, action: 'resolve_concern' }
          : { who: 'person', userId: c.raisedBy, action: 'resolve_concern' },
        { who: 'author', action: 'comment' },
      ],
    })
  }
  const verdictOf = new Map(f.verdicts.map((v) => [v.reviewerId, v.verdict]))
  const recused = new Set(f.recused ?? [])
  const counted = f.counted ?? ['approve']
  for (const party of f.parties) {
    // A recused reviewer is waited on by nobody; one whose position on this revision does not
    // count (an abstention) will not make up the number: either way the party's wait passes to
    // who can assign another reviewer (ADR 0029).
    const reviewers = f.reviewers.filter((r) => r.party === party && !recused.has(r.userId))
    const able = reviewers.filter((r) => {
      const v = verdictOf.get(r.userId)
      return v === undefined || v === 'request_changes' || counted.includes(v)
    })
    if (able.length < f.needed) {
      waits.push({
        kind: 'reviewers_missing',
        party,
        have: able.length,
        needed: f.needed,
        owners: [
          { who: 'author', action: 'assign_reviewers' },
          { who: 'party', party, action: 'assign_reviewers' },
        ],
      })
    }
    if (f.state === 'draft') continue
    const verdicts = reviewers.map((r) => verdictOf.get(r.userId))
    if (verdicts.includes('request_changes')) {
      waits.push({
        kind: 'changes_requested',
        party,
        owners: [{ who: 'author', action: 'revise' }],
      })
      continue
    }
    const have = verdicts.filter((v) => v !== undefined && counted.includes(v)).length
    const pending = reviewers.filter((r) => !verdictOf.has(r.userId)).map((r) => r.userId)
    if (have < f.needed && pending.length) {
      waits.push({
        kind: 'approvals_missing',
        party,
        have,
        needed: f.needed,
        pending,
        owners: pending.map((userId) => ({ who: 'person', userId, action: 'review' })),
      })
    }
  }
  if (f.state === 'draft')
    waits.push({ kind: 'draft', owners: [{ who: 'author', action: 'submit' }] })
  return waits
}

/** A person as the owner rule sees them: who they are, and how they stand towards the proposal. */
export interface OwnerFacts {
  userId: string
  partyCode: string | null
  relations: ReadonlySet<Relation>
  /** their party signed off the current revision already */
  partySigned: boolean
}

/** Whether this person owns the wait, and with which action: the lifecycle table decides. */
export function ownedBy(wait: Wait, state: ProposalState, me: OwnerFacts): Owner | null {
  for (const owner of wait.owners) {
    // A named person (a pending reviewer, a concern's raiser) was chosen by the rule itself.
    if (owner.who === 'person') {
      if (owner.userId === me.userId && me.relations.has('participant')) return owner
      continue
    }
    if (owner.who === 'party_leads') {
      if (owner.party === me.partyCode && me.relations.has('partnership_lead')) return owner
      continue
    }
    if (!check(owner.action, state, me.relations).allowed) continue
    if (owner.who === 'author' && me.relations.has('author')) return owner
    if (owner.who === 'party' && owner.party === me.partyCode) {
      if (owner.action === 'sign_off' && me.partySigned) continue
      return owner
    }
  }
  return null
}

/** A wait's identity, to tell when it starts: the same wait twice has the same key. */
export function waitKey(wait: Wait): string {
  switch (wait.kind) {
    case 'draft':
      return 'draft'
    case 'concern_open':
      return `concern_open:${wait.concernId}`
    case 'charter_conflict':
      return `charter_conflict:${wait.codes.join(',')}`
    default:
      return `${wait.kind}:${wait.party}`
  }
}

/** The submit checklist's reviewers line: the parties short of the reviewers the policy needs. */
export function reviewersShort(waits: readonly Wait[]) {
  return waits.flatMap((w) =>
    w.kind === 'reviewers_missing' ? [{ party: w.party, have: w.have, needed: w.needed }] : [],
  )
}
