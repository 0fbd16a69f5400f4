/**
 * The goals of issue 16 that are measured over HTTP, against real server processes on loopback
 * (server/main.ts, started as `npm start` does, by test/helpers/process.ts) and a bare Hono
 * server on the same database (bench/bare-server.ts), in the same run:
 *
 * - `proposal.list` (a page of 50) through the real server (Hono, tRPC, the session cookie) ÷ the
 *   bare server running the same SQL: requests/s with several clients, rounds alternating;
 * - the server's RSS at the largest size under that load;
 * - the cost curve: list, search, `inbox.get`, `stats.dashboard` and `proposal.get` at each size
 *   (median of sequential requests), and each procedure's largest ÷ smallest;
 * - a sign-off through the real server ÷ an autocommit INSERT of a like row on the bare server;
 * - PostgreSQL: two server instances writing at once ÷ one (total writes/s).
 *
 * The world is the demo partnership (its people sign in with their passwords) with proposals
 * seeded by bench/search.ts's `seedTo`. BENCH_PROFILE=DIR starts the real servers with
 * `--cpu-prof` and writes their profiles to DIR.
 *
 *   npx tsx bench/http.ts [--short]        SQLite (and PostgreSQL when DATABASE_URL is set)
 */
import { pathToFileURL } from 'node:url'
import type { CompiledQuery, LogEvent } from 'kysely'
import { sql } from 'kysely'
import { connect, type Db } from '../db/connect'
import { seedDemo } from '../server/demo/seed'
import { listProposals } from '../server/domain/proposals/list'
import { loadSessionUser } from '../server/domain/users'
import { anonymousContext, callerFor, contextFor, type DemoWorld } from '../test/helpers/api'
import { HttpClient, type ServerProcess, startServerProcess } from '../test/helpers/process'
import { demoIndex, proposalInState, withCachedCallers } from '../test/helpers/workflow'
import { type BenchTarget, benchDatabase } from './database'
import { seedTo, type World } from './search'

const PASSWORD = 'concord-demo-2026'
/** Reads are made as a member of the other party: drafts of Honda's are not theirs to see. */
const READER = 'member@nissan.example'
const AUTHOR = 'member@honda.example'
export const CLIENTS = Number(process.env.BENCH_HTTP_CLIENTS ?? 4)

const n = (value: number) => value.toLocaleString('en')

/** The demo partnership on a fresh bench database, ready for `seedTo` (Honda's member writes). */
export async function demoBenchWorld(kind: 'sqlite' | 'postgres', name: string): Promise<World> {
  const { db, close, target } = await benchDatabase(kind, name)
  const { partnershipId } = await seedDemo(db, { password: PASSWORD })
  const idOf = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id
  const user = await loadSessionUser(db, await idOf(READER))
  if (!user) throw new Error(`${READER} cannot sign in`)
  return { db, target, partnershipId, user, authorId: await idOf(AUTHOR), seeded: 0, close }
}

/** The environment a server process needs to open the world's database. */
function serverEnv(target: BenchTarget): Record<string, string | undefined> {
  // On SQLite, not the DATABASE_URL this process may have been given for the PostgreSQL runs.
  const env: Record<string, string | undefined> = {
    DATA_DIR: target.dataDir,
    SEED_DEMO: 'false',
    DATABASE_URL: undefined,
  }
  if (target.kind === 'postgres') {
    const url = target.url as string
    const options = encodeURIComponent(`-c search_path=${target.schema}`)
    env.DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${options}`
  }
  return env
}

export function startRealServer(target: BenchTarget): Promise<ServerProcess> {
  const dir = process.env.BENCH_PROFILE
  return startServerProcess(serverEnv(target), {
    nodeArgs: dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [],
  })
}

export function startBareServer(target: BenchTarget, list?: CompiledQuery): Promise<ServerProcess> {
  const env: Record<string, string | undefined> =
    target.kind === 'sqlite'
      ? { BARE_FILE: target.file as string }
      : { BARE_URL: target.url as string, BARE_SCHEMA: target.schema as string }
  if (list) env.BARE_LIST = JSON.stringify({ sql: list.sql, parameters: list.parameters })
  return startServerProcess(env, { script: 'bench/bare-server.ts' })
}

/**
 * The statements `run` makes, as the database's driver receives them: on a second connection to
 * the target, which logs each statement it runs (templates run compiled SQL that no plugin sees).
 */
export async function capturedSql(
  target: BenchTarget,
  run: (db: Db) => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const queries: CompiledQuery[] = []
  const log = (event: LogEvent) => {
    if (event.level === 'query') queries.push(event.query)
  }
  const db =
    target.kind === 'sqlite'
      ? connect({ kind: 'sqlite', file: target.file as string }, { log })
      : connect(
          { kind: 'postgres', url: target.url as string, schema: target.schema, poolSize: 1 },
          { log },
        )
  try {
    await run(db)
  } finally {
    await db.destroy()
  }
  return queries
}

export async function signedIn(url: string, email: string): Promise<HttpClient> {
  const client = new HttpClient(url)
  await client.login(email, PASSWORD)
  return client
}

/** A GET that must answer 200; its body is read to the end, as a client would. */
export async function get(url: string, cookie = ''): Promise<void> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${body.slice(0, 300)}`)
}

