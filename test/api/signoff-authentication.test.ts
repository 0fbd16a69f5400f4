/**
 * Acts that bind a party need a fresh sign-in (issue 10): signing off, rejecting and overriding
 * a concern. The record keeps how the signer authenticated, and the decision shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fingerprint,
  ledgerRows,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const REVIEWERS = ['battery.lead@honda.example', 'battery.lead@nissan.example']
const PASSWORD = 'concord-demo-2026'

describe.each(DATABASE_KINDS)('fresh sign-in to bind a party (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })
  afterAll(() => world?.destroy())

  /** Makes every session of this person look signed in twenty minutes ago. */
  const ageSessions = (email: string) =>
    world.db
      .updateTable('sessions')
      .set({ authenticated_at: new Date(Date.now() - 20 * 60_000).toISOString() })
      .where('user_id', '=', ix.user(email))
      .execute()

  it('a sign-off on a stale sign-in is not made; after a password re-entry it is, and says how', async () => {
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Joint tender for LFP cells',
      reviewers: REVIEWERS,
    })
    const lead = await world.as('battery.lead@honda.example')
    await ageSessions('battery.lead@honda.example')
    const before = await fingerprint(world.db, id)
    const eventsBefore = (await ledgerRows(world.db)).length
    const refused = await refusal(
      lead.proposal.signOff({
        proposalId: id,
        expectedVersion: await currentVersion(lead, id),
        verdict: 'approve',
        rationale: '',
      }),
    )
    expect(refused.code).toBe('PRECONDITION_FAILED')
    expect(refused.message).toMatch(/fresh sign-in/)
    expect(await fingerprint(world.db, id)).toEqual(before)
    expect((await ledgerRows(world.db)).length).toBe(eventsBefore)

    const wrong = await refusal(lead.auth.reauthenticate({ password: 'not-the-password' }))
    expect(wrong.code).toBe('UNAUTHORIZED')
    await lead.auth.reauthenticate({ password: PASSWORD })
    await lead.proposal.signOff({
      proposalId: id,
      expectedVersion: await currentVersion(lead, id),
      verdict: 'approve',
      rationale: 'Within budget.',
    })
    const view = await lead.proposal.get({ proposalId: id })
    const signoff = view.signoffs.find((s) => s.party === 'HONDA')
    expect(signoff?.authentication).toMatchObject({ method: 'password', issuer: null })
    const at = Date.parse(signoff?.authentication?.at ?? '')
    expect(Date.now() - at).toBeLessThan(5 * 60_000)
    const recorded = (await ledgerRows(world.db)).filter((e) => e.action === 'signoff.recorded')
    expect(JSON.parse(recorded.at(-1)?.payload ?? '{}').after.authentication).toMatchObject({
      method: 'password',
    })
  })

  it('a refusal stays a refusal: someone who may not sign is refused, not asked to sign in again', async () => {
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Shared charging map',
      reviewers: REVIEWERS,
    })
    const member = await world.as('member@nissan.example')
    await ageSessions('member@nissan.example')
    const refused = await refusal(
      member.proposal.signOff({
        proposalId: id,
        expectedVersion: await currentVersion(member, id),
        verdict: 'approve',
        rationale: '',
      }),
    )
    expect(refused.code).toBe('FORBIDDEN')
  })

  it('rejecting and overriding a concern need a fresh sign-in too', async () => {
    const rejecting = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Common diagnostics format',
      reviewers: REVIEWERS,
    })
    const nissanLead = await world.as('battery.lead@nissan.example')
    await ageSessions('battery.lead@nissan.example')
    const refused = await refusal(
      nissanLead.proposal.reject({
        proposalId: rejecting.id,
        expectedVersion: await currentVersion(nissanLead, rejecting.id),
        rationale: 'Not in this budget year.',
      }),
    )
    expect(refused.code).toBe('PRECONDITION_FAILED')

    const concerned = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Shared test track',
      reviewers: REVIEWERS,
      concernBy: 'member@nissan.example',
    })
    const lead = await world.as('lead@nissan.example')
    await ageSessions('lead@nissan.example')
    const override = await refusal(
      lead.proposal.resolveConcern({
        proposalId: concerned.id,
        expectedVersion: await currentVersion(lead, concerned.id),
        concernId: concerned.concernId as string,
        resolution: 'Settled at the steering committee.',
      }),
    )
    expect(override.code).toBe('PRECONDITION_FAILED')
    await lead.auth.reauthenticate({ password: PASSWORD })
    const done = await lead.proposal.resolveConcern({
      proposalId: concerned.id,
      expectedVersion: await currentVersion(lead, concerned.id),
      concernId: concerned.concernId as string,
      resolution: 'Settled at the steering committee.',
    })
    expect(done.override).toBe(true)
  })

  it('the decision shows how each signer authenticated', async () => {
    const { id } = await proposalInState(world, ix, 'approved', {
      author: 'member@honda.example',
      title: 'Joint purchasing of separators',
      reviewers: REVIEWERS,
      signers: ['battery.lead@honda.example', 'battery.lead@nissan.example'],
    })
    const lead = await world.as('lead@honda.example')
    const view = await lead.proposal.get({ proposalId: id })
    const decision = await lead.decision.get({ decisionId: view.decision?.id as string })
    expect(decision.signoffs.map((s) => s.authentication?.method)).toEqual(['password', 'password'])
  })
})
