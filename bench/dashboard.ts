/**
 * `stats.dashboard` as the record grows (issue 16: flat in the data). Seeds proposals in every
 * state with the rows and ledger events their workflow leaves (reviews done, ready for sign-off,
 * sign-offs, decisions) straight into a fresh database, then times `dashboardStats()` at each
 * size and prints the curve and the ratio of the largest size to the smallest.
 *
 *   npx tsx bench/dashboard.ts                                   SQLite, 1k, 3k, 10k
 *   BENCH_DASHBOARD_SIZES=1000,100000 npx tsx bench/dashboard.ts
 *   DATABASE_URL=postgres://… npx tsx bench/dashboard.ts         PostgreSQL too
 */

import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import type { Insertable } from 'kysely'
import { type Db, healthCheck, longReads } from '../db/connect'
import type { DecisionTable, LedgerEventTable, ProposalTable, SignoffTable } from '../db/schema'
import { dashboardStats } from '../server/domain/stats'
import { benchDatabase } from './database'

const RUNS = 15

export interface DashboardWorld {
  db: Db
  partnershipId: string
  userId: string
  seeded: number
  nextSeq: number
  nextDecision: number
  close(): Promise<void>
}

export async function dashboardWorld(kind: 'sqlite' | 'postgres'): Promise<DashboardWorld> {
  const { db, close } = await benchDatabase(kind, 'dashboard')
  const now = new Date().toISOString()
  const partnershipId = randomUUID()
  const userId = randomUUID()
  const parties = [
    { id: randomUUID(), code: 'HONDA', name: 'Honda', name_ja: '本田' },
    { id: randomUUID(), code: 'NISSAN', name: 'Nissan', name_ja: '日産' },
  ]
  await db.insertInto('parties').values(parties).execute()
  await db
    .insertInto('partnerships')
    .values({
      id: partnershipId,
      slug: 'bench',
      name: 'Bench',
      description: '',
      status: 'active',
      charter_version: 1,
      approval_policy: '{}',
      next_proposal_number: 1,
      next_decision_number: 1,
      created_at: now,
    })
    .execute()
  await db
    .insertInto('partnership_parties')
    .values(parties.map((p) => ({ partnership_id: partnershipId, party_id: p.id })))
    .execute()
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: 'bench@honda.example',
      name: 'Bench',
      party_id: parties[0]?.id as string,
      password_hash: '',
      status: 'active',
      locale: 'en',
      created_at: now,
      disabled_at: null,
    })
    .execute()
  return { db, partnershipId, userId, seeded: 0, nextSeq: 1, nextDecision: 1, close }
}

/** Of every ten proposals: six approved, one awaiting sign-off, two in review, one draft. */
const STATES = [
  'approved',
  'in_review',
  'approved',
  'awaiting_signoff',
  'approved',
  'draft',
  'approved',
  'in_review',
  'approved',
  'approved',
] as const

