/**
 * A flood of sign-ins against a running server: the server keeps answering, the flooded
 * account and address are slowed (429) for a bounded time only, and someone else signing in
 * from elsewhere is not locked out.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type Db } from '../../db/connect'
import { type ServerProcess, startServerProcess } from '../helpers/process'

const FLOOD = 400

describe('a flood of sign-ins (SQLite, real server)', () => {
  let server: ServerProcess
  let db: Db
  const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-flood-'))
  beforeAll(async () => {
    // Behind a trusted proxy, so the test can speak from several addresses.
    server = await startServerProcess({ DATA_DIR: dataDir, TRUST_PROXY: 'true' })
    db = connect({ kind: 'sqlite', file: path.join(dataDir, 'concord.sqlite') })
  }, 60_000)
  afterAll(async () => {
    await server?.kill()
    await db?.destroy()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const login = (email: string, password: string, from: string) =>
    fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ email, password }),
    })

  it('stays up, slows the attacker for a bounded time, and lets others in', {
    timeout: 120_000,
  }, async () => {
    const started = Date.now()
    let healthy = 0
    let polling = true
    const poll = (async () => {
      while (polling) {
        const res = await fetch(`${server.url}/healthz`)
        if (res.status === 200) healthy++
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    })()
    const statuses: Record<number, number> = {}
    await Promise.all(
      Array.from({ length: FLOOD }, async (_, i) => {
        const res = await login('lead@honda.example', `guess number ${i}`, '203.0.113.7')
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }),
    )
    polling = false
    await poll
    const seconds = (Date.now() - started) / 1000
    console.info(
      `login flood: ${FLOOD} attempts in ${seconds.toFixed(1)} s, responses ${JSON.stringify(statuses)}, healthz answered ${healthy} times meanwhile`,
    )
    expect(statuses[500]).toBeUndefined()
    expect(statuses[429]).toBeGreaterThan(FLOOD - 40) // only the first few reach the password check
    expect(healthy).toBeGreaterThan(0)

    // The right password from the attacker's address is refused while the block lasts…
    expect((await login('lead@honda.example', 'concord-demo-2026', '203.0.113.7')).status).toBe(429)
    // …but the block is bounded: never more than 15 minutes from now.
    const blocks = await db.selectFrom('login_throttle').select(['key', 'blocked_until']).execute()
    for (const b of blocks) {
      if (b.blocked_until)
        expect(Date.parse(b.blocked_until) - Date.now()).toBeLessThanOrEqual(15 * 60_000)
    }
    // Someone else, from elsewhere, signs in as usual.
    expect((await login('lead@nissan.example', 'concord-demo-2026', '198.51.100.20')).status).toBe(
      200,
    )
    // Once the block has passed, the flooded account's owner gets in again.
    await db
      .updateTable('login_throttle')
      .set({ blocked_until: new Date(Date.now() - 1000).toISOString() })
      .execute()
    expect((await login('lead@honda.example', 'concord-demo-2026', '198.51.100.21')).status).toBe(
      200,
    )
  })
})
