/**
 * Load: many signed-in users read and write at once against a real server on loopback, for a
 * fixed time. Prints throughput, p50/p99 latency and errors, then checks that the ledger verifies
 * and that every acknowledged write is in the database. Exits non-zero on any 5xx, lost write or
 * broken chain.
 *
 *   npm run bench:load                       SQLite, 20 s, 24 users
 *   LOAD_SECONDS=60 LOAD_USERS=48 npm run bench:load
 *   LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:load   (two instances)
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { connect, type Db } from '../db/connect'
import { HttpClient, startServerProcess } from '../test/helpers/process'
import { verifyLedger } from '../test/helpers/workflow'

const SECONDS = Number(process.env.LOAD_SECONDS ?? 20)
const USERS = Number(process.env.LOAD_USERS ?? 24)
const PG_URL = process.env.LOAD_DATABASE_URL

const PARTICIPANTS = [
  'member@honda.example',
  'engineer@honda.example',
  'battery.lead@honda.example',
  'software.lead@honda.example',
  'lead@honda.example',
  'member@nissan.example',
  'engineer@nissan.example',
  'battery.lead@nissan.example',
  'software.lead@nissan.example',
  'lead@nissan.example',
]

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'concord-load-'))
  let schema: string | null = null
  let env: Record<string, string> = { DATA_DIR: dataDir }
  let db: Db
  if (PG_URL) {
    schema = `load_${randomBytes(5).toString('hex')}`
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`create schema ${schema}`)
    await admin.end()
    env = {
      ...env,
      DATABASE_URL: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    }
    db = connect({ kind: 'postgres', url: PG_URL, schema })
  } else {
    db = connect({ kind: 'sqlite', file: path.join(dataDir, 'concord.sqlite') })
  }
  const servers = await Promise.all(
    Array.from({ length: PG_URL ? 2 : 1 }, () => startServerProcess(env)),
  )
  console.log(
    `load: ${servers.length} server(s) on ${PG_URL ? 'PostgreSQL' : 'SQLite'}, ${USERS} users, ${SECONDS} s`,
  )

  const clients = await Promise.all(
    Array.from({ length: USERS }, async (_, i) => {
      const client = new HttpClient((servers[i % servers.length] as { url: string }).url)
      await client.login(PARTICIPANTS[i % PARTICIPANTS.length] as string)
      return client
    }),
  )
  const first = clients[0] as HttpClient
  const partnershipId = (await first.query<{ id: string }[]>('partnership.list')).data[0]
    ?.id as string
  const seedProposal = await first.mutation<{ id: string }>('proposal.create', {
    partnershipId,
    type: 'decision',
    content: { title: 'Load test proposal' },
  })
  const hondaProposal = seedProposal.data.id

  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const acknowledgedComments: string[] = []
  const acknowledgedProposals: string[] = []
  const deadline = Date.now() + SECONDS * 1000

  await Promise.all(
    clients.map(async (client, i) => {
      const honda = PARTICIPANTS[i % PARTICIPANTS.length]?.endsWith('honda.example')
      for (let n = 0; Date.now() < deadline; n++) {
        const roll = Math.random()
        const started = performance.now()
        let res: Awaited<ReturnType<HttpClient['query']>>
        if (roll < 0.3) res = await client.query('proposal.list', { partnershipId, limit: 25 })
        else if (roll < 0.45) res = await client.query('inbox.get', { partnershipId })
        else if (roll < 0.55) res = await client.query('charter.get', { partnershipId })
        else if (roll < 0.65)
          res = await client.query('decision.list', { partnershipId, limit: 25 })
        else if (roll < 0.7 && honda)
          res = await client.query('proposal.get', { proposalId: hondaProposal })
        else if (roll < 0.9 && honda) {
          res = await client.mutation<{ id: string }>('comment.add', {
            proposalId: hondaProposal,
            body: `load ${i}.${n}`,
            visibility: 'joint',
          })
          if (res.status === 200) acknowledgedComments.push((res.data as { id: string }).id)
        } else {
          res = await client.mutation<{ id: string }>('proposal.create', {
            partnershipId,
            type: 'decision',
            content: { title: `Load draft ${i}.${n}` },
          })
          if (res.status === 200) acknowledgedProposals.push((res.data as { id: string }).id)
        }
        latencies.push(performance.now() - started)
        statuses[res.status] = (statuses[res.status] ?? 0) + 1
      }
    }),
  )
  await Promise.all(servers.map((s) => s.kill()))

  latencies.sort((a, b) => a - b)
  const total = latencies.length
  const serverErrors = Object.entries(statuses)
    .filter(([status]) => Number(status) >= 500)
    .reduce((sum, [, count]) => sum + count, 0)
  const errors = total - (statuses[200] ?? 0)
  console.log(`requests: ${total} in ${SECONDS} s = ${(total / SECONDS).toFixed(1)} req/s`)
  console.log(
    `latency: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
  )
  console.log(
    `responses by status: ${JSON.stringify(statuses)}; errors: ${errors}; 5xx: ${serverErrors}`,
  )

  const comments = new Set(
    (await db.selectFrom('comments').select('id').execute()).map((r) => r.id),
  )
  const proposals = new Set(
    (await db.selectFrom('proposals').select('id').execute()).map((r) => r.id),
  )
  const lost =
    acknowledgedComments.filter((id) => !comments.has(id)).length +
    acknowledgedProposals.filter((id) => !proposals.has(id)).length
  const { result } = await verifyLedger(db)
  console.log(
    `writes acknowledged: ${acknowledgedComments.length + acknowledgedProposals.length}; lost: ${lost}`,
  )
  console.log(
    `ledger: ${result.ok ? `intact up to sequence ${result.headSeq}` : `BROKEN at ${result.seq}: ${result.message}`}`,
  )
  await db.destroy()
  if (schema && PG_URL) {
    const c = new pg.Client({ connectionString: PG_URL })
    await c.connect()
    await c.query(`drop schema ${schema} cascade`)
    await c.end()
  }
  rmSync(dataDir, { recursive: true, force: true })
  if (serverErrors > 0 || lost > 0 || !result.ok) process.exit(1)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
