/**
 * A party's private deliberation never reaches the other party (issue 11, items 1–3).
 *
 * A draft that was never submitted stays its party's own whatever happens to it later
 * (withdrawn included), in every read; it takes no partnership-wide number, so gaps in P-numbers
 * tell the other party nothing; people's email addresses and sign-in addresses stay with those
 * who need them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = ['battery.lead@honda.example', 'battery.lead@nissan.example']
const OTHERS = ['member@nissan.example', 'lead@nissan.example', 'auditor@external-audit.example']

describe.each(DATABASE_KINDS)('party privacy (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let withdrawnDraft: string
  const secretTitle = 'Honda only: walk-away price for LFP cells'

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: secretTitle,
      body: 'Our ceiling is confidential.',
      reviewers: REVIEWERS,
    })
    await caller.comment.add({ proposalId: id, body: 'Draft-stage note', visibility: 'joint' })
    await caller.proposal.withdraw({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      reason: 'Not now',
    })
    withdrawnDraft = id
  })
  afterAll(() => world?.destroy())

  it('a withdrawn draft stays visible to its own party', async () => {
    const honda = await world.as('lead@honda.example')
    const view = await honda.proposal.get({ proposalId: withdrawnDraft })
    expect(view.state).toBe('withdrawn')
    expect(view.title).toBe(secretTitle)
  })

  it.each(OTHERS)('a withdrawn draft does not exist for %s in any read', async (email) => {
    const other = await world.as(email)
    const get = await refusal(other.proposal.get({ proposalId: withdrawnDraft }))
    expect(get.code).toBe('NOT_FOUND')
    const diff = await refusal(other.proposal.diff({ proposalId: withdrawnDraft, from: 1, to: 1 }))
    expect(diff.code).toBe('NOT_FOUND')
    const comments = await refusal(other.comment.list({ proposalId: withdrawnDraft }))
    expect(comments.code).toBe('NOT_FOUND')

    for (const filter of [{ state: 'withdrawn' as const }, {}, { query: 'walk-away' }]) {
      const list = await other.proposal.list({ partnershipId: world.partnershipId, ...filter })
      expect(list.items.map((i) => i.id)).not.toContain(withdrawnDraft)
      expect(JSON.stringify(list)).not.toContain('walk-away')
    }
    if (email !== 'auditor@external-audit.example') {
      const inbox = await other.inbox.get({ partnershipId: world.partnershipId })
      expect(JSON.stringify(inbox)).not.toContain(withdrawnDraft)
    }
  })

  it("the other party's dashboard does not count a withdrawn draft", async () => {
    const dashboard = async (email: string) => {
      const { generatedAt: _, ...figures } = await (await world.as(email)).stats.dashboard({
        partnershipId: world.partnershipId,
      })
      return figures
    }
    const before = {
      nissan: await dashboard('lead@nissan.example'),
      honda: await dashboard('lead@honda.example'),
    }
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Another Honda-only idea',
      reviewers: REVIEWERS,
    })
    await caller.proposal.withdraw({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      reason: 'Dropped',
    })
    // Honda's own dashboard counts it: the figures would show it if it leaked.
    expect(await dashboard('lead@honda.example')).not.toEqual(before.honda)
    expect(await dashboard('lead@nissan.example')).toEqual(before.nissan)
  })

  it('the ledger shows the other party no content of a withdrawn draft', async () => {
    const nissan = await world.as('lead@nissan.example')
    const events = await nissan.audit.list({
      partnershipId: world.partnershipId,
      entityType: 'proposal',
      entityId: withdrawnDraft,
    })
    // Not even that the draft had events: the list leaves them out (ADR 0024).
    expect(events.items).toEqual([])
    const all = await nissan.audit.events({
      partnershipId: world.partnershipId,
      afterSeq: 0,
      limit: 1000,
    })
    expect(JSON.stringify(all)).not.toContain(withdrawnDraft)
    expect(JSON.stringify(all)).not.toContain('walk-away')
  })

  it('a draft takes no partnership-wide number; submission gives the next one', async () => {
    const nissan = await world.as('member@nissan.example')
    const first = await fileProposal(world, ix, 'member@nissan.example', {
      title: 'Nissan: shared charging map',
      reviewers: REVIEWERS,
    })
    await first.caller.proposal.submit({
      proposalId: first.id,
      expectedVersion: await currentVersion(first.caller, first.id),
    })
    const firstCode = (await nissan.proposal.get({ proposalId: first.id })).code
    expect(firstCode).toMatch(/^P-\d+$/)

    // Honda drafts three proposals meanwhile, and keeps them to itself.
    const drafts: string[] = []
    for (const n of [1, 2, 3]) {
      drafts.push(
        (
          await fileProposal(world, ix, 'member@honda.example', {
            title: `Honda private draft ${n}`,
            reviewers: REVIEWERS,
          })
        ).id,
      )
    }
    const honda = await world.as('member@honda.example')
    for (const id of drafts) {
      const code = (await honda.proposal.get({ proposalId: id })).code
      expect(code).not.toMatch(/^P-/)
      expect(code).toMatch(/^HONDA-DRAFT-\d+$/)
    }

    const second = await fileProposal(world, ix, 'member@nissan.example', {
      title: 'Nissan: common diagnostics format',
      reviewers: REVIEWERS,
    })
    await second.caller.proposal.submit({
      proposalId: second.id,
      expectedVersion: await currentVersion(second.caller, second.id),
    })
    const secondCode = (await nissan.proposal.get({ proposalId: second.id })).code
    expect(Number(secondCode.slice(2))).toBe(Number(firstCode.slice(2)) + 1)

    // Once submitted, a Honda draft takes the next number too.
    const [firstDraft] = drafts as [string]
    await honda.proposal.submit({
      proposalId: firstDraft,
      expectedVersion: await currentVersion(honda, firstDraft),
    })
    const submitted = (await nissan.proposal.get({ proposalId: firstDraft })).code
    expect(Number(submitted.slice(2))).toBe(Number(secondCode.slice(2)) + 1)
  })

  it('workstream people carry email addresses for admins only', async () => {
    for (const email of ['member@nissan.example', 'lead@honda.example', 'auditor@honda.example']) {
      const list = await (await world.as(email)).workstream.list({
        partnershipId: world.partnershipId,
      })
      expect(list.length).toBeGreaterThan(0)
      expect(JSON.stringify(list)).not.toMatch(/@(honda|nissan)\.example/)
    }
  })

  it("sign-in addresses of one party's people stay with that party's admins and auditors", async () => {
    await world.anonymous().auth.login({
      email: 'member@honda.example',
      password: 'concord-demo-2026',
    })
    const address = '127.0.0.1'
    const readers = ['auditor@honda.example']
    const nonReaders = ['lead@nissan.example', 'auditor@nissan.example', 'lead@honda.example']
    const signIns = async (email: string) => {
      const caller = await world.as(email)
      const page = await caller.audit.list({
        partnershipId: world.partnershipId,
        action: 'session.started',
      })
      return page.items
    }
    for (const email of readers) {
      const items = await signIns(email)
      expect(items.length, email).toBeGreaterThan(0)
      expect(JSON.stringify(items), email).toContain(address)
    }
    for (const email of nonReaders) {
      const items = await signIns(email)
      // Another party's sign-ins (and a fellow member's) are not listed at all.
      const hondaItems = items.filter((e) => e.actorId === ix.user('member@honda.example'))
      expect(hondaItems, email).toEqual([])
      expect(JSON.stringify(items), email).not.toContain(address)
    }
  })
})
