/**
 * Search latency as the record grows (issue 16: p95 ≤ 5 ms at 100k proposals, flat in the data).
 *
 * Seeds proposals straight into a fresh database (rows, not the domain: the triggers of
 * migration 0010 index them as any write would), measures `search()` at each size for a common
 * word, a rare one, two words, a Japanese word of four characters and one of two, and prints
 * p50/p95, pass/fail against the target and the ratio of the largest size to the smallest.
 *
 *   npx tsx bench/search.ts                 SQLite, 1k and 100k proposals
 *   BENCH_SEARCH_SIZES=1000,10000 npx tsx bench/search.ts
 *   DATABASE_URL=postgres://… npx tsx bench/search.ts    PostgreSQL too
 */

import { randomUUID } from 'node:crypto'
import path from 'node:path'
import type { Insertable } from 'kysely'
import type { Db } from '../db/connect'
import type { CommentTable, ProposalRevisionTable, ProposalTable } from '../db/schema'
import type { SessionUser } from '../server/domain/users'
import { search } from '../server/search/search'
import { type BenchTarget, benchDatabase } from './database'

const TARGET_MS = 5
const RUNS = 200

const EN = `the a of to and in for on with by supplier battery cell cathode tender procurement
  platform software vehicle market europe america joint study cost quarter review plan risk volume
  price contract module pack charging range safety supply chain sourcing lithium nickel phosphate
  recycling warranty dealer network update firmware architecture interface partner alliance budget
  forecast schedule milestone Q1 Q2 Q3 Q4 EV`.split(/\s+/)
const JA =
  `電池 共同調達 ソフトウェア 基盤 北米 欧州 市場 提案 検討 価格 供給 契約 車両 充電 安全 計画
  品質 次世代 協業 部品`.split(/\s+/)
const RARE = 'zirconium'

/** Deterministic, so every run and both databases index the same text. */
function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0
    return s / 2 ** 32
  }
}

/** Words drawn with a skew, as in real text: a few words are everywhere, most are rarer. */
function textOf(rnd: () => number, words: number, rareChance: number): string {
  const out: string[] = []
  const pick = (list: string[]) => list[Math.floor(rnd() ** 2.2 * list.length)] as string
  for (let i = 0; i < words; i++) {
    out.push(rnd() < 0.15 ? `${pick(JA)}の${pick(JA)}を${pick(JA)}` : pick(EN))
  }
  if (rnd() < rareChance) out.splice(Math.floor(rnd() * out.length), 0, RARE)
  return out.join(' ')
}

export interface World {
  db: Db
  /** where the database is, for a server process (bench/http.ts) */
  target: BenchTarget
  partnershipId: string
  user: SessionUser
  authorId: string
  seeded: number
  close(): Promise<void>
}

export async function freshWorld(kind: 'sqlite' | 'postgres'): Promise<World> {
  const { db, close, target } = await benchDatabase(kind, 'search')
  const now = new Date().toISOString()
  const partyId = randomUUID()
  const partnershipId = randomUUID()
  const authorId = randomUUID()
  await db
    .insertInto('parties')
    .values({ id: partyId, code: 'HONDA', name: 'Honda', name_ja: '本田' })
    .execute()
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
    .insertInto('users')
    .values({
      id: authorId,
      email: 'bench@honda.example',
      name: 'Bench',
      party_id: partyId,
      password_hash: '',
      status: 'active',
      locale: 'en',
      created_at: now,
      disabled_at: null,
    })
    .execute()
  const user: SessionUser = {
    id: authorId,
    email: 'bench@honda.example',
    name: 'Bench',
    partyId,
    partyCode: 'NISSAN', // another party: drafts are filtered out, as for most readers
    locale: 'en',
    roles: { [partnershipId]: ['member'] },
  }
  return { db, target, partnershipId, user, authorId, seeded: 0, close }
}