export function trpcUrl(base: string, procedure: string, input: unknown): string {
  return `${base}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`
}

export function cookieOf(client: HttpClient): string {
  return (client as unknown as { cookie: string }).cookie
}

/** Requests per second from `clients` concurrent loops of `request` over `seconds`. */
async function rate(clients: number, seconds: number, request: (client: number) => Promise<void>) {
  let count = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      while (performance.now() < deadline) {
        await request(i)
        count++
      }
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

/** Rounds of A and B in turn (ABBA…, so neither always goes first); total rates of each. */
async function alternating(
  rounds: number,
  seconds: number,
  a: (client: number) => Promise<void>,
  b: (client: number) => Promise<void>,
  clients = CLIENTS,
): Promise<{ a: number; b: number; rounds: { a: number; b: number }[] }> {
  // Warm both: connections, prepared statements, the JIT.
  await rate(clients, 0.5, a)
  await rate(clients, 0.5, b)
  const out: { a: number; b: number }[] = []
  for (let i = 0; i < rounds; i++) {
    const round = { a: 0, b: 0 }
    for (const side of i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const))
      round[side] = await rate(clients, seconds, side === 'a' ? a : b)
    out.push(round)
  }
  const mean = (side: 'a' | 'b') => out.reduce((s, r) => s + r[side], 0) / out.length
  return { a: mean('a'), b: mean('b'), rounds: out }
}

/**
 * CPU time a process has used, in ms (Linux, user and system; clock ticks of 10 ms). The cost
 * curve counts the server's CPU per request: on a shared machine the wall time of a request is
 * mostly other processes' turns.
 */
export async function cpuMs(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? []
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** Resident set size of a process, in MB (Linux). */
async function rssMb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1]
  return kb ? Number(kb) / 1024 : Number.NaN
}

const median = (times: number[]) => {
  const sorted = [...times].sort((x, y) => x - y)
  return sorted[Math.floor(sorted.length / 2)] as number
}

export const CURVE_PROCEDURES = [
  'proposal.list',
  'search.query',
  'inbox.get',
  'stats.dashboard',
  'proposal.get',
] as const
export type CurveProcedure = (typeof CURVE_PROCEDURES)[number]

export interface ReadFigures {
  kind: 'sqlite' | 'postgres'
  /** each procedure at each size: the server's CPU ms per request, and the median wall ms */
  curve: {
    size: number
    cpu: Record<CurveProcedure, number>
    ms: Record<CurveProcedure, number>
  }[]
  list: { size: number; real: number; bare: number; ratio: number }
  rss: { size: number; peakMb: number; idleMb: number }
  /** p99 ms of /healthz and proposal.get, idle and while CLIENTS hammer search and the dashboard */
  underLoad: {
    size: number
    idle: { health: number; get: number }
    loaded: { health: number; get: number }
    heavyDone: number
  }
}

/**
 * The cost curve at each size, then, at the largest, `proposal.list` through the real server ÷
 * the bare one (the server's RSS sampled meanwhile).
 */
