/**
 * Positions and recusal (ADR 0029), one test per position: what the policy offers and counts
 * (shared/positions.ts), and what each does to the waits rule (shared/waits.ts).
 */
import { describe, expect, it } from 'vitest'
import { DEFAULT_POLICY } from '../../shared/charter'
import { relationsFrom } from '../../shared/lifecycle'
import {
  ALWAYS_OFFERED,
  blocks,
  countsToward,
  POSITIONS,
  positionRule,
  REASON_REQUIRED,
} from '../../shared/positions'
import { ownedBy, type WaitFacts, waitKey, waitsOf } from '../../shared/waits'

/** A decision needing one counted position per party; Honda has two reviewers, Nissan one. */
const facts = (f: Partial<WaitFacts> = {}): WaitFacts => ({
  state: 'in_review',
  authorId: 'author',
  parties: ['HONDA', 'NISSAN'],
  needed: 1,
  reviewers: [
    { userId: 'h1', party: 'HONDA' },
    { userId: 'n1', party: 'NISSAN' },
  ],
  verdicts: [{ reviewerId: 'h1', verdict: 'approve' }],
  concerns: [],
  signedParties: [],
  needsPartnershipLeads: false,
  conflictingCodes: [],
  counted: positionRule(DEFAULT_POLICY, 'decision').counted,
  recused: [],
  ...f,
})
const nissan = (verdict: string) =>
  facts({
    verdicts: [
      { reviewerId: 'h1', verdict: 'approve' },
      { reviewerId: 'n1', verdict },
    ],
  })

describe('the policy of positions', () => {
  it('offers every position on a decision and all but no objection on an amendment', () => {
    expect(positionRule(DEFAULT_POLICY, 'decision').offered).toEqual([...POSITIONS])
    expect(positionRule(DEFAULT_POLICY, 'amendment').offered).not.toContain('no_objection')
    for (const type of ['decision', 'amendment'] as const)
      for (const p of ALWAYS_OFFERED)
        expect(positionRule(DEFAULT_POLICY, type).offered).toContain(p)
  })

  it('asks a reason of abstain, recuse and request changes only', () => {
    expect([...REASON_REQUIRED].sort()).toEqual(['abstain', 'recuse', 'request_changes'])
  })
})

describe('one test per position', () => {
  it('approve: counts toward the threshold on both types; completes the party', () => {
    expect(countsToward(DEFAULT_POLICY, 'decision', 'approve')).toBe(true)
    expect(countsToward(DEFAULT_POLICY, 'amendment', 'approve')).toBe(true)
    expect(waitsOf(nissan('approve'))).toEqual([])
  })

  it('no objection: counts where the policy says so (decisions), not on amendments', () => {
    expect(countsToward(DEFAULT_POLICY, 'decision', 'no_objection')).toBe(true)
    expect(countsToward(DEFAULT_POLICY, 'amendment', 'no_objection')).toBe(false)
    expect(waitsOf(nissan('no_objection'))).toEqual([])
    // Under a policy that does not count it, the party is still short of approvals.
    const strict = waitsOf({ ...nissan('no_objection'), counted: ['approve'] })
    expect(strict.map(waitKey)).toEqual(['reviewers_missing:NISSAN'])
    expect(blocks('no_objection')).toBe(false)
  })

  it('abstain: never counted, never blocking; the wait passes to whoever assigns another reviewer', () => {
    expect(countsToward(DEFAULT_POLICY, 'decision', 'abstain')).toBe(false)
    expect(blocks('abstain')).toBe(false)
    const waits = waitsOf(nissan('abstain'))
    expect(waits.map(waitKey)).toEqual(['reviewers_missing:NISSAN'])
    expect(waits[0]).toMatchObject({ have: 0, needed: 1 })
    expect(waits.some((w) => w.kind === 'changes_requested')).toBe(false)
  })

  it('recuse: excluded from counts, waited on by nobody; the author or a lead assigns another', () => {
    // Nissan's only reviewer had approved, then recused: the approval no longer counts.
    const f = { ...nissan('approve'), recused: ['n1'] }
    const waits = waitsOf(f)
    expect(waits.map(waitKey)).toEqual(['reviewers_missing:NISSAN'])
    const [wait] = waits
    if (!wait) throw new Error('expected a wait')
    expect(JSON.stringify(wait)).not.toContain('n1')
    const base = {
      isAuthor: false,
      isParticipant: true,
      isAssignedReviewer: false,
      isWorkstreamLead: false,
      isPartnershipLead: false,
      sameParty: false,
      needsPartnershipLeads: false,
    }
    const recusedReviewer = {
      userId: 'n1',
      partyCode: 'NISSAN',
      partySigned: false,
      relations: relationsFrom({ ...base, isAssignedReviewer: true, isRecused: true }),
    }
    const nissanLead = {
      userId: 'nl',
      partyCode: 'NISSAN',
      partySigned: false,
      relations: relationsFrom({ ...base, isWorkstreamLead: true }),
    }
    const author = {
      userId: 'author',
      partyCode: 'HONDA',
      partySigned: false,
      relations: relationsFrom({ ...base, isAuthor: true, sameParty: true }),
    }
    expect(ownedBy(wait, 'in_review', recusedReviewer)).toBeNull()
    expect(ownedBy(wait, 'in_review', nissanLead)).toMatchObject({ action: 'assign_reviewers' })
    expect(ownedBy(wait, 'in_review', author)).toMatchObject({ action: 'assign_reviewers' })
    // A recused reviewer's request for changes holds nothing up either.
    expect(waitsOf({ ...nissan('request_changes'), recused: ['n1'] }).map(waitKey)).toEqual([
      'reviewers_missing:NISSAN',
    ])
  })

  it('request changes: never counted, blocks its party until the author revises', () => {
    expect(countsToward(DEFAULT_POLICY, 'decision', 'request_changes')).toBe(false)
    expect(blocks('request_changes')).toBe(true)
    const waits = waitsOf(nissan('request_changes'))
    expect(waits.map(waitKey)).toEqual(['changes_requested:NISSAN'])
    expect(waits[0]?.owners).toEqual([{ who: 'author', action: 'revise' }])
  })

  it('a recused signer owns no sign-off wait', () => {
    const waits = waitsOf({ ...facts(), state: 'awaiting_signoff' })
    const nissanWait = waits.find((w) => waitKey(w) === 'signoff_missing:NISSAN')
    if (!nissanWait) throw new Error('expected the sign-off wait')
    const lead = (isRecused: boolean) => ({
      userId: 'nl',
      partyCode: 'NISSAN',
      partySigned: false,
      relations: relationsFrom({
        isAuthor: false,
        isParticipant: true,
        isAssignedReviewer: false,
        isWorkstreamLead: false,
        isPartnershipLead: true,
        sameParty: false,
        needsPartnershipLeads: false,
        isRecused,
      }),
    })
    expect(ownedBy(nissanWait, 'awaiting_signoff', lead(false))).toMatchObject({
      action: 'sign_off',
    })
    expect(ownedBy(nissanWait, 'awaiting_signoff', lead(true))).toBeNull()
  })
})