/** Adds proposals, with their workflow's rows and ledger events, up to `total`. */
export async function seedDashboardTo(world: DashboardWorld, total: number): Promise<void> {
  const batch = 250
  const base = Date.UTC(2025, 0, 1)
  while (world.seeded < total) {
    const n = Math.min(batch, total - world.seeded)
    const proposals: Insertable<ProposalTable>[] = []
    const signoffs: Insertable<SignoffTable>[] = []
    const decisions: Insertable<DecisionTable>[] = []
    const events: LedgerEventTable[] = []
    const event = (at: number, action: string, entityId: string, party: string) => {
      const seq = world.nextSeq++
      events.push({
        seq,
        ts: new Date(at).toISOString(),
        partnership_id: world.partnershipId,
        actor_id: world.userId,
        actor_party: party,
        action,
        entity_type: action.startsWith('decision.') ? 'decision' : 'proposal',
        entity_id: entityId,
        visibility: 'joint',
        payload: '{}',
        payload_hash: '0'.repeat(64),
        entry_version: 1,
        payload_salt: null,
        prev_hash: '0'.repeat(64),
        // Not a real chain: the dashboard reads the events, it does not verify them.
        hash: seq.toString(16).padStart(64, '0'),
      })
    }
    for (let i = 0; i < n; i++) {
      const number = world.seeded + i + 1
      const state = STATES[number % STATES.length] as (typeof STATES)[number]
      const id = randomUUID()
      // A proposal every 20 minutes; each step of its workflow some hours after the last.
      const created = base + number * 1_200_000
      const submitted = created + 3_600_000
      const ready = submitted + ((number % 13) + 2) * 3_600_000
      const hondaSigned = ready + ((number % 7) + 1) * 3_600_000
      const nissanSigned = ready + ((number % 11) + 1) * 3_600_000
      const decided = Math.max(hondaSigned, nissanSigned)
      const iso = (t: number) => new Date(t).toISOString()
      const closed = state === 'approved'
      proposals.push({
        id,
        partnership_id: world.partnershipId,
        number: state === 'draft' ? null : number,
        draft_number: state === 'draft' ? number : null,
        listed_at: iso(state === 'draft' ? created : submitted),
        type: 'decision',
        workstream_id: null,
        author_id: world.userId,
        author_party: 'HONDA',
        title: `Proposal ${number}`,
        state,
        current_revision: 1,
        version: 5,
        // One open proposal in fifty is past its date.
        decide_by: number % 50 === 3 ? '2025-01-15' : null,
        policy: null,
        charter_version: null,
        needs_partnership_leads: 0,
        submitted_at: state === 'draft' ? null : iso(submitted),
        closed_at: closed ? iso(decided) : null,
        created_at: iso(created),
        updated_at: iso(closed ? decided : created),
      })
      event(created, 'proposal.created', id, 'HONDA')
      if (state === 'draft') continue
      event(submitted, 'proposal.submitted', id, 'HONDA')
      event(submitted + 600_000, 'review.recorded', id, 'HONDA')
      event(submitted + 1_200_000, 'review.recorded', id, 'NISSAN')
      if (state === 'in_review') continue
      event(ready, 'proposal.ready_for_signoff', id, 'NISSAN')
      const signoff = (party: string, at: number) => {
        signoffs.push({
          id: randomUUID(),
          proposal_id: id,
          revision: 1,
          signer_id: world.userId,
          party,
          verdict: 'approve',
          rationale: '',
          created_at: iso(at),
          auth_method: 'password',
          auth_at: iso(at),
          auth_issuer: null,
          auth_amr: null,
          auth_acr: null,
        })
        event(at, 'signoff.recorded', id, party)
      }
      signoff('HONDA', hondaSigned)
      if (state === 'awaiting_signoff') continue
      signoff('NISSAN', nissanSigned)
      event(decided, 'proposal.approved', id, 'NISSAN')
      const decisionId = randomUUID()
      decisions.push({
        id: decisionId,
        partnership_id: world.partnershipId,
        number: world.nextDecision++,
        proposal_id: id,
        revision: 1,
        workstream_id: null,
        title: `Proposal ${number}`,
        status: 'active',
        superseded_by: null,
        effective_date: iso(decided).slice(0, 10),
        created_at: iso(decided),
      })
      event(decided, 'decision.issued', decisionId, 'NISSAN')
    }
    // Events are appended in time order, as the ledger is.
    events.sort((a, b) => a.ts.localeCompare(b.ts))
    const firstSeq = events[0]?.seq ?? 0
    events.forEach((e, i) => {
      e.seq = firstSeq + i
      e.hash = e.seq.toString(16).padStart(64, '0')
    })
    await world.db.transaction().execute(async (trx) => {
      await trx.insertInto('proposals').values(proposals).execute()
      for (let i = 0; i < events.length; i += 1000)
        await trx
          .insertInto('ledger_events')
          .values(events.slice(i, i + 1000))
          .execute()
      if (signoffs.length > 0) await trx.insertInto('signoffs').values(signoffs).execute()
      if (decisions.length > 0) await trx.insertInto('decisions').values(decisions).execute()
    })
    world.seeded += n
  }
}

export async function timeDashboard(world: DashboardWorld, runs = RUNS): Promise<number> {
  const now = new Date(Date.UTC(2026, 6, 1))
  await dashboardStats(longReads(world.db), world.partnershipId, 'HONDA', now)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    await dashboardStats(longReads(world.db), world.partnershipId, 'HONDA', now)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(runs / 2)] as number
}

const p99 = (times: number[]) => {
  times.sort((a, b) => a - b)
  return times[Math.ceil(times.length * 0.99) - 1] as number
}