export async function benchHttpReads(
  kind: 'sqlite' | 'postgres',
  sizes: number[],
  options: { rounds: number; seconds: number; runs: number },
  log: (line: string) => void = console.log,
): Promise<ReadFigures> {
  const world = await demoBenchWorld(kind, 'http')
  const curve: ReadFigures['curve'] = []
  let list: ReadFigures['list'] = { size: 0, real: 0, bare: 0, ratio: 0 }
  let rss: ReadFigures['rss'] = { size: 0, peakMb: 0, idleMb: 0 }
  let underLoad: ReadFigures['underLoad'] = {
    size: 0,
    idle: { health: 0, get: 0 },
    loaded: { health: 0, get: 0 },
    heavyDone: 0,
  }
  const partnershipId = world.partnershipId
  const listInput = { partnershipId, limit: 50 }
  let proposalId = ''
  try {
    for (const size of sizes) {
      const started = Date.now()
      await seedTo(world, size)
      // PostgreSQL plans by its statistics, which autovacuum keeps once a table has grown; a bulk
      // load read at once would be planned as the empty table it was (the inbox walked every
      // proposal). Analyzed as a deployment's would be.
      if (kind === 'postgres') await sql`analyze`.execute(world.db)
      log(`[${kind}] ${n(size)} proposals seeded (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      // The same proposal at every size: the hundredth submitted one.
      proposalId ||= (
        await world.db
          .selectFrom('proposals')
          .select('id')
          .where('partnership_id', '=', partnershipId)
          .where('number', 'is not', null)
          .orderBy('number')
          .offset(99)
          .limit(1)
          .executeTakeFirstOrThrow()
      ).id
      const server = await startRealServer(world.target)
      try {
        const reader = await signedIn(server.url, READER)
        const cookie = cookieOf(reader)
        const inputs: Record<CurveProcedure, unknown> = {
          'proposal.list': listInput,
          'search.query': { partnershipId, query: 'battery' },
          'inbox.get': { partnershipId },
          'stats.dashboard': { partnershipId },
          'proposal.get': { proposalId },
        }
        const ms = {} as Record<CurveProcedure, number>
        const cpu = {} as Record<CurveProcedure, number>
        const pid = server.child.pid as number
        for (const procedure of CURVE_PROCEDURES) {
          const url = trpcUrl(server.url, procedure, inputs[procedure])
          for (let i = 0; i < 10; i++) await get(url, cookie)
          const times: number[] = []
          const before = await cpuMs(pid)
          for (let i = 0; i < options.runs; i++) {
            const t = performance.now()
            await get(url, cookie)
            times.push(performance.now() - t)
          }
          cpu[procedure] = ((await cpuMs(pid)) - before) / options.runs
          ms[procedure] = median(times)
        }
        curve.push({ size, cpu, ms })
        log(
          `[${kind}] at ${n(size)} proposals, ${options.runs} requests each over HTTP, server CPU per request (median wall time): ${CURVE_PROCEDURES.map((p) => `${p} ${cpu[p].toFixed(2)} ms (${ms[p].toFixed(1)})`).join(', ')}`,
        )
        if (size !== sizes[sizes.length - 1]) continue

        // proposal.list ÷ bare: the same SQL, captured from the real query for this reader.
        const [listSql] = await capturedSql(world.target, (db) =>
          listProposals(db, world.user, listInput),
        )
        const bare = await startBareServer(world.target, listSql)
        try {
          const realUrl = trpcUrl(server.url, 'proposal.list', listInput)
          const bareUrl = `${bare.url}/list?input=${encodeURIComponent(JSON.stringify(listInput))}`
          const idleMb = await rssMb(server.child.pid as number)
          let peakMb = idleMb
          let sampling = true
          const sampler = (async () => {
            while (sampling) {
              peakMb = Math.max(peakMb, await rssMb(server.child.pid as number))
              await new Promise((resolve) => setTimeout(resolve, 100))
            }
          })()
          const cookies = await Promise.all(
            Array.from({ length: CLIENTS }, async () =>
              cookieOf(await signedIn(server.url, READER)),
            ),
          )
          const r = await alternating(
            options.rounds,
            options.seconds,
            (i) => get(realUrl, cookies[i]),
            () => get(bareUrl),
          )
          sampling = false
          await sampler
          list = { size, real: r.a, bare: r.b, ratio: r.a / r.b }
          rss = { size, peakMb, idleMb }
          log(
            `[${kind}] proposal.list (page of 50) at ${n(size)} proposals, ${CLIENTS} clients: real ${r.a.toFixed(0)} req/s, bare ${r.b.toFixed(0)} req/s (rounds: ${r.rounds.map((x) => `${x.a.toFixed(0)}/${x.b.toFixed(0)}`).join(', ')})`,
          )
          log(
            `[${kind}] server RSS at ${n(size)} proposals: ${idleMb.toFixed(0)} MB before the list load, peak ${peakMb.toFixed(0)} MB under it`,
          )

          // Four clients hammering search and the dashboard (two each): the health check's and a
          // proposal page's p99, idle and under that load (issue 16: within 3× their idle p99).
          const heavy = [
            trpcUrl(server.url, 'search.query', inputs['search.query']),
            trpcUrl(server.url, 'stats.dashboard', inputs['stats.dashboard']),
          ]
          const healthUrl = `${server.url}/healthz`
          const getUrl = trpcUrl(server.url, 'proposal.get', inputs['proposal.get'])
          const p99Of = async (url: string, runs: number, cookie: string) => {
            const times: number[] = []
            for (let i = 0; i < runs; i++) {
              const t = performance.now()
              await get(url, cookie)
              times.push(performance.now() - t)
            }
            times.sort((x, y) => x - y)
            return times[Math.ceil(times.length * 0.99) - 1] as number
          }
          const probe = async () => ({
            health: await p99Of(healthUrl, options.runs * 3, ''),
            get: await p99Of(getUrl, options.runs * 2, cookie),
          })
          const idle = await probe()
          let stop = false
          let heavyDone = 0
          const loops = cookies.map(async (c, i) => {
            while (!stop) {
              await get(heavy[i % 2] as string, c)
              heavyDone++
            }
          })
          try {
            while (heavyDone < CLIENTS) await new Promise((resolve) => setTimeout(resolve, 5))
            const loaded = await probe()
            underLoad = { size, idle, loaded, heavyDone }
          } finally {
            stop = true
            await Promise.all(loops)
          }
          log(
            `[${kind}] at ${n(size)} proposals, p99 idle → under ${CLIENTS} clients of search and the dashboard (${underLoad.heavyDone} of theirs meanwhile): /healthz ${idle.health.toFixed(2)} → ${underLoad.loaded.health.toFixed(2)} ms, proposal.get ${idle.get.toFixed(2)} → ${underLoad.loaded.get.toFixed(2)} ms`,
          )
        } finally {
          await bare.kill()
        }
      } finally {
        await server.kill()
      }
    }
  } finally {
    await world.close()
  }
  return { kind, curve, list, rss, underLoad }
}

/** A DemoWorld over a bench world's database, for the test helpers that drive proposals. */
function demoWorldOf(world: World, kind: 'sqlite' | 'postgres'): DemoWorld {
  return withCachedCallers({
    kind,
    db: world.db,
    destroy: world.close,
    partnershipId: world.partnershipId,
    as: async (email) => callerFor(await contextFor(world.db, email)),
    anonymous: () => callerFor(anonymousContext(world.db)),
  })
}

const SIGNER = 'battery.lead@honda.example'

/**
 * `count` sign-offs through the real server ÷ as many autocommit INSERTs of a like row on the
 * bare server, in alternating rounds of `count / rounds` each, `CLIENTS` at a time.
 */
export async function benchSignoff(
  kind: 'sqlite' | 'postgres',
  count: number,
  rounds: number,
  log: (line: string) => void = console.log,
): Promise<{ real: number; bare: number; ratio: number }> {
  const world = await demoBenchWorld(kind, 'signoff')
  try {
    await sql`create table bench_signoffs (id text primary key, proposal_id text not null, revision integer not null, signer_id text not null, party text not null, verdict text not null, rationale text not null, created_at text not null, auth_method text not null, auth_at text not null)`.execute(
      world.db,
    )
    const demo = demoWorldOf(world, kind)
    const ix = await demoIndex(demo)
    const started = Date.now()
    for (let i = 0; i < count; i++)
      await proposalInState(demo, ix, 'awaiting_signoff', {
        author: 'engineer@honda.example',
        title: `Joint tender for cells, lot ${i + 1}`,
        reviewers: ['member@honda.example', 'member@nissan.example'],
      })
    const waiting = await world.db
      .selectFrom('proposals')
      .select(['id', 'version'])
      .where('state', '=', 'awaiting_signoff')
      .orderBy('created_at')
      .execute()
    log(
      `[${kind}] ${waiting.length} proposals awaiting sign-off made through the domain (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    )
    const signerId = ix.user(SIGNER)
    const server = await startRealServer(world.target)
    const bare = await startBareServer(world.target)
    try {
      // Each client its own session, signed in now: a sign-off needs a fresh sign-in.
      const signers = await Promise.all(
        Array.from({ length: CLIENTS }, () => signedIn(server.url, SIGNER)),
      )
      const queue = [...waiting]
      const signOff = async (client: number) => {
        const p = queue.shift()
        if (!p) throw new Error('no proposal left to sign')
        const res = await (signers[client] as HttpClient).mutation('proposal.signOff', {
          proposalId: p.id,
          expectedVersion: p.version,
          verdict: 'approve',
          rationale: 'Agreed.',
        })
        if (res.status !== 200)
          throw new Error(`proposal.signOff: ${res.status} ${JSON.stringify(res.error)}`)
      }
      let inserted = 0
      const insert = async () => {
        const p = waiting[inserted++ % waiting.length] as { id: string }
        const res = await fetch(`${bare.url}/insert`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ proposalId: p.id, signerId, rationale: 'Agreed.' }),
        })
        const body = await res.text()
        if (res.status !== 200) throw new Error(`bare insert: ${res.status} ${body}`)
      }
      /** `total` calls of `work`, CLIENTS at a time; calls per second. */
      const timed = async (total: number, work: (client: number) => Promise<void>) => {
        let left = total
        const t = performance.now()
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, i) => {
            while (left > 0) {
              left--
              await work(i)
            }
          }),
        )
        return total / ((performance.now() - t) / 1000)
      }
      const perRound = Math.floor(waiting.length / (rounds + 1))
      // Warm: one round's worth of sign-offs is kept for it.
      await timed(perRound, signOff)
      await timed(perRound, insert)
      const real: number[] = []
      const raw: number[] = []
      for (let i = 0; i < rounds; i++) {
        if (i % 2 === 0) {
          real.push(await timed(perRound, signOff))
          raw.push(await timed(perRound, insert))
        } else {
          raw.push(await timed(perRound, insert))
          real.push(await timed(perRound, signOff))
        }
      }
      const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
      const figures = { real: mean(real), bare: mean(raw), ratio: mean(real) / mean(raw) }
      log(
        `[${kind}] sign-off over HTTP ${figures.real.toFixed(0)}/s (${(1000 / figures.real).toFixed(2)} ms each), raw INSERT over HTTP ${figures.bare.toFixed(0)}/s, ${CLIENTS} clients, ${rounds} rounds of ${perRound}`,
      )
      return figures
    } finally {
      await Promise.all([server.kill(), bare.kill()])
    }
  } finally {
    await world.close()
  }
}

