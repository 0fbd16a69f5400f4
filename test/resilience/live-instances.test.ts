/**
 * Live pages across real server processes (ADR 0034): two instances of `npm start` on one
 * PostgreSQL. A comment posted through one instance reaches streams served by the other, and by
 * itself (LISTEN/NOTIFY); an internal comment reaches the author party's streams on both and
 * none of the other party's.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db } from '../../db/connect'
import { callerFor, contextFor, type DemoWorld } from '../helpers/api'
import { type LiveEvent, type LiveReader, openLive, signIn } from '../helpers/live'
import { HttpClient, type ServerProcess, startServerProcess } from '../helpers/process'
import { demoIndex, proposalInState } from '../helpers/workflow'

const PG = process.env.TEST_DATABASE_URL

const about = (id: string) => (e: LiveEvent) => e.event === 'proposal' && e.data.proposalId === id

describe.runIf(PG)('live pages across two server processes on PostgreSQL', () => {
  const schema = `live_${randomBytes(5).toString('hex')}`
  const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-live-'))
  let servers: ServerProcess[] = []
  let db: Db
  const readers: LiveReader[] = []

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: PG })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    const url = `${PG}${PG?.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
    servers = [await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: url })]
    servers.push(await startServerProcess({ DATA_DIR: dataDir, DATABASE_URL: url }))
    db = connect({ kind: 'postgres', url: PG as string, schema })
  }, 90_000)

  afterAll(async () => {
    for (const r of readers) r.close()
    await Promise.all(servers.map((s) => s.kill()))
    await db?.destroy()
    const admin = new pg.Client({ connectionString: PG })
    await admin.connect()
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('delivers through every instance, and an internal comment to its own party only', {
    timeout: 120_000,
  }, async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const partnership = await db.selectFrom('partnerships').select('id').executeTakeFirstOrThrow()
    const world = {
      db,
      partnershipId: partnership.id,
      as: async (email: string) => callerFor(await contextFor(db, email)),
    } as unknown as DemoWorld
    const ix = await demoIndex(world)
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'engineer@honda.example',
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    const { id: other } = await proposalInState(world, ix, 'in_review', {
      author: 'engineer@nissan.example',
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    const open = async (url: string, email: string) => {
      const reader = await openLive(url, await signIn(url, email))
      readers.push(reader)
      return reader
    }
    const hondaOnA = await open(a.url, 'member@honda.example')
    const hondaOnB = await open(b.url, 'member@honda.example')
    const nissanOnA = await open(a.url, 'member@nissan.example')
    const nissanOnB = await open(b.url, 'member@nissan.example')
    const all = [hondaOnA, hondaOnB, nissanOnA, nissanOnB]

    const lead = new HttpClient(a.url)
    await lead.login('lead@honda.example')
    const comment = async (proposalId: string, body: string, visibility: string) => {
      const res = await lead.mutation('comment.add', { proposalId, body, visibility })
      expect(res.status, JSON.stringify(res.error)).toBe(200)
    }

    let from = all.map((r) => r.events.length)
    await comment(id, 'Joint, through instance A.', 'joint')
    for (const [i, r] of all.entries()) await r.next(about(id), from[i])

    from = all.map((r) => r.events.length)
    await comment(id, 'Honda only, through instance A.', 'internal')
    await comment(other, 'Joint sentinel after it.', 'joint')
    for (const [i, r] of all.entries()) await r.next(about(other), from[i])
    expect(hondaOnA.events.slice(from[0]).filter(about(id))).toHaveLength(1)
    expect(hondaOnB.events.slice(from[1]).filter(about(id))).toHaveLength(1)
    expect(nissanOnA.events.slice(from[2]).filter(about(id))).toEqual([])
    expect(nissanOnB.events.slice(from[3]).filter(about(id))).toEqual([])
  })
})
