/**
 * Grounded concerns in the shared rules (ADR 0031): the grounds schema the form and the server
 * share, and the waits rule giving a departed raiser's concern to their own party's leads only.
 */
import { describe, expect, it } from 'vitest'
import { groundsStated, POLICY_CLAUSES } from '../../shared/concern-grounds'
import { relationsFrom } from '../../shared/lifecycle'
import { concernGroundsInput } from '../../shared/schemas/concern-grounds'
import { ownedBy, type WaitFacts, waitsOf } from '../../shared/waits'

const FACTS: WaitFacts = {
  state: 'in_review',
  authorId: 'author',
  parties: ['HONDA', 'NISSAN'],
  needed: 1,
  reviewers: [
    { userId: 'h1', party: 'HONDA' },
    { userId: 'n1', party: 'NISSAN' },
  ],
  verdicts: [
    { reviewerId: 'h1', verdict: 'approve' },
    { reviewerId: 'n1', verdict: 'approve' },
  ],
  concerns: [{ id: 'c1', title: 'Risk', raisedBy: 'gone', party: 'NISSAN', heldByLeads: true }],
  signedParties: [],
  needsPartnershipLeads: false,
  conflictingCodes: [],
}

const person = (userId: string, partyCode: string, lead: 'partnership' | 'workstream' | null) => ({
  userId,
  partyCode,
  partySigned: false,
  relations: relationsFrom({
    isAuthor: false,
    isParticipant: true,
    isAssignedReviewer: false,
    isWorkstreamLead: lead === 'workstream',
    isPartnershipLead: lead === 'partnership',
    sameParty: partyCode === 'HONDA',
    needsPartnershipLeads: false,
  }),
})

describe('the grounds schema', () => {
  it('asks text for other, a code for a charter item or clause, and knows the clauses', () => {
    const issue = (input: unknown) => {
      const r = concernGroundsInput.safeParse(input)
      return r.success
        ? null
        : [
            r.error.issues[0]?.path.join('.'),
            (r.error.issues[0] as { params?: { rule?: string } } | undefined)?.params?.rule,
          ]
    }
    expect(issue({ kind: 'other', text: ' ' })).toEqual(['text', 'required'])
    expect(issue({ kind: 'charter_item' })).toEqual(['ref', 'required'])
    expect(issue({ kind: 'policy_clause', ref: 'nope' })).toEqual(['ref', 'unknownPolicyClause'])
    for (const ref of POLICY_CLAUSES) expect(issue({ kind: 'policy_clause', ref })).toBeNull()
    expect(issue({ kind: 'charter_item', ref: 'CON-1' })).toBeNull()
    expect(issue({ kind: 'other', text: 'Timing' })).toBeNull()
  })

  it('tells a concern from before grounds (other, no text, nothing would resolve it)', () => {
    expect(groundsStated({ kind: 'other', ref: '', text: '' }, '')).toBe(false)
    expect(groundsStated({ kind: 'other', ref: '', text: 'Timing' }, 'A date')).toBe(true)
    expect(groundsStated({ kind: 'charter_item', ref: 'CON-1', text: '' }, '')).toBe(true)
  })
})

describe('the waits rule for a concern whose raiser left', () => {
  it("is owned by the raiser's own party's partnership leads, never the other party's nor a workstream lead", () => {
    const [wait] = waitsOf(FACTS)
    expect(wait).toMatchObject({ kind: 'concern_open', heldByLeads: true })
    if (!wait) throw new Error('no wait')
    expect(wait.owners[0]).toEqual({
      who: 'party_leads',
      party: 'NISSAN',
      action: 'resolve_concern',
    })
    expect(ownedBy(wait, 'in_review', person('nl', 'NISSAN', 'partnership'))?.who).toBe(
      'party_leads',
    )
    expect(ownedBy(wait, 'in_review', person('hl', 'HONDA', 'partnership'))).toBeNull()
    expect(ownedBy(wait, 'in_review', person('nw', 'NISSAN', 'workstream'))).toBeNull()
    expect(ownedBy(wait, 'in_review', person('gone', 'NISSAN', null))).toBeNull()
  })

  it('is the raiser’s own while they take part', () => {
    const [wait] = waitsOf({
      ...FACTS,
      concerns: [{ id: 'c1', title: 'Risk', raisedBy: 'n2', party: 'NISSAN' }],
    })
    if (!wait) throw new Error('no wait')
    expect(wait.owners[0]).toEqual({ who: 'person', userId: 'n2', action: 'resolve_concern' })
    expect(ownedBy(wait, 'in_review', person('nl', 'NISSAN', 'partnership'))).toBeNull()
  })
})
