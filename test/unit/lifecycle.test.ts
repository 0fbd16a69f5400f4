import { describe, expect, it } from 'vitest'
import {
  ACTIONS,
  allowedActions,
  BARRED_BY_RECUSAL,
  CONDITIONS,
  check,
  LIFECYCLE,
  meetsConditions,
  OPEN_STATES,
  PROPOSAL_STATES,
  type RelationFacts,
  relationsFrom,
} from '../../shared/lifecycle'

const facts = (f: Partial<RelationFacts> = {}): RelationFacts => ({
  isAuthor: false,
  isParticipant: true,
  isAssignedReviewer: false,
  isWorkstreamLead: false,
  isPartnershipLead: false,
  sameParty: false,
  needsPartnershipLeads: false,
  ...f,
})

const rel = (f: Partial<RelationFacts>) => [...relationsFrom(facts(f))].sort()

describe('the lifecycle table', () => {
  it('names only known states, and every action has a rule', () => {
    expect(Object.keys(LIFECYCLE).sort()).toEqual([...ACTIONS].sort())
    for (const rule of Object.values(LIFECYCLE)) {
      for (const s of rule.from) expect(PROPOSAL_STATES).toContain(s)
      if (rule.to) expect(PROPOSAL_STATES).toContain(rule.to)
      expect(rule.who.length).toBeGreaterThan(0)
    }
  })

  it('lets nothing but a comment happen to a closed proposal; a rejection may go up the escalation ladder', () => {
    const everyone = new Set(relationsFrom(facts({ isPartnershipLead: true, sameParty: true })))
    for (const closed of ['approved', 'withdrawn'] as const) {
      expect(allowedActions(closed, everyone)).toEqual(['comment'])
    }
    // ADR 0032: a deadlock is taken up by a partnership lead, unless nothing is to escalate.
    expect(allowedActions('rejected', everyone)).toEqual(['comment', 'escalate'])
    expect(
      allowedActions('rejected', everyone, { partySigned: false, notDeadlocked: true }),
    ).toEqual(['comment'])
    // Escalated, the steering committee (partnership leads) may reopen it as a new revision.
    expect(allowedActions('escalated', everyone)).toEqual(['comment', 'reopen'])
    const member = new Set(relationsFrom(facts({ isAuthor: true, sameParty: true })))
    expect(allowedActions('rejected', member)).toEqual(['comment'])
    expect(allowedActions('escalated', member)).toEqual(['comment'])
  })

  it('withdraws only open proposals, and every open state has a way out', () => {
    expect([...LIFECYCLE.withdraw.from].sort()).toEqual([...OPEN_STATES].sort())
  })

  it('checks who before when, so a stranger learns nothing about the state', () => {
    expect(check('sign_off', 'draft', new Set())).toEqual({ allowed: false, reason: 'role' })
    expect(check('sign_off', 'draft', new Set(['eligible_signer']))).toEqual({
      allowed: false,
      reason: 'state',
    })
    expect(check('sign_off', 'awaiting_signoff', new Set(['eligible_signer']))).toEqual({
      allowed: true,
    })
  })
})

describe('relationsFrom', () => {
  it('gives a plain member of either party participation and nothing more', () => {
    expect(rel({})).toEqual(['participant'])
    expect(rel({ sameParty: true })).toEqual(['participant'])
  })

  it('gives auditors, admins and people of no party nothing at all', () => {
    // Roles such as auditor or admin do not make one a participant; and with no participation,
    // leading, reviewing or even authorship grants no action.
    expect(rel({ isParticipant: false })).toEqual([])
    expect(
      rel({
        isParticipant: false,
        isPartnershipLead: true,
        isWorkstreamLead: true,
        isAssignedReviewer: true,
        sameParty: true,
        concern: { isRaiser: true, sameParty: true },
      }),
    ).toEqual([])
  })

  it('never lets an author who no longer takes part act on the proposal', () => {
    const r = relationsFrom(facts({ isAuthor: true, isParticipant: false }))
    expect(allowedActions('draft', r)).toEqual([])
    expect(allowedActions('in_review', r)).toEqual([])
  })

  it('keeps separation of duties: an author is never a reviewer or signer of their proposal', () => {
    const r = rel({
      isAuthor: true,
      isAssignedReviewer: true,
      isPartnershipLead: true,
      isWorkstreamLead: true,
      sameParty: true,
    })
    expect(r).not.toContain('assigned_reviewer')
    expect(r).not.toContain('eligible_signer')
    expect(r).toContain('author')
    const relations = new Set(r) as ReturnType<typeof relationsFrom>
    expect(check('review', 'in_review', relations).allowed).toBe(false)
    expect(check('sign_off', 'awaiting_signoff', relations).allowed).toBe(false)
    expect(check('reject', 'awaiting_signoff', relations).allowed).toBe(false)
  })

  it('makes a workstream lead an eligible signer only when partnership leads are not required', () => {
    expect(rel({ isWorkstreamLead: true })).toContain('eligible_signer')
    expect(rel({ isWorkstreamLead: true, needsPartnershipLeads: true })).not.toContain(
      'eligible_signer',
    )
    expect(rel({ isPartnershipLead: true, needsPartnershipLeads: true })).toContain(
      'eligible_signer',
    )
  })

  it("counts a lead as the author's party's lead only within the author's party", () => {
    expect(rel({ isWorkstreamLead: true, sameParty: true })).toContain('lead_of_author_party')
    expect(rel({ isPartnershipLead: true, sameParty: true })).toContain('lead_of_author_party')
    expect(rel({ isPartnershipLead: true, sameParty: false })).not.toContain('lead_of_author_party')
  })

  it("lets only the raiser, or a partnership lead of the raiser's party, resolve a concern", () => {
    const can = (f: Partial<RelationFacts>) =>
      check('resolve_concern', 'in_review', relationsFrom(facts(f))).allowed
    expect(can({ concern: { isRaiser: true, sameParty: true } })).toBe(true)
    expect(can({ isPartnershipLead: true, concern: { isRaiser: false, sameParty: true } })).toBe(
      true,
    )
    expect(can({ isPartnershipLead: true, concern: { isRaiser: false, sameParty: false } })).toBe(
      false,
    )
    expect(can({ isWorkstreamLead: true, concern: { isRaiser: false, sameParty: true } })).toBe(
      false,
    )
    expect(can({ isAuthor: true, concern: { isRaiser: false, sameParty: true } })).toBe(false)
  })
})

