import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  AHEAD_YEAR,
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  impacts,
  verifyLedger,
} from '../helpers/workflow'

/** A decide-by the revision sets: ahead of the real clock whenever the test runs (it was 2027-03-31). */
const DECIDE_BY = `${AHEAD_YEAR}-03-31`

async function refusal(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof TRPCError) return error
    throw error
  }
  throw new Error('expected the call to be refused, but it succeeded')
}

describe.each(DATABASE_KINDS)('the demo story (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let batteryDecisionId: string

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  it('takes a joint battery procurement proposal through review and both parties’ sign-off to a decision', async () => {
    const { id, caller: author } = await fileProposal(world, ix, 'member@nissan.example', {
      title: 'Joint procurement of LFP battery cells for 2028 models',
      body: 'Pool both companies’ 2028 demand for LFP cells and run one tender.',
      reviewers: ['member@honda.example', 'engineer@nissan.example'],
      charterItems: ['AREA-2', 'OBJ-1'],
    })
    // Drafts are the author's party's business only.
    const honda = await world.as('member@honda.example')
    expect((await refusal(honda.proposal.get({ proposalId: id }))).code).toBe('NOT_FOUND')

    let submitted = await author.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(author, id),
    })
    expect(submitted.state).toBe('in_review')

    const changes = await honda.proposal.review({
      proposalId: id,
      expectedVersion: submitted.version,
      verdict: 'request_changes',
      comment: 'Say which plants the cells go to.',
    })
    expect(changes.state).toBe('in_review')

    const revised = await author.proposal.revise({
      proposalId: id,
      expectedVersion: changes.version,
      note: 'Named the plants',
      content: {
        title: 'Joint procurement of LFP battery cells for 2028 models',
        body: 'Pool both companies’ 2028 demand for LFP cells and run one tender.\nCells go to the Ohio and Sunderland plants.',
        workstreamId: ix.workstream('WS-BAT'),
        charterItemIds: [ix.item('AREA-2'), ix.item('OBJ-1'), ix.item('MKT-1')],
        impacts: impacts(ix),
        supersedes: [],
        amendment: null,
        decideBy: DECIDE_BY,
      },
    })
    expect(revised.revision).toBe(2)
    const diff = await author.proposal.diff({ proposalId: id, from: 1, to: 2 })
    expect(diff.body.filter((l) => l.op === 'add').map((l) => l.text)).toEqual([
      'Cells go to the Ohio and Sunderland plants.',
    ])
    expect(diff.charterItems).toEqual({
      added: [{ id: ix.item('MKT-1'), code: 'MKT-1' }],
      removed: [],
    })
    expect(diff.decideBy).toEqual({ before: null, after: DECIDE_BY })
    expect(diff.workstream).toBeNull()

    let view = await honda.proposal.get({ proposalId: id })
    expect(view.reviews.find((r) => r.verdict === 'request_changes')?.stale).toBe(true)

    await honda.proposal.review({
      proposalId: id,
      expectedVersion: view.version,
      verdict: 'approve',
      comment: 'Clear now.',
    })
    const nissanReviewer = await world.as('engineer@nissan.example')
    const approved = await nissanReviewer.proposal.review({
      proposalId: id,
      expectedVersion: await currentVersion(nissanReviewer, id),
      verdict: 'approve',
      comment: '',
    })
    expect(approved.state).toBe('awaiting_signoff')

    const hondaLead = await world.as('battery.lead@honda.example')
    const first = await hondaLead.proposal.signOff({
      proposalId: id,
      expectedVersion: approved.version,
      verdict: 'approve',
      rationale: '',
    })
    expect(first.state).toBe('awaiting_signoff')
    // A second Honda signature adds nothing: a sign-off counts only once per party.
    const hondaPartnershipLead = await world.as('lead@honda.example')
    expect(
      (
        await refusal(
          hondaPartnershipLead.proposal.signOff({
            proposalId: id,
            expectedVersion: first.version,
            verdict: 'approve',
            rationale: '',
          }),
        )
      ).code,
    ).toBe('BAD_REQUEST')
    const nissanLead = await world.as('battery.lead@nissan.example')
    submitted = await nissanLead.proposal.signOff({
      proposalId: id,
      expectedVersion: first.version,
      verdict: 'approve',
      rationale: '',
    })
    expect(submitted.state).toBe('approved')

    view = await honda.proposal.get({ proposalId: id })
    expect(view.decision?.code).toBe('D-1')
    batteryDecisionId = view.decision?.id as string
    const register = await honda.decision.list({ partnershipId: world.partnershipId, limit: 10 })
    expect(register.items.map((d) => d.code)).toEqual(['D-1'])
    expect(register.items[0]?.signoffs.map((s) => s.party).sort()).toEqual(['HONDA', 'NISSAN'])
    expect(register.items[0]?.charterItems.map((c) => c.code)).toEqual(['AREA-2', 'MKT-1', 'OBJ-1'])
  })

  it('refuses a decision to swap equity, naming the no-capital-merger constraint', async () => {
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Equity swap to fund a joint battery plant',
      body: 'Each company takes a 5% stake in the other.',
      reviewers: ['member@nissan.example', 'engineer@honda.example'],
    })
    const screened = await refusal(
      caller.proposal.submit({ proposalId: id, expectedVersion: await currentVersion(caller, id) }),
    )
    expect(screened.code).toBe('BAD_REQUEST')
    expect(screened.message).toContain('CON-1 "No capital merger"')
    expect(screened.message).toContain('equity')

    // Saying it touches the constraint does not help a decision: only an amendment can.
    const draft = await caller.proposal.get({ proposalId: id })
    await caller.proposal.updateDraft({
      proposalId: id,
      expectedVersion: draft.version,
      content: {
        ...draft.revision,
        charterItemIds: [],
        impacts: impacts(ix, {
          'CON-1': {
            impact: 'touches',
            explanation: 'This is an equity swap between the parties.',
          },
        }),
      },
    })
    const touched = await refusal(
      caller.proposal.submit({ proposalId: id, expectedVersion: await currentVersion(caller, id) }),
    )
    expect(touched.message).toMatch(
      /CON-1 "No capital merger" is a hard constraint.*charter amendment/,
    )
    expect((await caller.proposal.get({ proposalId: id })).state).toBe('draft')
  })

  it('requires both partnership leads for a decision that touches the no-rebadging stance', async () => {
    const { id, caller } = await fileProposal(world, ix, 'engineer@honda.example', {
      title: 'Rebadge a Nissan kei EV for Honda dealers in Japan',
      workstream: 'WS-PROD',
      reviewers: ['engineer@nissan.example', 'member@honda.example'],
      impacts: impacts(ix, {
        'ST-1': { impact: 'touches', explanation: 'Honda would sell a rebadged Nissan model.' },
      }),
    })
    let result = await caller.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
    })
    for (const reviewer of ['engineer@nissan.example', 'member@honda.example']) {
      const r = await world.as(reviewer)
      result = await r.proposal.review({
        proposalId: id,
        expectedVersion: result.version,
        verdict: 'approve',
        comment: '',
      })
    }
    expect(result.state).toBe('awaiting_signoff')
    const view = await caller.proposal.get({ proposalId: id })
    expect(view.needsPartnershipLeads).toBe(true)
    const wsLead = await world.as('software.lead@nissan.example')
    const refused = await refusal(
      wsLead.proposal.signOff({
        proposalId: id,
        expectedVersion: result.version,
        verdict: 'approve',
        rationale: '',
      }),
    )
    expect(refused.code).toBe('FORBIDDEN')
    let signed = await (await world.as('lead@honda.example')).proposal.signOff({
      proposalId: id,
      expectedVersion: result.version,
      verdict: 'approve',
      rationale: '',
    })
    signed = await (await world.as('lead@nissan.example')).proposal.signOff({
      proposalId: id,
      expectedVersion: signed.version,
      verdict: 'approve',
      rationale: '',
    })
    expect(signed.state).toBe('approved')
  })

  it('approves an amendment that retires the no-rebadging stance and bumps the charter version', async () => {
    const { id, caller } = await fileProposal(world, ix, 'software.lead@honda.example', {
      type: 'amendment',
      title: 'Allow product sharing between the parties',
      workstream: 'WS-PROD',
      reviewers: [
        'member@nissan.example',
        'engineer@nissan.example',
        'member@honda.example',
        'engineer@honda.example',
      ],
      impacts: impacts(ix, {
        'ST-1': { impact: 'touches', explanation: 'Retires the stance against product sharing.' },
      }),
      amendment: { changes: [{ op: 'retire', itemId: ix.item('ST-1') }] },
    })
    let result = await caller.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
    })
    for (const reviewer of [
      'member@nissan.example',
      'engineer@nissan.example',
      'member@honda.example',
    ]) {
      result = await (await world.as(reviewer)).proposal.review({
        proposalId: id,
        expectedVersion: result.version,
        verdict: 'approve',
        comment: '',
      })
    }
    expect(result.state).toBe('in_review') // amendments need two approvals per party
    result = await (await world.as('engineer@honda.example')).proposal.review({
      proposalId: id,
      expectedVersion: result.version,
      verdict: 'approve',
      comment: '',
    })
    expect(result.state).toBe('awaiting_signoff')
    const wsLead = await world.as('software.lead@nissan.example')
    expect(
      (
        await refusal(
          wsLead.proposal.signOff({
            proposalId: id,
            expectedVersion: result.version,
            verdict: 'approve',
            rationale: '',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN')
    for (const lead of ['lead@honda.example', 'lead@nissan.example']) {
      result = await (await world.as(lead)).proposal.signOff({
        proposalId: id,
        expectedVersion: result.version,
        verdict: 'approve',
        rationale: '',
      })
    }
    expect(result.state).toBe('approved')
    const charter = await caller.charter.get({ partnershipId: world.partnershipId })
    expect(charter.version).toBe(2)
    expect(charter.items.stance.find((s) => s.code === 'ST-1')?.status).toBe('retired')
    const history = await caller.charter.history({ partnershipId: world.partnershipId })
    expect(history[0]).toMatchObject({ version: 2, decision: { code: 'D-3' } })
  })

  it('lets a later decision supersede an earlier one, linked both ways', async () => {
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Run the LFP tender in two lots',
      reviewers: ['member@nissan.example', 'engineer@honda.example'],
      supersedes: [batteryDecisionId],
      // After the amendment only the constraint remains to be stated.
      impacts: impacts(ix).filter((i) => i.itemId === ix.item('CON-1')),
    })
    const named = await caller.proposal.get({ proposalId: id })
    expect(named.supersedes.map((d) => [d.code, d.status])).toEqual([['D-1', 'active']])
    let result = await caller.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
    })
    for (const reviewer of ['member@nissan.example', 'engineer@honda.example']) {
      result = await (await world.as(reviewer)).proposal.review({
        proposalId: id,
        expectedVersion: result.version,
        verdict: 'approve',
        comment: '',
      })
    }
    for (const lead of ['battery.lead@honda.example', 'battery.lead@nissan.example']) {
      result = await (await world.as(lead)).proposal.signOff({
        proposalId: id,
        expectedVersion: result.version,
        verdict: 'approve',
        rationale: '',
      })
    }
    expect(result.state).toBe('approved')
    const old = await caller.decision.get({ decisionId: batteryDecisionId })
    expect(old.status).toBe('superseded')
    expect(old.supersededBy?.code).toBe('D-4')
    const newer = await caller.decision.get({ decisionId: old.supersededBy?.id as string })
    expect(newer.supersedes.map((d) => d.code)).toEqual(['D-1'])
    // The register's export honours its filters.
    const superseded = await caller.decision.export({
      partnershipId: world.partnershipId,
      format: 'json',
      status: 'superseded',
    })
    expect((JSON.parse(superseded.content) as { code: string }[]).map((d) => d.code)).toEqual([
      'D-1',
    ])
    const all = await caller.decision.export({ partnershipId: world.partnershipId, format: 'csv' })
    expect(all.content.split('\r\n').filter(Boolean)).toHaveLength(1 + 4)
  })

  it('keeps the ledger verifiable after the whole story', async () => {
    const { result, rows } = await verifyLedger(world.db)
    expect(result).toMatchObject({ ok: true, headSeq: rows.length })
    const actions = new Set(rows.map((r) => r.action))
    for (const action of [
      'proposal.submitted',
      'review.recorded',
      'signoff.recorded',
      'decision.issued',
      'charter.amended',
      'decision.superseded',
    ]) {
      expect(actions).toContain(action)
    }
  })
})
