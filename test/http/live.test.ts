/**
 * Live pages (ADR 0034) over real HTTP: GET /live streams change hints to signed-in pages, decided
 * per event by the read rule. The other party hears nothing of a draft or an internal comment
 * (not even that something happened); the author's party does. On PostgreSQL two app instances
 * share the database, each with its own pool and listener: a write through one reaches streams
 * served by the other (LISTEN/NOTIFY).
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db } from '../../db/connect'
import { createApp } from '../../server/app'
import { MAX_STREAMS_PER_SESSION } from '../../server/live/hub'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { type LiveEvent, type LiveReader, openLive, signIn } from '../helpers/live'
import { type DemoIndex, demoIndex, proposalInState } from '../helpers/workflow'

async function startInstance(db: Db) {
  // A quick heartbeat, so a stream whose session ended closes within the test.
  const app = createApp({ db, config: testConfig(), liveHeartbeatMs: 200 })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}

const about = (id: string) => (e: LiveEvent) => e.event === 'proposal' && e.data.proposalId === id

describe.each(DATABASE_KINDS)('live pages over HTTP (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let second: Db | null = null
  const instances: Awaited<ReturnType<typeof startInstance>>[] = []
  const readers: LiveReader[] = []
  let joint: string
  /** a stream per person; on PostgreSQL the other party's and one of Honda's on the second instance */
  let hondaMember: LiveReader
  let hondaOnFirst: LiveReader
  let nissanMember: LiveReader
  let nissanLead: LiveReader

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    instances.push(await startInstance(world.db))
    if (kind === 'postgres') {
      second = connect({ kind: 'postgres', url: world.url as string, schema: world.schema })
      instances.push(await startInstance(second))
    }
    const first = instances[0]?.url as string
    const last = instances[instances.length - 1]?.url as string
    const open = async (url: string, email: string) => {
      const reader = await openLive(url, await signIn(first, email))
      readers.push(reader)
      return reader
    }
    hondaMember = await open(last, 'member@honda.example')
    hondaOnFirst = await open(first, 'lead@honda.example')
    nissanMember = await open(last, 'member@nissan.example')
    nissanLead = await open(last, 'lead@nissan.example')
    joint = (
      await proposalInState(world, ix, 'in_review', {
        author: 'engineer@honda.example',
        reviewers: ['member@honda.example', 'member@nissan.example'],
      })
    ).id
  }, 60_000)

  afterAll(async () => {
    for (const r of readers) r.close()
    for (const i of instances) await i.stop()
    await second?.destroy()
    await world.destroy()
  })

  /**
   * A barrier: a new proposal, submitted, that every reader hears of. Hints reach a stream in the
   * order their writes committed, so once a reader has heard of it, it has heard everything
   * written before. (A comment on a proposal used before could not serve: a late hint about that
   * proposal from an earlier test would pass for it.)
   */
  const sentinel = async (title: string) => {
    const streams = [hondaMember, nissanMember, nissanLead]
    const from = streams.map((r) => r.events.length)
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'engineer@nissan.example',
      title,
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    await Promise.all(streams.map((r, i) => r.next(about(id), from[i])))
  }

  it('tells both parties that a joint comment changed the proposal, on every instance', async () => {
    const streams = [hondaMember, hondaOnFirst, nissanMember, nissanLead]
    const from = streams.map((r) => r.events.length)
    await (await world.as('lead@honda.example')).comment.add({
      proposalId: joint,
      body: 'Joint: the cell count holds.',
      visibility: 'joint',
    })
    for (const [i, reader] of streams.entries())
      expect((await reader.next(about(joint), from[i])).data).toEqual({ proposalId: joint })
  })

  it('tells an internal comment to its own party only: the other party hears nothing, not even when', async () => {
    await sentinel('Before the internal comment.')
    const before = nissanMember.events.length
    const beforeLead = nissanLead.events.length
    const honda = hondaMember.events.length
    await (await world.as('lead@honda.example')).comment.add({
      proposalId: joint,
      body: 'Honda only: our floor price.',
      visibility: 'internal',
    })
    await sentinel('Sentinel after the internal comment.')
    expect(hondaMember.events.slice(honda).filter(about(joint))).toHaveLength(1)
    expect(nissanMember.events.slice(before).filter(about(joint))).toEqual([])
    expect(nissanLead.events.slice(beforeLead).filter(about(joint))).toEqual([])
  })

  it('tells a draft to its author’s party only, and both parties once it is submitted', async () => {
    await sentinel('Before the draft.')
    const before = nissanMember.events.length
    const hondaFrom = hondaMember.events.length
    const draft = await proposalInState(world, ix, 'draft', {
      author: 'engineer@honda.example',
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    await hondaMember.next(about(draft.id), hondaFrom)
    await sentinel('Sentinel after the draft.')
    expect(nissanMember.events.slice(before).filter(about(draft.id))).toEqual([])
    const author = await world.as('engineer@honda.example')
    const { version } = await author.proposal.get({ proposalId: draft.id })
    await author.proposal.submit({ proposalId: draft.id, expectedVersion: version })
    expect((await nissanMember.next(about(draft.id), before)).event).toBe('proposal')
  })

  it('tells a person their notifications changed, and nobody else', async () => {
    await sentinel('Before the mention.')
    const before = nissanLead.events.length
    const memberFrom = nissanMember.events.length
    await (await world.as('lead@honda.example')).comment.add({
      proposalId: joint,
      body: 'Joint: @member@nissan.example, can you confirm the volume?',
      visibility: 'joint',
    })
    expect((await nissanMember.next((e) => e.event === 'notifications', memberFrom)).data).toEqual(
      {},
    )
    await sentinel('Sentinel after the mention.')
    expect(nissanLead.events.slice(before).filter((e) => e.event === 'notifications')).toEqual([])
  })

  it('sends hints only: no event carries more than a proposal id', () => {
    for (const reader of readers)
      for (const e of reader.events) {
        expect(['ready', 'proposal', 'notifications', 'resync', 'ping']).toContain(e.event)
        expect(Object.keys(e.data).filter((k) => k !== 'proposalId')).toEqual([])
      }
  })

  it('refuses a page without a session, and more streams per session than the cap', async () => {
    const url = instances[0]?.url as string
    expect((await fetch(`${url}/live`)).status).toBe(401)
    const cookie = await signIn(url, 'member@honda.example')
    const open: LiveReader[] = []
    for (let i = 0; i < MAX_STREAMS_PER_SESSION; i++) open.push(await openLive(url, cookie))
    const refused = await fetch(`${url}/live`, { headers: { cookie } })
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as { error: { data: { rule: string } } }).error.data.rule).toBe(
      'live_streams',
    )
    for (const r of open) r.close()
  })

  it('closes a stream once its session ends, and beats without keeping the session alive', async () => {
    const url = instances[0]?.url as string
    const cookie = await signIn(url, 'engineer@honda.example')
    const reader = await openLive(url, cookie)
    const before = await world.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.last_seen_at')
      .where('users.email', '=', 'engineer@honda.example')
      .executeTakeFirstOrThrow()
    // Two heartbeats later the session has not been touched by them.
    await reader.next((e) => e.event === 'ping')
    await reader.next(
      (e) => e.event === 'ping',
      reader.events.findIndex((e) => e.event === 'ping') + 1,
    )
    const after = await world.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select('sessions.last_seen_at')
      .where('users.email', '=', 'engineer@honda.example')
      .executeTakeFirstOrThrow()
    expect(after.last_seen_at).toBe(before.last_seen_at)
    const res = await fetch(`${url}/trpc/auth.logout`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(res.status).toBe(200)
    await reader.ended
    expect((await fetch(`${url}/live`, { headers: { cookie } })).status).toBe(401)
  })
})