describe('allowedActions', () => {
  it('offers the author of a draft what a draft allows', () => {
    expect(
      allowedActions('draft', relationsFrom(facts({ isAuthor: true, sameParty: true }))),
    ).toEqual(['update_draft', 'assign_reviewers', 'submit', 'withdraw', 'comment'])
  })

  it('offers an assigned reviewer a review while in review, and not after', () => {
    const r = relationsFrom(facts({ isAssignedReviewer: true }))
    expect(allowedActions('in_review', r)).toEqual(['review', 'raise_concern', 'comment', 'recuse'])
    expect(allowedActions('awaiting_signoff', r)).toEqual(['raise_concern', 'comment', 'recuse'])
  })

  it('offers an eligible lead of the other party sign-off and rejection, but no withdrawal', () => {
    const r = relationsFrom(facts({ isPartnershipLead: true, sameParty: false }))
    // Not deadlocked (ADR 0032): no escalation on offer.
    expect(
      allowedActions('awaiting_signoff', r, { partySigned: false, notDeadlocked: true }),
    ).toEqual(['raise_concern', 'sign_off', 'reject', 'comment', 'recuse'])
    // Overdue on both calendars: a partnership lead of either party may escalate.
    expect(allowedActions('awaiting_signoff', r)).toContain('escalate')
  })
})

describe('recusal (ADR 0029)', () => {
  it('takes away reviewing, signing, rejecting and recusing again, and nothing else', () => {
    const before = relationsFrom(
      facts({ isAssignedReviewer: true, isPartnershipLead: true, sameParty: false }),
    )
    const after = relationsFrom(
      facts({
        isAssignedReviewer: true,
        isPartnershipLead: true,
        sameParty: false,
        isRecused: true,
      }),
    )
    expect(after.has('assigned_reviewer')).toBe(false)
    expect(after.has('eligible_signer')).toBe(false)
    for (const state of PROPOSAL_STATES) {
      const lost = allowedActions(state, before).filter(
        (a) => !allowedActions(state, after).includes(a),
      )
      for (const a of lost) expect(BARRED_BY_RECUSAL).toContain(a)
    }
    expect(allowedActions('in_review', before)).toContain('review')
    // Not deadlocked: escalation (a procedural step, not a verdict) stays out of the way here.
    expect(
      allowedActions('awaiting_signoff', after, { partySigned: false, notDeadlocked: true }),
    ).toEqual(['raise_concern', 'comment'])
  })

  it('is open to whoever could review or sign, and only while a decision is pending', () => {
    expect(
      check('recuse', 'in_review', relationsFrom(facts({ isAssignedReviewer: true }))),
    ).toEqual({ allowed: true })
    expect(check('recuse', 'in_review', relationsFrom(facts({})))).toEqual({
      allowed: false,
      reason: 'role',
    })
    const lead = relationsFrom(facts({ isWorkstreamLead: true }))
    expect(check('recuse', 'awaiting_signoff', lead)).toEqual({ allowed: true })
    expect(check('recuse', 'approved', lead)).toEqual({ allowed: false, reason: 'state' })
    expect(check('recuse', 'draft', lead)).toEqual({ allowed: false, reason: 'state' })
  })
})

describe('conditions beyond the table', () => {
  it('name only actions of the table, and hold when nothing stands against them', () => {
    for (const action of Object.keys(CONDITIONS)) expect(ACTIONS).toContain(action)
    for (const action of ACTIONS) expect(meetsConditions(action, { partySigned: false })).toBe(true)
  })

  it('offers no second sign-off once the actor’s party signed the revision; a rejection stays', () => {
    const r = relationsFrom(facts({ isPartnershipLead: true, sameParty: false }))
    expect(meetsConditions('sign_off', { partySigned: true })).toBe(false)
    expect(
      allowedActions('awaiting_signoff', r, { partySigned: true, notDeadlocked: true }),
    ).toEqual(['raise_concern', 'reject', 'comment', 'recuse'])
    // Without a standing the table alone answers, as before.
    expect(allowedActions('awaiting_signoff', r)).toContain('sign_off')
  })

  it('changes nothing for the actions it does not name', () => {
    for (const state of PROPOSAL_STATES) {
      const everyone = relationsFrom(facts({ isPartnershipLead: true, isAuthor: false }))
      const signed = allowedActions(state, everyone, { partySigned: true })
      const unsigned = allowedActions(state, everyone, { partySigned: false })
      expect(unsigned.filter((a) => a !== 'sign_off')).toEqual(signed)
    }
  })
})