/** Adds proposals (each with its revision, and a comment on every fourth) up to `total`. */
export async function seedTo(world: World, total: number): Promise<void> {
  const batch = 500
  while (world.seeded < total) {
    const n = Math.min(batch, total - world.seeded)
    const proposals: Insertable<ProposalTable>[] = []
    const revisions: Insertable<ProposalRevisionTable>[] = []
    const comments: Insertable<CommentTable>[] = []
    for (let i = 0; i < n; i++) {
      const number = world.seeded + i + 1
      const rnd = random(number)
      const id = randomUUID()
      const at = new Date(Date.UTC(2026, 0, 1) + number * 60_000).toISOString()
      const title = textOf(rnd, 8, 0.0005)
      const submitted = rnd() > 0.1
      proposals.push({
        id,
        partnership_id: world.partnershipId,
        number: submitted ? number : null,
        draft_number: submitted ? null : number,
        listed_at: at,
        type: 'decision' as const,
        workstream_id: null,
        author_id: world.authorId,
        author_party: 'HONDA',
        title,
        state: submitted ? ('in_review' as const) : ('draft' as const),
        current_revision: 1,
        version: 1,
        decide_by: null,
        policy: null,
        charter_version: null,
        needs_partnership_leads: 0,
        submitted_at: submitted ? at : null,
        closed_at: null,
        created_at: at,
        updated_at: at,
      })
      revisions.push({
        proposal_id: id,
        number: 1,
        title,
        body: textOf(rnd, 80, 0.001),
        workstream_id: null,
        charter_item_ids: '[]',
        impacts: '[]',
        supersedes: '[]',
        amendment: null,
        decide_by: null,
        note: '',
        created_by: world.authorId,
        created_at: at,
      })
      if (number % 4 === 0) {
        comments.push({
          id: randomUUID(),
          proposal_id: id,
          revision: 1,
          author_id: world.authorId,
          party: 'HONDA',
          visibility: rnd() < 0.3 ? ('internal' as const) : ('joint' as const),
          body: textOf(rnd, 25, 0.001),
          created_at: at,
        })
      }
    }
    await world.db.transaction().execute(async (trx) => {
      await trx.insertInto('proposals').values(proposals).execute()
      await trx.insertInto('proposal_revisions').values(revisions).execute()
      if (comments.length > 0) await trx.insertInto('comments').values(comments).execute()
    })
    world.seeded += n
  }
}

const QUERIES = [
  { label: 'common word', query: 'battery' },
  { label: 'rare word', query: RARE },
  { label: 'two words', query: 'tender Q1' },
  { label: 'Japanese, 4 characters', query: '共同調達' },
  { label: 'Japanese, 2 characters', query: '電池' },
]

async function p95(
  world: World,
  query: string,
): Promise<{ p50: number; p95: number; hits: number }> {
  const input = { partnershipId: world.partnershipId, query, limit: 20 }
  let hits = 0
  for (let i = 0; i < 10; i++) hits = (await search(world.db, world.user, input)).hits.length
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint()
    await search(world.db, world.user, input)
    times.push(Number(process.hrtime.bigint() - started) / 1e6)
  }
  times.sort((a, b) => a - b)
  return {
    p50: times[Math.floor(RUNS * 0.5)] as number,
    p95: times[Math.floor(RUNS * 0.95) - 1] as number,
    hits,
  }
}

export interface SearchFigures {
  ok: boolean
  /** The slowest query's p95 at the largest size. */
  worst: { label: string; query: string; size: number; p95: number }
}

export async function benchSearch(
  kind: 'sqlite' | 'postgres',
  sizes: number[],
): Promise<SearchFigures> {
  const world = await freshWorld(kind)
  const figures = new Map<string, { size: number; p95: number }[]>()
  let ok = true
  let worst: SearchFigures['worst'] = { label: '', query: '', size: 0, p95: 0 }
  try {
    for (const size of sizes) {
      const started = Date.now()
      await seedTo(world, size)
      console.log(
        `[${kind}] ${size.toLocaleString('en')} proposals seeded (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      )
      for (const { label, query } of QUERIES) {
        const r = await p95(world, query)
        const pass = r.p95 <= TARGET_MS
        if (size === sizes[sizes.length - 1]) {
          if (!pass) ok = false
          if (r.p95 > worst.p95) worst = { label, query, size, p95: r.p95 }
        }
        figures.set(label, [...(figures.get(label) ?? []), { size, p95: r.p95 }])
        console.log(
          `[${kind}] search p95 ${label} "${query}" at ${size.toLocaleString('en')}: ${r.p95.toFixed(2)} ms (p50 ${r.p50.toFixed(2)}, ${r.hits} hits); target ≤ ${TARGET_MS} ms: ${pass ? 'pass' : 'FAIL'}`,
        )
      }
    }
    if (sizes.length > 1) {
      for (const [label, points] of figures) {
        const first = points[0] as { size: number; p95: number }
        const last = points[points.length - 1] as { size: number; p95: number }
        console.log(
          `[${kind}] search ${label}: p95 ${last.size.toLocaleString('en')} ÷ ${first.size.toLocaleString('en')} = ${(last.p95 / first.p95).toFixed(2)}×`,
        )
      }
    }
  } finally {
    await world.close()
  }
  return { ok, worst }
}

async function main() {
  const sizes = (process.env.BENCH_SEARCH_SIZES ?? '1000,100000').split(',').map(Number)
  let ok = (await benchSearch('sqlite', sizes)).ok
  if (process.env.DATABASE_URL) ok = (await benchSearch('postgres', sizes)).ok && ok
  console.log(`search: ${ok ? 'pass' : 'FAIL'} (p95 ≤ ${TARGET_MS} ms at the largest size)`)
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
