/**
 * The decision page is the record (issue 14): `decision.get` carries the decided text (the final
 * revision), its impact statements, the charter version it was judged by, every review (stale
 * ones marked), the concerns and how each was resolved, each party's sign-off with how its signer
 * authenticated, the sign-offs a revision made stale, and what it supersedes. Both parties and an
 * auditor read the same record, and no party's internal comment is in it.
 *
 * And the proposal view never offers what must fail: once a party has signed a revision, no one
 * else of that party is offered "sign off", exactly when the server refuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  impacts,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']
const BODY_1 = '## Scope\n\nPool the **LFP cell** tender for 2027.'
const BODY_2 = '## Scope\n\nPool the **LFP cell** tender for 2027 and 2028, capped at 40 GWh.'
const INTERNAL = 'Honda-only: our floor price is 92 USD/kWh'

describe.each(DATABASE_KINDS)('the decision record (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world?.destroy())

  const as = (email: string) => world.as(email)

  async function review(email: string, id: string, verdict: 'approve' | 'request_changes') {
    const caller = await as(email)
    return caller.proposal.review({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      verdict,
      comment: verdict === 'approve' ? `Fine by ${email}.` : 'Cap the volume.',
    })
  }

  async function sign(email: string, id: string, rationale = '') {
    const caller = await as(email)
    return caller.proposal.signOff({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      verdict: 'approve',
      rationale,
    })
  }

  /**
   * A proposal through two revisions: a concern raised and resolved on revision 1, a Honda
   * sign-off on revision 1 that the revision made stale, then reviews and both sign-offs on
   * revision 2. One earlier decision is superseded. Returns the ids.
   */
  async function decidedThroughTwoRevisions() {
    const earlier = await proposalInState(world, ix, 'approved', {
      author: 'member@nissan.example',
      title: 'Cell tender 2026',
      reviewers: REVIEWERS,
    })
    const earlierDecision = (
      await (
        await as('member@nissan.example')
      ).proposal.get({
        proposalId: earlier.id,
      })
    ).decision
    if (!earlierDecision) throw new Error('the earlier decision was not issued')

    const touches = impacts(ix, {
      'ST-1': { impact: 'none' },
      'CON-1': { impact: 'none' },
    })
    const { id, caller: author } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Joint LFP cell tender',
      body: BODY_1,
      reviewers: REVIEWERS,
      impacts: touches,
      supersedes: [earlierDecision.id],
      charterItems: ['AREA-2'],
    })
    await author.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(author, id),
    })
    // A joint and an internal comment: neither is part of the record.
    await author.comment.add({ proposalId: id, body: INTERNAL, visibility: 'internal' })
    await author.comment.add({ proposalId: id, body: 'Joint remark.', visibility: 'joint' })

    const raiser = await as('engineer@nissan.example')
    const raised = await raiser.proposal.raiseConcern({
      proposalId: id,
      expectedVersion: await currentVersion(raiser, id),
      title: 'Volume cap',
      rationale: 'Who carries the risk above 40 GWh?',
      grounds: { kind: 'other', text: 'The tender terms' },
      resolvesWhen: 'An answer in the thread',
    })
    await raiser.proposal.resolveConcern({
      proposalId: id,
      expectedVersion: raised.version,
      concernId: raised.concernId,
      resolution: 'Capped at 40 GWh in the text.',
    })
    await review('engineer@honda.example', id, 'approve')
    expect((await review('engineer@nissan.example', id, 'approve')).state).toBe('awaiting_signoff')
    await sign('battery.lead@honda.example', id, 'Honda agrees to revision 1.')

    const draft = await author.proposal.get({ proposalId: id })
    await author.proposal.revise({
      proposalId: id,
      expectedVersion: draft.version,
      content: { ...draft.revision, body: BODY_2 },
      note: 'Extended to 2028 with a cap.',
    })
    await review('engineer@honda.example', id, 'approve')
    await review('engineer@nissan.example', id, 'approve')
    await sign('battery.lead@honda.example', id, 'Honda agrees to revision 2.')
    const approved = await sign('battery.lead@nissan.example', id, 'Nissan agrees.')
    expect(approved.state).toBe('approved')
    if (!approved.decisionId) throw new Error('no decision issued')
    return { proposalId: id, decisionId: approved.decisionId, earlier: earlierDecision }
  }

  it('shows the decided text, its reviews, concerns, sign-offs and succession, the same to both parties and an auditor', async () => {
    const { proposalId, decisionId, earlier } = await decidedThroughTwoRevisions()
    const honda = await as('member@honda.example')
    const d = await honda.decision.get({ decisionId })
    const proposal = await honda.proposal.get({ proposalId })

    expect(d.revision).toBe(2)
    const { record } = d
    // The decided text: revision 2, not revision 1.
    expect(record.text).toMatchObject({
      revision: 2,
      title: 'Joint LFP cell tender',
      body: BODY_2,
      note: 'Extended to 2028 with a cap.',
      createdBy: { name: proposal.author.name },
    })
    expect(record.text.impacts.map((s) => [s.item.code, s.impact])).toEqual([
      ['CON-1', 'none'],
      ['ST-1', 'none'],
    ])
    expect(record.text.impacts.every((s) => s.item.title.length > 0)).toBe(true)
    expect(record.author).toMatchObject({ name: proposal.author.name, party: 'HONDA' })
    // The charter version it was judged by, as frozen at submission.
    expect(proposal.charterVersion).not.toBeNull()
    expect(record.charter?.version).toBe(proposal.charterVersion)
    expect(record.revisions.map((r) => r.number)).toEqual([1, 2])

    // Every review, those of revision 1 stale.
    expect(record.reviews.map((r) => [r.revision, r.party, r.verdict, r.stale])).toEqual([
      [1, 'HONDA', 'approve', true],
      [1, 'NISSAN', 'approve', true],
      [2, 'HONDA', 'approve', false],
      [2, 'NISSAN', 'approve', false],
    ])
    // The concern and how it was resolved.
    expect(record.concerns).toEqual([
      expect.objectContaining({
        revision: 1,
        title: 'Volume cap',
        party: 'NISSAN',
        status: 'resolved',
        resolution: 'Capped at 40 GWh in the text.',
        override: false,
      }),
    ])
    expect(record.concerns[0]?.resolvedBy?.id).toBe(ix.user('engineer@nissan.example'))
    expect(record.concerns[0]?.raisedBy.id).toBe(ix.user('engineer@nissan.example'))

    // Each party's sign-off on the decided revision, with how the signer authenticated.
    expect(
      d.signoffs.map((s) => [s.party, s.signer.id, s.rationale, s.authentication?.method]),
    ).toEqual([
      ['HONDA', ix.user('battery.lead@honda.example'), 'Honda agrees to revision 2.', 'password'],
      ['NISSAN', ix.user('battery.lead@nissan.example'), 'Nissan agrees.', 'password'],
    ])
    // Honda's sign-off of revision 1 stays on the record, as stale.
    expect(record.staleSignoffs).toEqual([
      expect.objectContaining({
        revision: 1,
        party: 'HONDA',
        verdict: 'approve',
        rationale: 'Honda agrees to revision 1.',
        authentication: expect.objectContaining({ method: 'password' }),
      }),
    ])

    // What it supersedes, and the earlier decision names what superseded it.
    expect(d.supersedes).toEqual([
      { id: earlier.id, code: earlier.code, title: 'Cell tender 2026' },
    ])
    const old = await honda.decision.get({ decisionId: earlier.id })
    expect(old.status).toBe('superseded')
    expect(old.supersededBy).toEqual({
      id: decisionId,
      code: d.code,
      title: 'Joint LFP cell tender',
    })

    // No comment is part of the record, and Honda's internal one reaches nobody through it.
    expect(JSON.stringify(d)).not.toContain('floor price')
    expect(JSON.stringify(d)).not.toContain('Joint remark')

    // Nissan and the external auditor read exactly the same record.
    for (const reader of ['member@nissan.example', 'auditor@external-audit.example']) {
      const theirs = await (await as(reader)).decision.get({ decisionId })
      expect(theirs).toEqual(d)
      expect(JSON.stringify(theirs)).not.toContain('floor price')
    }
  })

  it('offers "sign off" exactly when the server would take it: not once one’s party has signed the revision', async () => {
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      reviewers: REVIEWERS,
    })
    const view = async (email: string) => (await as(email)).proposal.get({ proposalId: id })
    // Two Honda leads may sign; both are offered it before Honda signs.
    expect((await view('lead@honda.example')).myActions).toContain('sign_off')
    expect((await view('battery.lead@honda.example')).myActions).toContain('sign_off')

    await sign('battery.lead@honda.example', id)
    for (const email of ['lead@honda.example', 'battery.lead@honda.example']) {
      const v = await view(email)
      expect(v.myActions).not.toContain('sign_off')
      // A rejection is still open to a Honda lead who has not signed: the server takes it.
      expect(v.myActions).toContain('reject')
    }
    // ...and the server refuses exactly what is not offered, changing nothing.
    const refused = await refusal(sign('lead@honda.example', id))
    expect(refused.code).toBe('BAD_REQUEST')
    expect(refused.message).toContain('HONDA has already signed off revision 1')
    // Nissan, which has not signed, is still offered it and the server takes it.
    expect((await view('lead@nissan.example')).myActions).toContain('sign_off')
    expect((await sign('lead@nissan.example', id)).state).toBe('approved')
  })

  it('shows a sign-off made stale by a revision as stale, and offers that party a new sign-off', async () => {
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      reviewers: REVIEWERS,
    })
    await sign('battery.lead@honda.example', id)
    const author = await as('member@honda.example')
    const draft = await author.proposal.get({ proposalId: id })
    await author.proposal.revise({
      proposalId: id,
      expectedVersion: draft.version,
      content: { ...draft.revision, body: 'Revised.' },
      note: 'Clarified.',
    })
    await review('engineer@honda.example', id, 'approve')
    await review('engineer@nissan.example', id, 'approve')
    const v = await (await as('lead@honda.example')).proposal.get({ proposalId: id })
    expect(v.state).toBe('awaiting_signoff')
    expect(v.signoffStatus.find((s) => s.party === 'HONDA')?.status).toBe('pending')
    expect(v.signoffs).toEqual([
      expect.objectContaining({ party: 'HONDA', revision: 1, stale: true, verdict: 'approve' }),
    ])
    expect(v.reviews.filter((r) => r.stale).map((r) => r.revision)).toEqual([1, 1])
    expect(v.myActions).toContain('sign_off')
  })
})
