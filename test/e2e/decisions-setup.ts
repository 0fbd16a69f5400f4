/**
 * Decisions made through the API before a browser looks: proposals driven to approval by the
 * demo's people with tRPC callers on the test server's own database (the same domain code the
 * browser's requests reach), one of them superseding an earlier decision.
 */
import type { DemoWorld } from '../helpers/api'
import { callerFor, contextFor } from '../helpers/api'
import type { TestServer } from '../helpers/server'
import {
  currentVersion,
  demoIndex,
  fileProposal,
  proposalInState,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = ['engineer@nissan.example', 'engineer@honda.example']

export interface MadeDecisions {
  /** proposal id by title */
  proposals: Record<string, string>
  /** decision id by title */
  decisions: Record<string, string>
  codes: Record<string, string>
}

export function worldOf(server: TestServer): DemoWorld {
  return withCachedCallers({
    db: server.db,
    kind: 'sqlite',
    partnershipId: server.partnershipId,
    destroy: async () => {},
    as: async (email: string) => callerFor(await contextFor(server.db, email)),
    anonymous: () => {
      throw new Error('not used')
    },
  } as unknown as DemoWorld)
}

export async function makeDecisions(server: TestServer): Promise<MadeDecisions> {
  const world = worldOf(server)
  const ix = await demoIndex(world)
  const proposals: Record<string, string> = {}
  for (const [title, workstream, items] of [
    ['Battery cell supplier shortlist', 'WS-BAT', ['AREA-2', 'OBJ-1']],
    ['Shared vehicle OS roadmap', 'WS-SW', ['AREA-1']],
  ] as const) {
    proposals[title] = (
      await proposalInState(world, ix, 'approved', {
        author: workstream === 'WS-BAT' ? 'member@nissan.example' : 'member@honda.example',
        title,
        workstream,
        reviewers: REVIEWERS,
        charterItems: [...items],
        signers:
          workstream === 'WS-BAT'
            ? ['battery.lead@honda.example', 'battery.lead@nissan.example']
            : ['software.lead@honda.example', 'software.lead@nissan.example'],
      })
    ).id
  }
  const lead = await world.as('lead@honda.example')
  const first = await lead.decision.list({ partnershipId: server.partnershipId, limit: 10 })
  const shortlist = first.items.find((d) => d.title === 'Battery cell supplier shortlist')
  if (!shortlist) throw new Error('the shortlist decision was not issued')

  // A later decision replaces the shortlist.
  const title = 'Revised cell supplier shortlist'
  const { id, caller } = await fileProposal(world, ix, 'member@nissan.example', {
    title,
    body: 'Adds a second LFP supplier for the North American plants.',
    reviewers: REVIEWERS,
    supersedes: [shortlist.id],
    charterItems: ['AREA-2'],
  })
  proposals[title] = id
  let version = (
    await caller.proposal.submit({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
    })
  ).version
  for (const reviewer of REVIEWERS) {
    version = (
      await (
        await world.as(reviewer)
      ).proposal.review({
        proposalId: id,
        expectedVersion: version,
        verdict: 'approve',
        comment: 'Fine.',
      })
    ).version
  }
  for (const signer of ['battery.lead@honda.example', 'battery.lead@nissan.example']) {
    version = (
      await (
        await world.as(signer)
      ).proposal.signOff({
        proposalId: id,
        expectedVersion: version,
        verdict: 'approve',
        rationale: 'Agreed for our party.',
      })
    ).version
  }
  const all = await lead.decision.list({ partnershipId: server.partnershipId, limit: 10 })
  return {
    proposals,
    decisions: Object.fromEntries(all.items.map((d) => [d.title, d.id])),
    codes: Object.fromEntries(all.items.map((d) => [d.title, d.code])),
  }
}
