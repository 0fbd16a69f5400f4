/**
 * Concurrency over HTTP against running servers: rounds of 50 simultaneous reviews and sign-offs
 * on one proposal, every caller naming the version it saw. Exactly one decision results, stale
 * callers get CONFLICT, no update is lost, and the ledger verifies. On PostgreSQL the calls are
 * spread over two server processes sharing one database.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db } from '../../db/connect'
import { DATABASE_KINDS, type DatabaseKind } from '../helpers/db'
import { HttpClient, type ServerProcess, startServerProcess } from '../helpers/process'
import { verifyLedger } from '../helpers/workflow'

const PER_ROUND = 50

interface Setup {
  servers: ServerProcess[]
  db: Db
  cleanup(): Promise<void>
}

async function launch(kind: DatabaseKind): Promise<Setup> {
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-concurrency-'))
    const server = await startServerProcess({ DATA_DIR: dataDir })
    return {
      servers: [server],
      db: connect({ kind: 'sqlite', file: path.join(dataDir, 'concord.sqlite') }),
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }
  const base = process.env.TEST_DATABASE_URL as string
  const schema = `conc_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  await admin.query(`create schema ${schema}`)
  await admin.end()
  const url = `${base}${base.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
  const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-concurrency-'))
  // Two instances behind an imaginary load balancer, started together: both migrate and seed.
  const servers = await Promise.all([
    startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: url }),
    startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: url }),
  ])
  return {
    servers,
    db: connect({ kind: 'postgres', url: base, schema }),
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true })
      const c = new pg.Client({ connectionString: base })
      await c.connect()
      await c.query(`drop schema ${schema} cascade`)
      await c.end()
    },
  }
}

describe.each(DATABASE_KINDS)('concurrent reviews and sign-offs over HTTP (%s)', (kind) => {
  let setup: Setup
  beforeAll(async () => {
    setup = await launch(kind)
  }, 90_000)
  afterAll(async () => {
    await Promise.all(setup.servers.map((s) => s.kill()))
    await setup.db.destroy()
    await setup.cleanup()
  })

  it('gives exactly one decision, CONFLICT to stale callers, and an unbroken ledger', {
    timeout: 120_000,
  }, async () => {
    const servers = setup.servers
    const login = async (email: string, i: number) => {
      const client = new HttpClient((servers[i % servers.length] as ServerProcess).url)
      await client.login(email)
      return client
    }
    const author = await login('member@nissan.example', 0)
    const partnershipId = (await author.query<{ id: string }[]>('partnership.list')).data[0]?.id
    const charter = await author.query<{ items: Record<string, { id: string; code: string }[]> }>(
      'charter.get',
      { partnershipId },
    )
    const items = Object.values(charter.data.items).flat()
    const id = (code: string) => items.find((i) => i.code === code)?.id
    const workstreams = await author.query<{ id: string; code: string }[]>('workstream.list', {
      partnershipId,
    })
    const users = await setup.db.selectFrom('users').select(['id', 'email']).execute()
    const userId = (email: string) => users.find((u) => u.email === email)?.id
    const created = await author.mutation<{ id: string; version: number }>('proposal.create', {
      partnershipId,
      type: 'decision',
      content: {
        title: 'Shared battery cell test lab',
        workstreamId: workstreams.data.find((w) => w.code === 'WS-BAT')?.id,
        impacts: ['CON-1', 'ST-1'].map((code) => ({
          itemId: id(code),
          impact: 'none',
          explanation: '',
        })),
      },
    })
    const proposalId = created.data.id
    const assigned = await author.mutation<{ version: number }>('proposal.assignReviewers', {
      proposalId,
      expectedVersion: created.data.version,
      reviewerIds: [userId('member@honda.example'), userId('engineer@nissan.example')],
    })
    expect(
      (
        await author.mutation('proposal.submit', {
          proposalId,
          expectedVersion: assigned.data.version,
        })
      ).status,
    ).toBe(200)

    const actors = await Promise.all(
      [
        ['member@honda.example', 'review'],
        ['engineer@nissan.example', 'review'],
        ['battery.lead@honda.example', 'signOff'],
        ['battery.lead@nissan.example', 'signOff'],
        ['lead@honda.example', 'signOff'],
        ['lead@nissan.example', 'signOff'],
      ].map(async ([email, action], i) => ({
        email: email as string,
        client: await login(email as string, i),
        action: action as string,
      })),
    )

    const statuses: Record<number, number> = {}
    let successes = 0
    let state = 'in_review'
    let rounds = 0
    while (state !== 'approved' && rounds < 20) {
      rounds++
      const view = await author.query<{
        version: number
        reviews: { reviewer: { id: string }; stale: boolean }[]
        signoffStatus: { party: string; status: string }[]
      }>('proposal.get', { proposalId })
      const seen = view.data.version
      // Each round, everyone whose action is still due fires at once, in a shuffled order.
      const due = actors.filter(({ email, action }) =>
        action === 'review'
          ? !view.data.reviews.some((r) => !r.stale && r.reviewer.id === userId(email))
          : view.data.signoffStatus.some(
              (p) =>
                p.party === email.split('@')[1]?.split('.')[0]?.toUpperCase() &&
                p.status === 'pending',
            ),
      )
      const calls = Array.from(
        { length: PER_ROUND },
        (_, i) => due[i % due.length] as (typeof actors)[number],
      ).sort(() => Math.random() - 0.5)
      const results = await Promise.all(
        calls.map(({ client, action }) =>
          action === 'review'
            ? client.mutation('proposal.review', {
                proposalId,
                expectedVersion: seen,
                verdict: 'approve',
                comment: '',
              })
            : client.mutation('proposal.signOff', {
                proposalId,
                expectedVersion: seen,
                verdict: 'approve',
                rationale: '',
              }),
        ),
      )
      for (const r of results) {
        statuses[r.status] = (statuses[r.status] ?? 0) + 1
        if (r.status === 200) successes++
        else expect(['CONFLICT', 'BAD_REQUEST']).toContain(r.error?.data?.code)
      }
      state = (await author.query<{ state: string }>('proposal.get', { proposalId })).data.state
    }
    console.info(
      `concurrency (${kind}, ${servers.length} server(s)): ${rounds} rounds of ${PER_ROUND}; responses ${JSON.stringify(statuses)}`,
    )
    expect(state).toBe('approved')
    expect(statuses[500]).toBeUndefined()
    expect(statuses[409]).toBeGreaterThan(0)

    const decisions = await setup.db
      .selectFrom('decisions')
      .select('id')
      .where('proposal_id', '=', proposalId)
      .execute()
    expect(decisions).toHaveLength(1)
    // No lost update: every success left exactly one review or sign-off and its ledger event.
    const reviews = await setup.db
      .selectFrom('reviews')
      .select('id')
      .where('proposal_id', '=', proposalId)
      .execute()
    const signoffs = await setup.db
      .selectFrom('signoffs')
      .select('id')
      .where('proposal_id', '=', proposalId)
      .execute()
    expect(reviews.length + signoffs.length).toBe(successes)
    const { result, rows } = await verifyLedger(setup.db)
    expect(result.ok, JSON.stringify(result)).toBe(true)
    const recorded = rows.filter(
      (r) =>
        r.entity_id === proposalId &&
        (r.action === 'review.recorded' || r.action === 'signoff.recorded'),
    )
    expect(recorded).toHaveLength(successes)
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length)
  })
})
