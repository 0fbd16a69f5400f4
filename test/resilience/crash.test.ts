/**
 * Crash safety: start the real server, drive writes, kill it with SIGKILL at a random moment,
 * again and again on the same data directory. After every kill the SQLite file passes its
 * integrity check, the ledger verifies, and every write that got a success response is there.
 *
 * CRASH_ITERATIONS sets how many kills (50 by default, as CI runs it; more for a long run).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { connect } from '../../db/connect'
import { HttpClient, startServerProcess } from '../helpers/process'
import { verifyLedger } from '../helpers/workflow'

const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 50)
const WRITERS = 4

describe('crash safety (SQLite)', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-crash-'))
  const file = path.join(dataDir, 'concord.sqlite')
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it(`survives ${ITERATIONS} SIGKILLs during writes without losing an acknowledged write`, {
    timeout: 60_000 + ITERATIONS * 15_000,
  }, async () => {
    const env = { DATA_DIR: dataDir, CHECKPOINT_EVERY: '25' }
    let server = await startServerProcess(env)
    const client = new HttpClient(server.url)
    await client.login('member@honda.example')
    const partnerships = await client.query<{ id: string }[]>('partnership.list')
    const created = await client.mutation<{ id: string }>('proposal.create', {
      partnershipId: partnerships.data[0]?.id,
      type: 'decision',
      content: { title: 'Crash test proposal' },
    })
    const proposalId = created.data.id
    await server.kill('SIGTERM')

    const acknowledged = new Set<string>()
    let refused = 0
    let killedWhileWriting = 0
    for (let iteration = 0; iteration < ITERATIONS; iteration++) {
      server = await startServerProcess(env)
      const writer = client.at(server.url)
      let running = true
      let inFlight = 0
      const loops = Array.from({ length: WRITERS }, async (_, w) => {
        for (let n = 0; running; n++) {
          inFlight++
          try {
            const res = await writer.mutation<{ id: string }>('comment.add', {
              proposalId,
              body: `crash ${iteration}.${w}.${n}`,
              visibility: 'joint',
            })
            if (res.status === 200) acknowledged.add(res.data.id)
            else refused++
          } catch {
            running = false // the connection died with the server
          } finally {
            inFlight--
          }
        }
      })
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 450))
      if (inFlight > 0) killedWhileWriting++
      await server.kill('SIGKILL')
      running = false
      await Promise.all(loops)

      // The file is checked cold, as the next start would find it.
      const raw = new SQLite(file)
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
      raw.close()
      const db = connect({ kind: 'sqlite', file })
      try {
        const { result } = await verifyLedger(db)
        expect(result.ok, JSON.stringify(result)).toBe(true)
        const stored = new Set(
          (await db.selectFrom('comments').select('id').execute()).map((r) => r.id),
        )
        const lost = [...acknowledged].filter((id) => !stored.has(id))
        expect(lost, `iteration ${iteration}: acknowledged writes missing after SIGKILL`).toEqual(
          [],
        )
      } finally {
        await db.destroy()
      }
    }
    console.info(
      `crash safety: ${ITERATIONS} SIGKILLs (${killedWhileWriting} with writes in flight), ${acknowledged.size} acknowledged writes all present, ${refused} refused`,
    )
    expect(acknowledged.size).toBeGreaterThan(ITERATIONS)
    expect(killedWhileWriting).toBeGreaterThan(ITERATIONS / 2)
  })
})
