/**
 * Reviews, concerns and sign-offs beyond the demo story: stale verdicts and sign-offs after a
 * revision, concerns and their overrides, and separation of duties.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitsOfView } from '../../client/src/features/proposals/waiting-on'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  fingerprint,
  impacts,
  ledgerRows,
  proposalInState,
  refusal,
  verifyLedger,
} from '../helpers/workflow'

const HONDA_REVIEWER = 'engineer@honda.example'
const NISSAN_REVIEWER = 'member@nissan.example'
const REVIEWERS = [HONDA_REVIEWER, NISSAN_REVIEWER]

describe.each(DATABASE_KINDS)('reviews, concerns and sign-offs (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  const as = (email: string) => world.as(email)
  const view = async (id: string, email = 'member@honda.example') =>
    (await as(email)).proposal.get({ proposalId: id })

  async function review(
    email: string,
    id: string,
    verdict: 'approve' | 'request_changes' = 'approve',
  ) {
    const caller = await as(email)
    return caller.proposal.review({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      verdict,
      comment: verdict === 'approve' ? '' : 'Name the plants.',
    })
  }

  async function sign(email: string, id: string, verdict: 'approve' | 'reject' = 'approve') {
    const caller = await as(email)
    return caller.proposal.signOff({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      verdict,
      rationale: verdict === 'reject' ? 'Not now.' : '',
    })
  }

  async function revise(id: string, body: string, author = 'member@honda.example') {
    const caller = await as(author)
    const current = await caller.proposal.get({ proposalId: id })
    return caller.proposal.revise({
      proposalId: id,
      expectedVersion: current.version,
      note: 'Revised',
      content: { ...current.revision, body },
    })
  }

  async function raise(email: string, id: string, title = 'Who carries the risk?') {
    const caller = await as(email)
    return caller.proposal.raiseConcern({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      title,
      rationale: 'The tender could fail.',
      grounds: { kind: 'other', text: 'The tender terms' },
      resolvesWhen: 'An answer in the thread',
    })
  }

  async function resolve(email: string, id: string, concernId: string) {
    const caller = await as(email)
    return caller.proposal.resolveConcern({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      concernId,
      resolution: 'Answered.',
    })
  }

  describe('a revision makes verdicts and sign-offs stale', () => {
    it('keeps them, marks them stale, no longer counts them, and sends the proposal back to review', async () => {
      const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      await sign('battery.lead@honda.example', id)
      let v = await view(id)
      expect(v.signoffStatus.map((s) => s.status)).toEqual(['approved', 'pending'])

      const revised = await revise(id, 'One tender for both; lots split by chemistry.')
      expect(revised).toMatchObject({ revision: 2, state: 'in_review' })

      v = await view(id)
      expect(v.state).toBe('in_review')
      // Kept in history, marked stale.
      expect(v.reviews).toHaveLength(2)
      expect(v.reviews.every((r) => r.stale && r.revision === 1)).toBe(true)
      expect(v.signoffs).toHaveLength(1)
      expect(v.signoffs[0]).toMatchObject({ stale: true, revision: 1, party: 'HONDA' })
      // No longer counted.
      expect(v.reviewStatus.perParty.map((x) => x.approvals)).toEqual([0, 0])
      expect(v.signoffStatus.map((s) => s.status)).toEqual(['pending', 'pending'])

      // One party's fresh approval is not enough: the old one does not count for the other.
      let result = await review(HONDA_REVIEWER, id)
      expect(result.state).toBe('in_review')
      result = await review(NISSAN_REVIEWER, id)
      expect(result.state).toBe('awaiting_signoff')

      // Honda's stale sign-off does not count: Nissan's alone does not approve…
      expect((await sign('battery.lead@nissan.example', id)).state).toBe('awaiting_signoff')
      // …and Honda may (must) sign the new revision.
      const done = await sign('battery.lead@honda.example', id)
      expect(done.state).toBe('approved')

      const decision = await (await as('member@honda.example')).decision.get({
        decisionId: done.decisionId as string,
      })
      expect(decision.revision).toBe(2)
      expect(decision.signoffs.map((s) => s.party).sort()).toEqual(['HONDA', 'NISSAN'])
    })

    it('lets a revision clear a request for changes, which blocks only its own revision', async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      await review(HONDA_REVIEWER, id)
      let result = await review(NISSAN_REVIEWER, id, 'request_changes')
      expect(result.state).toBe('in_review')
      expect(waitsOfView(await view(id))).toEqual([
        {
          kind: 'changes_requested',
          party: 'NISSAN',
          owners: [{ who: 'author', action: 'revise' }],
        },
      ])

      // A later approval by the same reviewer on the same revision replaces their request.
      result = await review(NISSAN_REVIEWER, id)
      expect(result.state).toBe('awaiting_signoff')

      // Once more: a request on revision 2, then revision 3 clears it (stale) but needs new approvals.
      await revise(id, 'Second text.')
      await review(NISSAN_REVIEWER, id, 'request_changes')
      await review(HONDA_REVIEWER, id)
      await revise(id, 'Third text.')
      const v = await view(id)
      expect(v.reviews.filter((r) => r.verdict === 'request_changes').every((r) => r.stale)).toBe(
        true,
      )
      expect(v.reviewStatus.perParty.map((x) => x.changesRequested)).toEqual([0, 0])
      await review(HONDA_REVIEWER, id)
      expect((await review(NISSAN_REVIEWER, id)).state).toBe('awaiting_signoff')
    })

    it('returns a proposal awaiting sign-off to review on a new concern', async () => {
      const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      await sign('battery.lead@nissan.example', id)
      const raised = await raise('engineer@nissan.example', id)
      expect(raised.state).toBe('in_review')
      // While the concern is open, nobody can sign.
      const honda = await as('battery.lead@honda.example')
      expect(
        (
          await refusal(
            honda.proposal.signOff({
              proposalId: id,
              expectedVersion: raised.version,
              verdict: 'approve',
              rationale: '',
            }),
          )
        ).code,
      ).toBe('BAD_REQUEST')
      // Resolving it completes the reviews again (nothing was revised): back to sign-off.
      const resolved = await resolve('engineer@nissan.example', id, raised.concernId)
      expect(resolved.state).toBe('awaiting_signoff')
      expect((await sign('battery.lead@honda.example', id)).state).toBe('approved')
    })
  })

  describe('concerns', () => {
    it('can be raised by any participant and block progress while open', async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      // Neither a reviewer nor a lead: any participant may raise one, the author included.
      const first = await raise('software.lead@honda.example', id, 'First')
      const second = await raise('member@honda.example', id, 'Second')
      await review(HONDA_REVIEWER, id)
      const reviewed = await review(NISSAN_REVIEWER, id)
      expect(reviewed.state).toBe('in_review')
      expect(waitsOfView(await view(id)).map((w) => w.kind)).toEqual([
        'concern_open',
        'concern_open',
      ])

      expect((await resolve('software.lead@honda.example', id, first.concernId)).state).toBe(
        'in_review',
      )
      const last = await resolve('member@honda.example', id, second.concernId)
      expect(last).toMatchObject({ state: 'awaiting_signoff', override: false })
    })

    it("are resolved only by the raiser or a partnership lead of the raiser's party, the lead's as an override", async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      const { concernId } = await raise('engineer@nissan.example', id)

      for (const email of [
        'lead@honda.example', // a partnership lead of another party
        'member@honda.example', // the author
        'battery.lead@nissan.example', // a workstream lead of the raiser's party
        'member@nissan.example', // a colleague of the raiser
        'auditor@nissan.example',
      ]) {
        const before = await fingerprint(world.db, id)
        const error = await refusal(resolve(email, id, concernId))
        expect(error.code, email).toBe('FORBIDDEN')
        expect(await fingerprint(world.db, id)).toEqual(before)
      }
      // The view says who may resolve it.
      expect((await view(id, 'lead@nissan.example')).concerns[0]?.canResolve).toBe(true)
      expect((await view(id, 'lead@honda.example')).concerns[0]?.canResolve).toBe(false)
      expect((await view(id, 'engineer@nissan.example')).concerns[0]?.canResolve).toBe(true)

      const result = await resolve('lead@nissan.example', id, concernId)
      expect(result.override).toBe(true)
      const concern = (await view(id)).concerns[0]
      expect(concern).toMatchObject({
        status: 'resolved',
        override: true,
        resolvedBy: { name: 'Rina Nakamura', partyCode: 'NISSAN' },
        raisedBy: { partyCode: 'NISSAN' },
        canResolve: false,
      })
      const event = (await ledgerRows(world.db)).findLast((e) => e.action === 'concern.resolved')
      expect(event?.actor_id).toBe(ix.user('lead@nissan.example'))
      expect(JSON.parse(event?.payload as string).after).toMatchObject({
        concernId,
        override: true,
      })

      // Resolved is resolved: not again, not even by the raiser.
      expect((await refusal(resolve('engineer@nissan.example', id, concernId))).code).toBe(
        'BAD_REQUEST',
      )
    })

    it('leaves a concern to the lead once its raiser no longer takes part, and the view says so', async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      const { concernId } = await raise('engineer@nissan.example', id)
      const admin = await as('admin@nissan.example')
      const setRoles = async (roles: ('member' | 'auditor')[]) => {
        const { pending } = await admin.admin.setRoles({
          partnershipId: world.partnershipId,
          userId: ix.user('engineer@nissan.example'),
          roles,
        })
        // A power role (auditor) takes effect once a second person of the party confirms it.
        if (pending.length > 0) await confirmPendingGrants('lead@nissan.example')
      }
      await setRoles(['auditor'])
      try {
        expect((await view(id, 'engineer@nissan.example')).concerns[0]?.canResolve).toBe(false)
        expect((await refusal(resolve('engineer@nissan.example', id, concernId))).code).toBe(
          'FORBIDDEN',
        )
        expect((await view(id, 'lead@nissan.example')).concerns[0]?.canResolve).toBe(true)
        // The leads hold it now (ADR 0031): resolving it is theirs, not an override.
        expect((await view(id, 'lead@nissan.example')).concerns[0]?.heldBy).toBe('party_leads')
        expect((await resolve('lead@nissan.example', id, concernId)).override).toBe(false)
      } finally {
        await setRoles(['member'])
      }
    })

    it("records the raiser's own resolution as no override", async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      const { concernId } = await raise('lead@honda.example', id)
      expect((await resolve('lead@honda.example', id, concernId)).override).toBe(false)
      const event = (await ledgerRows(world.db)).findLast((e) => e.action === 'concern.resolved')
      expect(JSON.parse(event?.payload as string).after.override).toBe(false)
    })
  })

  /** A second person of the party confirms every grant waiting in the partnership (ADR 0010). */
  async function confirmPendingGrants(confirmer: string) {
    const caller = await as(confirmer)
    for (const grant of await caller.people.pendingGrants({ partnershipId: world.partnershipId }))
      await caller.people.confirmGrant({ grantId: grant.id })
  }

  describe('separation of duties', () => {
    it('never lets a partnership lead review or sign their own proposal', async () => {
      const { id, caller: lead } = await fileProposal(world, ix, 'lead@honda.example', {
        title: 'Standard cell format for both companies',
        reviewers: REVIEWERS,
      })
      // Not even as a reviewer.
      const assign = await refusal(
        lead.proposal.assignReviewers({
          proposalId: id,
          expectedVersion: await currentVersion(lead, id),
          reviewerIds: [ix.user('lead@honda.example'), ix.user(NISSAN_REVIEWER)],
        }),
      )
      expect(assign.code).toBe('BAD_REQUEST')
      expect(assign.message).toContain('the author cannot review their own proposal')

      await lead.proposal.submit({
        proposalId: id,
        expectedVersion: await currentVersion(lead, id),
      })
      expect((await refusal(review('lead@honda.example', id))).code).toBe('FORBIDDEN')
      await review(HONDA_REVIEWER, id)
      await review(NISSAN_REVIEWER, id)
      const before = await fingerprint(world.db, id)
      expect(before.state).toBe('awaiting_signoff')
      expect((await refusal(sign('lead@honda.example', id))).code).toBe('FORBIDDEN')
      expect((await refusal(sign('lead@honda.example', id, 'reject'))).code).toBe('FORBIDDEN')
      expect(await fingerprint(world.db, id)).toEqual(before)
      expect((await view(id, 'lead@honda.example')).myActions).not.toContain('sign_off')

      // Another Honda lead signs for Honda.
      await sign('battery.lead@honda.example', id)
      expect((await sign('lead@nissan.example', id)).state).toBe('approved')
    })

    it("counts a sign-off only for the signer's own party", async () => {
      const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      await sign('battery.lead@honda.example', id)
      // A second Honda signature cannot stand in for Nissan.
      const second = await refusal(sign('lead@honda.example', id))
      expect(second.code).toBe('BAD_REQUEST')
      expect(second.message).toContain('HONDA has already signed off')
      const v = await view(id)
      expect(v.state).toBe('awaiting_signoff')
      expect(v.signoffStatus).toEqual([
        expect.objectContaining({ party: 'HONDA', status: 'approved' }),
        expect.objectContaining({ party: 'NISSAN', status: 'pending' }),
      ])
      expect(waitsOfView(v)).toEqual([
        expect.objectContaining({
          kind: 'signoff_missing',
          party: 'NISSAN',
          partnershipLeads: false,
        }),
      ])
      expect((await sign('lead@nissan.example', id)).state).toBe('approved')
    })

    it('gives admin and auditor roles no review or sign-off', async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'member@honda.example',
        reviewers: REVIEWERS,
      })
      const author = await as('member@honda.example')
      for (const email of [
        'admin@honda.example',
        'auditor@honda.example',
        'auditor@external-audit.example',
      ]) {
        const assign = await refusal(
          author.proposal.assignReviewers({
            proposalId: id,
            expectedVersion: await currentVersion(author, id),
            reviewerIds: [ix.user(email), ix.user(NISSAN_REVIEWER)],
          }),
        )
        expect(assign.code, email).toBe('BAD_REQUEST')
        expect((await refusal(review(email, id))).code, email).toBe('FORBIDDEN')
      }
      await review(HONDA_REVIEWER, id)
      await review(NISSAN_REVIEWER, id)
      for (const email of [
        'admin@honda.example',
        'admin@nissan.example',
        'auditor@honda.example',
        'auditor@nissan.example',
        'auditor@external-audit.example',
      ]) {
        const before = await fingerprint(world.db, id)
        expect((await refusal(sign(email, id))).code, email).toBe('FORBIDDEN')
        expect((await refusal(sign(email, id, 'reject'))).code, email).toBe('FORBIDDEN')
        expect(await fingerprint(world.db, id)).toEqual(before)
        expect((await view(id, email)).myActions, email).toEqual([])
      }
    })

    it('takes every right over a proposal from an author who is now only an auditor', async () => {
      const { id } = await proposalInState(world, ix, 'in_review', {
        author: 'engineer@nissan.example',
        reviewers: [HONDA_REVIEWER, NISSAN_REVIEWER],
      })
      const admin = await as('admin@nissan.example')
      await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId: ix.user('engineer@nissan.example'),
        roles: ['auditor'],
      })
      await confirmPendingGrants('lead@nissan.example')
      const formerAuthor = await as('engineer@nissan.example')
      const v = await formerAuthor.proposal.get({ proposalId: id })
      expect(v.myActions).toEqual([])
      const withdraw = await refusal(
        formerAuthor.proposal.withdraw({ proposalId: id, expectedVersion: v.version, reason: '' }),
      )
      expect(withdraw.code).toBe('FORBIDDEN')
      expect(
        (
          await refusal(
            formerAuthor.proposal.revise({
              proposalId: id,
              expectedVersion: v.version,
              note: '',
              content: { ...v.revision, body: 'Changed by an auditor.' },
            }),
          )
        ).code,
      ).toBe('FORBIDDEN')
      // A lead of the author's party can still withdraw it.
      const lead = await as('battery.lead@nissan.example')
      expect(
        (await lead.proposal.withdraw({ proposalId: id, expectedVersion: v.version, reason: '' }))
          .state,
      ).toBe('withdrawn')
      await admin.admin.setRoles({
        partnershipId: world.partnershipId,
        userId: ix.user('engineer@nissan.example'),
        roles: ['member'],
      })
    })
  })

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      reviewers: REVIEWERS,
    })
    const stale = await currentVersion(await as('member@honda.example'), id)
    await raise('engineer@nissan.example', id) // moves the version on
    const author = await as('member@honda.example')
    const current = await author.proposal.get({ proposalId: id })
    const before = await fingerprint(world.db, id)
    const ledgerBefore = (await ledgerRows(world.db)).length
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'review',
        async () =>
          (await as(HONDA_REVIEWER)).proposal.review({
            proposalId: id,
            expectedVersion: stale,
            verdict: 'approve',
            comment: '',
          }),
      ],
      [
        'revise',
        () =>
          author.proposal.revise({
            proposalId: id,
            expectedVersion: stale,
            note: '',
            content: { ...current.revision, body: 'Stale edit.' },
          }),
      ],
      [
        'raiseConcern',
        async () =>
          (await as('member@nissan.example')).proposal.raiseConcern({
            proposalId: id,
            expectedVersion: stale,
            title: 'Late',
            rationale: 'Late.',
            grounds: { kind: 'other', text: 'The tender terms' },
            resolvesWhen: 'An answer in the thread',
          }),
      ],
      [
        'assignReviewers',
        () =>
          author.proposal.assignReviewers({
            proposalId: id,
            expectedVersion: stale,
            reviewerIds: REVIEWERS.map(ix.user),
          }),
      ],
      [
        'withdraw',
        () => author.proposal.withdraw({ proposalId: id, expectedVersion: stale, reason: '' }),
      ],
      [
        'reject',
        async () =>
          (await as('lead@nissan.example')).proposal.reject({
            proposalId: id,
            expectedVersion: stale,
            rationale: 'No.',
          }),
      ],
      [
        'resolveConcern',
        async () =>
          (await as('engineer@nissan.example')).proposal.resolveConcern({
            proposalId: id,
            expectedVersion: stale,
            concernId: current.concerns[0]?.id as string,
            resolution: 'Done.',
          }),
      ],
    ]
    for (const [name, attempt] of attempts) {
      const error = await refusal(attempt())
      expect(error.code, name).toBe('CONFLICT')
      expect(error.message, name).toContain(`you saw version ${stale}`)
    }
    expect(await fingerprint(world.db, id)).toEqual(before)
    expect((await ledgerRows(world.db)).length).toBe(ledgerBefore)

    // A draft's edits and its submission name their version too.
    const draft = await proposalInState(world, ix, 'draft', {
      author: 'member@honda.example',
      reviewers: REVIEWERS,
    })
    const seen = await author.proposal.get({ proposalId: draft.id })
    await author.proposal.updateDraft({
      proposalId: draft.id,
      expectedVersion: seen.version,
      content: { ...seen.revision, body: 'First edit.' },
    })
    const draftBefore = await fingerprint(world.db, draft.id)
    const draftLedger = (await ledgerRows(world.db)).length
    // One after the other: a call started early would reject before anyone listens to it.
    for (const attempt of [
      () =>
        author.proposal.updateDraft({
          proposalId: draft.id,
          expectedVersion: seen.version,
          content: { ...seen.revision, body: 'Second edit on a stale copy.' },
        }),
      () => author.proposal.submit({ proposalId: draft.id, expectedVersion: seen.version }),
    ]) {
      expect((await refusal(attempt())).code).toBe('CONFLICT')
    }
    expect(await fingerprint(world.db, draft.id)).toEqual(draftBefore)
    expect((await author.proposal.get({ proposalId: draft.id })).revision.body).toBe('First edit.')
    expect((await ledgerRows(world.db)).length).toBe(draftLedger)
  })

  it('leaves the ledger verifiable', async () => {
    const { result, rows } = await verifyLedger(world.db)
    expect(result).toMatchObject({ ok: true, headSeq: rows.length })
  })

  it('keeps the impact statements of a revision as the author wrote them', async () => {
    // A revision may change the impact statements; the stance then needs partnership leads.
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      reviewers: REVIEWERS,
    })
    const caller = await as('member@honda.example')
    const current = await caller.proposal.get({ proposalId: id })
    expect(current.needsPartnershipLeads).toBe(false)
    await caller.proposal.revise({
      proposalId: id,
      expectedVersion: current.version,
      note: 'Now with a rebadged model',
      content: {
        ...current.revision,
        body: 'Also sell one rebadged model.',
        impacts: impacts(ix, {
          'ST-1': { impact: 'touches', explanation: 'One rebadged model in Japan.' },
        }),
      },
    })
    const after = await caller.proposal.get({ proposalId: id })
    expect(after.needsPartnershipLeads).toBe(true)
    expect(after.revision.impacts.find((i) => i.itemId === ix.item('ST-1'))?.impact).toBe('touches')
  })
})
