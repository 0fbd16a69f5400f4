/**
 * The inbox reads only the proposals on which a person can own a wait (issue 16: its cost must not
 * grow with the record; server/domain/proposals/inbox.ts `candidates`). That narrowing must never
 * change an inbox: for every account of the demo, over proposals in every open situation (reviews
 * pending, sign-offs owed to workstream or partnership leads, an open concern, one handed over to
 * the leads, a date passed, drafts), the inbox equals the one the rule gives over every open
 * proposal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inbox } from '../../server/domain/proposals/inbox'
import { loadSessionUser } from '../../server/domain/users'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  fileProposal,
  impacts,
  proposalInState,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = ['member@honda.example', 'member@nissan.example']

describe.each(DATABASE_KINDS)('inbox candidates (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    // Reviews pending, in two workstreams.
    await proposalInState(world, ix, 'in_review', {
      author: 'engineer@honda.example',
      title: 'Cell sourcing',
      reviewers: REVIEWERS,
    })
    await proposalInState(world, ix, 'in_review', {
      author: 'engineer@nissan.example',
      title: 'Shared OTA format',
      workstream: 'WS-SW',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    // Sign-offs owed: to the workstream's leads, and to the partnership leads (a stance touched).
    await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Joint tender',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@nissan.example',
      title: 'A stance revisited',
      reviewers: ['member@honda.example', 'engineer@nissan.example'],
      impacts: impacts(ix, { 'ST-1': { impact: 'touches', explanation: 'It revisits it.' } }),
    })
    // An open concern, and one whose raiser left (held by their party's partnership leads).
    await proposalInState(world, ix, 'in_review', {
      author: 'engineer@honda.example',
      title: 'Recycling partner',
      reviewers: REVIEWERS,
      concernBy: 'member@nissan.example',
    })
    const held = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Warranty terms',
      reviewers: ['engineer@honda.example', 'engineer@nissan.example'],
      concernBy: 'engineer@nissan.example',
    })
    await world.db
      .updateTable('concerns')
      .set({ handed_over_at: new Date().toISOString(), handed_over_reason: 'role_removed' })
      .where('id', '=', held.concernId as string)
      .execute()
    // A date passed, in the software workstream.
    await proposalInState(world, ix, 'in_review', {
      author: 'engineer@nissan.example',
      title: 'Diagnostics deadline',
      workstream: 'WS-SW',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy: '2024-03-01',
    })
    // Drafts of each party, one without reviewers.
    await fileProposal(world, ix, 'member@honda.example', {
      title: 'A Honda draft',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    await (await world.as('engineer@nissan.example')).proposal.create({
      partnershipId: world.partnershipId,
      type: 'decision',
      content: { title: 'A Nissan draft' },
    })
  }, 240_000)
  afterAll(() => world?.destroy())

  it("every account's inbox is the one the rule gives over every open proposal", async () => {
    const users = await world.db.selectFrom('users').select(['id', 'email']).execute()
    let items = 0
    for (const { id, email } of users) {
      const user = await loadSessionUser(world.db, id)
      if (!user) continue
      const narrowed = await inbox(world.db, user, world.partnershipId)
      const reference = await inbox(world.db, user, world.partnershipId, { allOpen: true })
      expect(narrowed, email).toEqual(reference)
      items += reference.counts.total
    }
    // The world gives the accounts something to compare: every group is exercised.
    expect(items).toBeGreaterThan(10)
  })
})
