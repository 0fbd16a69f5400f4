import { type Wait, type WaitFacts, waitsOf } from '../../../../shared/waits'
import type { I18n } from '../../i18n'
import type { ProposalView } from './types'

/** The facts of shared/waits.ts, from the proposal as the page has it. */
export function waitFactsOfView(view: ProposalView): WaitFacts {
  const assigned = new Set(view.reviewers.map((r) => r.id))
  // A reviewer's latest verdict on the current revision is the one that counts (reviews come oldest first).
  const latest = new Map<string, string>()
  for (const r of view.reviews)
    if (r.revision === view.currentRevision && assigned.has(r.reviewer.id))
      latest.set(r.reviewer.id, r.verdict)
  return {
    state: view.state,
    authorId: view.author.id,
    parties: view.signoffStatus.map((s) => s.party),
    needed: view.policy.reviewsPerParty[view.type],
    reviewers: view.reviewers.map((r) => ({ userId: r.id, party: r.party })),
    verdicts: [...latest].map(([reviewerId, verdict]) => ({ reviewerId, verdict })),
    concerns: view.concerns
      .filter((c) => c.status === 'open')
      .map((c) => ({ id: c.id, title: c.title, raisedBy: c.raisedBy.id, party: c.party })),
    signedParties: view.signoffStatus.filter((s) => s.status === 'approved').map((s) => s.party),
    needsPartnershipLeads: view.needsPartnershipLeads,
    conflictingCodes: view.charterConflicts,
    counted: view.policy.positions[view.type].counted,
    recused: view.recusals.map((r) => r.person.id),
  }
}

/** What the proposal waits on: the shared rule, asked with the page's facts. */
export function waitsOfView(view: ProposalView): Wait[] {
  return waitsOf(waitFactsOfView(view))
}

/**
 * What the proposal waits on, in the UI's language. A draft waits on its author (its checklist
 * says the rest); an approved proposal is closed too, and says so in its own words.
 */
export function waitingOnText(view: ProposalView, { t, plural }: Pick<I18n, 't' | 'plural'>) {
  if (view.state === 'draft') return t('proposal.waiting.draft')
  if (view.state === 'escalated' && view.escalation)
    return t('escalation.waiting', { body: t(`escalation.body.${view.escalation.body}`) })
  const waits = waitsOfView(view)
  if (waits.length === 0)
    return view.state === 'approved' ? t('proposal.waiting.approved') : t('proposal.waiting.closed')
  const of = <K extends Wait['kind']>(kind: K) =>
    waits.filter((w): w is Extract<Wait, { kind: K }> => w.kind === kind)
  const sentences: string[] = []
  const conflicts = of('charter_conflict')
  for (const w of conflicts)
    sentences.push(t('proposal.waiting.charterConflict', { codes: w.codes.join(', ') }))
  const concerns = of('concern_open')
  if (concerns.length) sentences.push(plural('proposal.waiting.concerns', concerns.length))
  const changes = of('changes_requested')
  if (changes.length)
    sentences.push(
      t('proposal.waiting.changes', { parties: changes.map((w) => w.party).join(', ') }),
    )
  const approvals = of('approvals_missing')
  if (approvals.length) {
    const parties = approvals.map((w) =>
      t('proposal.waiting.partyApprovals', { party: w.party, have: w.have, need: w.needed }),
    )
    sentences.push(t('proposal.waiting.reviews', { parties: parties.join(', ') }))
  }
  const reviewers = of('reviewers_missing')
  if (reviewers.length) {
    const parties = reviewers.map((w) =>
      t('proposal.waiting.partyApprovals', { party: w.party, have: w.have, need: w.needed }),
    )
    sentences.push(t('proposal.waiting.reviewersMissing', { parties: parties.join(', ') }))
  }
  const signoffs = of('signoff_missing')
  if (signoffs.length) {
    const parties = signoffs.map((w) => w.party).join(', ')
    sentences.push(
      signoffs[0]?.partnershipLeads
        ? t('proposal.waiting.signoffLeads', { parties })
        : t('proposal.waiting.signoff', { parties }),
    )
  }
  return sentences.join(' ')
}
