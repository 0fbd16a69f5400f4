/**
 * No read does work proportional to the whole history (issue 16; docs/decisions/0036-lean-reads.md):
 * the number of SQL statements each main read runs over HTTP, session lookup included, is counted
 * through a Kysely plugin on the app's database, once on the demo and again after the history has
 * grown. The counts must not grow, and each stays under a stated bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Db } from '../../db/connect'
import { createApp } from '../../server/app'
import { createSession } from '../../server/auth/session'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { type DemoIndex, demoIndex, fileProposal } from '../helpers/workflow'

/**
 * Statements each read may run, session and user included (what it ran when this was written;
 * the session, its user and their memberships became one statement since: two fewer each; the
 * list reads the caller's visits in its own statement since: one fewer).
 */
const BOUNDS: Record<string, number> = {
  'proposal.list': 2,
  'proposal.get': 24,
  'search.query': 4,
  'stats.dashboard': 11,
  'inbox.get': 12,
}

function counting(db: Db): { db: Db; count: () => number; reset: () => void } {
  let n = 0
  // Counted as each statement's result comes back: a statement template (db/template.ts) runs
  // compiled SQL, which no plugin sees before it runs, but every result passes here.
  const counted = db.withPlugin({
    transformQuery: (args) => args.node,
    transformResult: async (args) => {
      n++
      return args.result
    },
  })
  const reset = () => {
    n = 0
  }
  return { db: counted, count: () => n, reset }
}

describe.each(DATABASE_KINDS)('statements per request (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let proposalId: string
  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    proposalId = (
      await fileProposal(world, ix, 'lead@honda.example', {
        title: 'Joint tender for cells',
        body: 'A tender.',
        reviewers: ['member@honda.example', 'member@nissan.example'],
      })
    ).id
  }, 120_000)
  afterAll(() => world?.destroy())

  async function measure(): Promise<Record<string, number>> {
    const counter = counting(world.db)
    const app = createApp({ db: counter.db, config: testConfig() })
    const user = await world.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'lead@honda.example')
      .executeTakeFirstOrThrow()
    const session = await createSession(
      world.db,
      user.id,
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    const cookie = `concord_session=${session.token}`
    const partnershipId = world.partnershipId
    const reads: [string, unknown][] = [
      ['proposal.list', { partnershipId, limit: 50 }],
      ['proposal.get', { proposalId }],
      ['search.query', { partnershipId, query: 'tender' }],
      ['stats.dashboard', { partnershipId }],
      ['inbox.get', { partnershipId }],
    ]
    const counts: Record<string, number> = {}
    for (const [path, input] of reads) {
      const url = `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`
      // Once to warm what is made once per process, then counted.
      await app.request(url, { headers: { cookie } })
      counter.reset()
      const res = await app.request(url, { headers: { cookie } })
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
      counts[path] = counter.count()
    }
    return counts
  }

  it('each main read runs a bounded number of statements that does not grow with the history', async () => {
    const before = await measure()
    for (const [path, n] of Object.entries(before)) {
      expect(n, path).toBeGreaterThan(0)
      expect(n, path).toBeLessThanOrEqual(BOUNDS[path] as number)
    }
    // The history grows: more proposals, each with its events, reviewers and notifications.
    for (let i = 0; i < 12; i++) {
      await fileProposal(world, ix, i % 2 === 0 ? 'lead@honda.example' : 'lead@nissan.example', {
        title: `Tender number ${i}`,
        body: 'Another tender in the record.',
        reviewers: ['member@honda.example', 'member@nissan.example'],
      })
    }
    const after = await measure()
    console.log(
      `[${kind}] statements per request: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`,
    )
    expect(after).toEqual(before)
  }, 180_000)
})
