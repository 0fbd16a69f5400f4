/**
 * PostgreSQL connections dropped under load (a restart, a failover, an idle timeout): the real
 * server process terminates none of its own, the request in flight fails cleanly, later ones
 * reconnect, and no acknowledged write is lost. The test ends the server's backends with
 * pg_terminate_backend again and again while writers run.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { HttpClient, startServerProcess } from '../helpers/process'

const PG = process.env.TEST_DATABASE_URL

describe.runIf(PG)('PostgreSQL connection loss (real server process)', () => {
  const schema = `cl_${randomBytes(5).toString('hex')}`
  const appName = `concord_${schema}`
  const admin = new pg.Client({ connectionString: PG })
  afterAll(async () => {
    await admin.query(`drop schema if exists ${schema} cascade`)
    await admin.end()
  })

  it('survives its backends being terminated under load, losing no acknowledged write', {
    timeout: 120_000,
  }, async () => {
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    const url = `${PG}?application_name=${appName}&options=${encodeURIComponent(`-c search_path=${schema}`)}`
    const server = await startServerProcess({ DATABASE_URL: url, CHECKPOINT_EVERY: '1000000' })
    try {
      // A partnership lead: a checkpoint on request is a write, which auditors never make.
      const lead = new HttpClient(server.url)
      await lead.login('lead@honda.example')
      const partnershipId = (await lead.query<{ id: string }[]>('partnership.list')).data[0]
        ?.id as string
      const acknowledged: { number: number; seq: number; headHash: string }[] = []
      const failures: string[] = []
      let writing = true
      const writers = Array.from({ length: 4 }, async () => {
        while (writing) {
          try {
            const res = await lead.mutation<{
              checkpoint: { number: number; seq: number; headHash: string }
            }>('audit.createCheckpoint', { partnershipId })
            if (res.status === 200) acknowledged.push(res.data.checkpoint)
            else failures.push(`${res.status} ${res.error?.message}`)
          } catch (error) {
            failures.push(`transport: ${(error as Error).message}`)
          }
        }
      })
      let terminated = 0
      for (let round = 0; round < 15; round++) {
        await new Promise((r) => setTimeout(r, 250))
        const res = await admin.query<{ ok: boolean }>(
          'select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1',
          [appName],
        )
        terminated += res.rows.filter((r) => r.ok).length
      }
      await new Promise((r) => setTimeout(r, 500))
      writing = false
      await Promise.all(writers)

      expect(terminated).toBeGreaterThan(0)
      // The process is alive and serves again.
      expect(server.child.exitCode, server.output().slice(-3000)).toBeNull()
      const health = await fetch(`${server.url}/healthz`)
      expect(health.status).toBe(200)
      const after = await lead.mutation('audit.createCheckpoint', { partnershipId })
      expect(after.status).toBe(200)
      // A request that met a dropped connection failed cleanly: a 500 in JSON, never a hang
      // or a dropped HTTP connection.
      for (const f of failures) expect(f).toMatch(/^500 Something went wrong on our side/)
      // Every acknowledged write is in the database, exactly as acknowledged.
      const rows = await admin.query<{ number: number; seq: number; head_hash: string }>(
        `select number, seq, head_hash from ${schema}.ledger_checkpoints`,
      )
      const stored = new Map(rows.rows.map((r) => [Number(r.number), r]))
      for (const cp of acknowledged) {
        const row = stored.get(cp.number)
        expect(row, `checkpoint #${cp.number}`).toBeDefined()
        expect(Number(row?.seq)).toBe(cp.seq)
        expect(row?.head_hash).toBe(cp.headHash)
      }
      expect(acknowledged.length).toBeGreaterThan(0)
      console.info(
        `connection loss: ${terminated} backends terminated, ${acknowledged.length} writes acknowledged, ${failures.length} failed cleanly`,
      )
      expect(server.output()).not.toMatch(/Unhandled|uncaught/i)
    } finally {
      await server.kill()
    }
  })
})