/**
 * PostgreSQL: comments added (a write with its ledger event) by `CLIENTS * 2` clients through two
 * server instances at once ÷ through one, in alternating rounds; total writes per second.
 */
export async function benchTwoInstances(
  rounds: number,
  seconds: number,
  log: (line: string) => void = console.log,
): Promise<{ one: number; two: number; ratio: number }> {
  const world = await demoBenchWorld('postgres', 'instances')
  try {
    const servers = await Promise.all([
      startRealServer(world.target),
      startRealServer(world.target),
    ])
    try {
      const [a, b] = servers as [ServerProcess, ServerProcess]
      const clients = await Promise.all(
        Array.from({ length: CLIENTS * 2 }, () => signedIn(a.url, AUTHOR)),
      )
      const draft = await (clients[0] as HttpClient).mutation<{ id: string }>('proposal.create', {
        partnershipId: world.partnershipId,
        type: 'decision',
        content: { title: 'Instances bench' },
      })
      if (draft.status !== 200) throw new Error(`proposal.create: ${JSON.stringify(draft.error)}`)
      const atB = clients.map((c) => c.at(b.url))
      let written = 0
      const write = (client: HttpClient) => async () => {
        const res = await client.mutation('comment.add', {
          proposalId: draft.data.id,
          body: `A note on the tender, ${++written}.`,
          visibility: 'joint',
        })
        if (res.status !== 200) throw new Error(`comment.add: ${JSON.stringify(res.error)}`)
      }
      const r = await alternating(
        rounds,
        seconds,
        (i) => write(clients[i] as HttpClient)(),
        (i) => write(i % 2 === 0 ? (clients[i] as HttpClient) : (atB[i] as HttpClient))(),
        CLIENTS * 2,
      )
      log(
        `[postgres] writes (comment.add) with ${CLIENTS * 2} clients: one instance ${r.a.toFixed(0)}/s, two instances ${r.b.toFixed(0)}/s (rounds: ${r.rounds.map((x) => `${x.a.toFixed(0)}/${x.b.toFixed(0)}`).join(', ')})`,
      )
      return { one: r.a, two: r.b, ratio: r.b / r.a }
    } finally {
      await Promise.all(servers.map((s) => s.kill()))
    }
  } finally {
    await world.close()
  }
}

async function main() {
  const short = process.argv.includes('--short')
  const kinds = process.env.DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)
  for (const kind of kinds) {
    await benchHttpReads(kind, short ? [1000, 10_000] : [1000, 100_000], {
      rounds: short ? 4 : 6,
      seconds: short ? 1 : 3,
      runs: short ? 60 : 100,
    })
    await benchSignoff(kind, short ? 60 : 200, 4)
  }
  if (process.env.DATABASE_URL) await benchTwoInstances(4, short ? 1 : 3)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