/**
 * The health check's p99 idle, then while four clients load the dashboard without pause
 * (issue 16: "/healthz while one member loads the dashboard: unaffected"; ADR 0036). In one
 * process, as a server runs them: the health check reads through its own connection.
 */
export async function timeHealthUnderDashboard(
  world: DashboardWorld,
  runs = 200,
  span = 60,
): Promise<{ idleP99: number; loadedP99: number; dashboards: number }> {
  const now = new Date(Date.UTC(2026, 6, 1))
  // At least `runs` checks, and under load for as long as it takes the clients to load
  // `span` dashboards: the checks spread over the whole of many dashboards, not a few of them.
  const health = async (until: () => boolean = () => true) => {
    const times: number[] = []
    for (let i = 0; i < runs || !until(); i++) {
      // A request arrives and waits for its turn of the event loop (behind whatever statement
      // runs now, better-sqlite3 being synchronous), then is answered.
      const started = performance.now()
      await new Promise((resolve) => setImmediate(resolve))
      if (!(await healthCheck(world.db))) throw new Error('the health check failed')
      times.push(performance.now() - started)
    }
    return p99(times)
  }
  const idleP99 = await health()
  let stop = false
  let dashboards = 0
  const client = async () => {
    while (!stop) {
      await dashboardStats(longReads(world.db), world.partnershipId, 'HONDA', now)
      dashboards++
      // The next request comes in through the event loop, as a socket's data does; without
      // this the four loops would chain on resolved promises alone and never let a turn pass.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  const clients = [client(), client(), client(), client()]
  try {
    // Measured once the load is on (every client through its first dashboard), not before.
    while (dashboards < 4) await new Promise((resolve) => setTimeout(resolve, 1))
    const from = dashboards
    const loadedP99 = await health(() => dashboards - from >= span)
    return { idleP99, loadedP99, dashboards }
  } finally {
    stop = true
    await Promise.all(clients)
  }
}

/** The dashboard's median time at each size; the ratio of the last to the first. */
export async function benchDashboard(
  kind: 'sqlite' | 'postgres',
  sizes: number[],
  log: (line: string) => void = console.log,
): Promise<{
  points: { size: number; ms: number }[]
  ratio: number
  health: { idleP99: number; loadedP99: number; dashboards: number; size: number }
}> {
  const world = await dashboardWorld(kind)
  const points: { size: number; ms: number }[] = []
  let health = { idleP99: 0, loadedP99: 0, dashboards: 0, size: 0 }
  try {
    for (const size of sizes) {
      const started = Date.now()
      await seedDashboardTo(world, size)
      const seeded = ((Date.now() - started) / 1000).toFixed(1)
      const ms = await timeDashboard(world, size >= 50_000 ? 5 : RUNS)
      points.push({ size, ms })
      log(
        `[${kind}] stats.dashboard at ${size.toLocaleString('en')} proposals (${(world.nextSeq - 1).toLocaleString('en')} events, seeded in ${seeded} s): ${ms.toFixed(1)} ms`,
      )
    }
    const size = sizes[sizes.length - 1] as number
    health = { ...(await timeHealthUnderDashboard(world)), size }
    log(
      `[${kind}] /healthz p99 at ${size.toLocaleString('en')} proposals: idle ${health.idleP99.toFixed(2)} ms, under four dashboard clients ${health.loadedP99.toFixed(2)} ms (${health.dashboards} dashboards meanwhile)`,
    )
  } finally {
    await world.close()
  }
  const first = points[0] as { size: number; ms: number }
  const last = points[points.length - 1] as { size: number; ms: number }
  return { points, ratio: last.ms / first.ms, health }
}

async function main() {
  const sizes = (process.env.BENCH_DASHBOARD_SIZES ?? '1000,3000,10000').split(',').map(Number)
  for (const kind of process.env.DATABASE_URL
    ? (['sqlite', 'postgres'] as const)
    : (['sqlite'] as const)) {
    const { points, ratio } = await benchDashboard(kind, sizes)
    const first = points[0] as { size: number }
    const last = points[points.length - 1] as { size: number }
    console.log(
      `[${kind}] stats.dashboard ${last.size.toLocaleString('en')} ÷ ${first.size.toLocaleString('en')}: ${ratio.toFixed(2)}×`,
    )
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
