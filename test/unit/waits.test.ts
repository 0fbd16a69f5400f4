/** The waits rule (shared/waits.ts): what a proposal lacks, and who owns each wait. */
import { describe, expect, it } from 'vitest'
import { relationsFrom } from '../../shared/lifecycle'
import { ownedBy, reviewersShort, type WaitFacts, waitKey, waitsOf } from '../../shared/waits'

const BASE: WaitFacts = {
  state: 'in_review',
  authorId: 'author',
  parties: ['HONDA', 'NISSAN'],
  needed: 2,
  reviewers: [
    { userId: 'h1', party: 'HONDA' },
    { userId: 'n1', party: 'NISSAN' },
    { userId: 'n2', party: 'NISSAN' },
  ],
  verdicts: [
    { reviewerId: 'h1', verdict: 'approve' },
    { reviewerId: 'n1', verdict: 'approve' },
  ],
  concerns: [],
  signedParties: [],
  needsPartnershipLeads: true,
  conflictingCodes: [],
}

const person = (
  userId: string,
  partyCode: string,
  facts: Partial<Parameters<typeof relationsFrom>[0]> = {},
) => ({
  userId,
  partyCode,
  partySigned: false,
  relations: relationsFrom({
    isAuthor: false,
    isParticipant: true,
    isAssignedReviewer: false,
    isWorkstreamLead: false,
    isPartnershipLead: false,
    sameParty: partyCode === 'HONDA',
    needsPartnershipLeads: true,
    ...facts,
  }),
})

describe('waitsOf', () => {
  it('finds a party short of reviewers, and one whose reviewer has not answered', () => {
    const waits = waitsOf(BASE)
    expect(waits.map(waitKey)).toEqual(['reviewers_missing:HONDA', 'approvals_missing:NISSAN'])
    expect(reviewersShort(waits)).toEqual([{ party: 'HONDA', have: 1, needed: 2 }])
    const approvals = waits[1]
    expect(approvals).toMatchObject({ have: 1, needed: 2, pending: ['n2'] })
  })

  it('gives each wait to its owners, as the lifecycle table allows their action', () => {
    const [reviewers, approvals] = waitsOf(BASE)
    if (!reviewers || !approvals) throw new Error('expected two waits')
    const author = person('author', 'HONDA', { isAuthor: true })
    const hondaLead = person('hl', 'HONDA', { isWorkstreamLead: true })
    const nissanLead = person('nl', 'NISSAN', { isWorkstreamLead: true })
    const partnershipLead = person('pl', 'HONDA', { isPartnershipLead: true })
    const n2 = person('n2', 'NISSAN', { isAssignedReviewer: true })
    expect(ownedBy(reviewers, 'in_review', author)?.action).toBe('assign_reviewers')
    expect(ownedBy(reviewers, 'in_review', hondaLead)?.action).toBe('assign_reviewers')
    // A lead of the other party, or a partnership lead who may not assign reviewers: not theirs.
    expect(ownedBy(reviewers, 'in_review', nissanLead)).toBeNull()
    expect(ownedBy(reviewers, 'in_review', partnershipLead)).toBeNull()
    expect(ownedBy(approvals, 'in_review', n2)?.action).toBe('review')
    expect(ownedBy(approvals, 'in_review', author)).toBeNull()
  })

  it('puts a request for changes on the author, and open concerns on raiser and author', () => {
    const waits = waitsOf({
      ...BASE,
      reviewers: [...BASE.reviewers, { userId: 'h2', party: 'HONDA' }],
      verdicts: [...BASE.verdicts, { reviewerId: 'h2', verdict: 'request_changes' }],
      concerns: [{ id: 'c1', title: 'Cost', raisedBy: 'n1', party: 'NISSAN' }],
    })
    expect(waits.map(waitKey)).toEqual([
      'concern_open:c1',
      'changes_requested:HONDA',
      'approvals_missing:NISSAN',
    ])
    const concern = waits[0]
    if (!concern) throw new Error('expected a concern')
    expect(ownedBy(concern, 'in_review', person('n1', 'NISSAN'))?.action).toBe('resolve_concern')
    expect(
      ownedBy(concern, 'in_review', person('author', 'HONDA', { isAuthor: true }))?.action,
    ).toBe('comment')
  })

  it('awaits the sign-off of each party that has not signed; a taken charter code waits on the author', () => {
    const waits = waitsOf({
      ...BASE,
      state: 'awaiting_signoff',
      signedParties: ['HONDA'],
      conflictingCodes: ['MKT-9'],
    })
    expect(waits.map(waitKey)).toEqual(['charter_conflict:MKT-9', 'signoff_missing:NISSAN'])
    const signoff = waits[1]
    if (!signoff) throw new Error('expected a sign-off wait')
    const nissanLead = person('pl', 'NISSAN', { isPartnershipLead: true })
    expect(ownedBy(signoff, 'awaiting_signoff', nissanLead)?.action).toBe('sign_off')
    expect(ownedBy(signoff, 'awaiting_signoff', { ...nissanLead, partySigned: true })).toBeNull()
    expect(
      ownedBy(signoff, 'awaiting_signoff', person('hl', 'HONDA', { isPartnershipLead: true })),
    ).toBeNull()
  })

  it('a draft waits on its author; a closed proposal on nobody', () => {
    expect(waitsOf({ ...BASE, state: 'draft' }).map(waitKey)).toEqual([
      'reviewers_missing:HONDA',
      'draft',
    ])
    expect(waitsOf({ ...BASE, state: 'approved' })).toEqual([])
  })
})
