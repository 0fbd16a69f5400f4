/**
 * The demo as the first start loads it (issue 15, "First run"): a year of the Honda–Nissan
 * partnership, written through the domain code, dated over months, whose ledger verifies, and
 * whose private parts stay with the party that wrote them.
 */
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemoWithHistory } from '../../server/demo/history'
import { HISTORY, HISTORY_DAYS } from '../../server/demo/history-data'
import { PROPOSAL_STATES } from '../../shared/lifecycle'
import { callerFor, contextFor, DEMO_PASSWORD } from '../helpers/api'
import { browserVerify } from '../helpers/audit'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'
import { expectedDemoShutdowns } from '../helpers/demo-calendar'
import { verifyLedger } from '../helpers/workflow'

const RealDate = Date
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/
const DAY = 86_400_000

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'OK'
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'OTHER'
  }
}

describe.each(DATABASE_KINDS)('the demo history (%s)', (kind) => {
  let database: TestDatabase
  let pid: string
  let loadedAt: number
  const as = async (email: string) => callerFor(await contextFor(database.db, email))

  beforeAll(async () => {
    database = await freshDatabase(kind)
    loadedAt = RealDate.now()
    const seeded = await seedDemoWithHistory(database.db, { password: DEMO_PASSWORD })
    pid = seeded.partnershipId
    expect(seeded.history?.proposals).toBe(HISTORY.length)
  }, 180_000)
  afterAll(() => database?.destroy())

  it('puts the real clock back once the history is loaded', () => {
    expect(globalThis.Date).toBe(RealDate)
    expect(Date.now).toBe(RealDate.now)
  })

  it('holds proposals in every state, decisions some of them superseded, and two amendments', async () => {
    const db = database.db
    const proposals = await db
      .selectFrom('proposals')
      .select(['state', 'type', 'workstream_id'])
      .where('partnership_id', '=', pid)
      .execute()
    expect(proposals.length).toBeGreaterThanOrEqual(40)
    for (const state of PROPOSAL_STATES)
      expect(
        proposals.filter((p) => p.state === state).length,
        `proposals ${state}`,
      ).toBeGreaterThan(0)
    expect(new Set(proposals.map((p) => p.workstream_id)).size).toBe(3)

    const decisions = await db
      .selectFrom('decisions')
      .select(['status', 'superseded_by', 'created_at'])
      .where('partnership_id', '=', pid)
      .execute()
    expect(decisions.length).toBeGreaterThanOrEqual(15)
    const superseded = decisions.filter((d) => d.status === 'superseded')
    expect(superseded.length).toBeGreaterThanOrEqual(3)
    for (const d of superseded) expect(d.superseded_by).not.toBeNull()

    // Two amendments approved: the charter is at version 3, each version after the first made
    // by a decision.
    const versions = await db
      .selectFrom('charter_versions')
      .select(['version', 'decision_id'])
      .where('partnership_id', '=', pid)
      .orderBy('version')
      .execute()
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3])
    expect(versions.filter((v) => v.decision_id !== null)).toHaveLength(2)
    const nissanLead = await as('lead@nissan.example')
    const charter = await nissanLead.charter.get({ partnershipId: pid })
    expect(JSON.stringify(charter)).toContain('AREA-4')
    expect(JSON.stringify(charter)).toContain('Battery cells and software bought or developed')

    // Through the register, as a member sees it.
    const register = await nissanLead.decision.list({ partnershipId: pid, limit: 100 })
    expect(register.items.length).toBe(decisions.length)
    expect(register.items.filter((d) => d.status === 'superseded').length).toBe(superseded.length)
  })

  it('has reviews, concerns raised and resolved, and comments in English and Japanese, joint and internal to each party', async () => {
    const db = database.db
    const reviews = await db.selectFrom('reviews').select(['verdict', 'comment']).execute()
    expect(reviews.some((r) => r.verdict === 'approve')).toBe(true)
    expect(reviews.filter((r) => r.verdict === 'request_changes').length).toBeGreaterThanOrEqual(5)

    const concerns = await db.selectFrom('concerns').select(['status', 'override']).execute()
    expect(concerns.filter((c) => c.status === 'resolved').length).toBeGreaterThanOrEqual(4)
    expect(concerns.some((c) => c.status === 'resolved' && c.override === 1)).toBe(true)
    expect(concerns.some((c) => c.status === 'open')).toBe(true)

    const comments = await db
      .selectFrom('comments')
      .select(['party', 'visibility', 'body'])
      .execute()
    expect(comments.length).toBeGreaterThanOrEqual(40)
    for (const party of ['HONDA', 'NISSAN']) {
      const internal = comments.filter((c) => c.party === party && c.visibility === 'internal')
      expect(internal.length, `${party} internal comments`).toBeGreaterThanOrEqual(5)
      expect(comments.some((c) => c.party === party && c.visibility === 'joint')).toBe(true)
    }
    expect(comments.filter((c) => JAPANESE.test(c.body)).length).toBeGreaterThanOrEqual(10)
    expect(comments.filter((c) => !JAPANESE.test(c.body)).length).toBeGreaterThanOrEqual(10)
    // Both parties wrote internal notes in Japanese.
    for (const party of ['HONDA', 'NISSAN'])
      expect(
        comments.some(
          (c) => c.party === party && c.visibility === 'internal' && JAPANESE.test(c.body),
        ),
      ).toBe(true)
  })

  it('gives the parties the shutdown days coming from the day it is loaded, not from the story’s first day', async () => {
    // The parties are made under the story clock, a year back; their shutdowns are the coming
    // ones all the same (test/helpers/demo-calendar.ts lists them).
    const rows = await database.db
      .selectFrom('party_shutdown_days as s')
      .innerJoin('parties as p', 'p.id', 's.party_id')
      .select(['p.code', 's.date'])
      .orderBy('s.date')
      .execute()
    const expected = expectedDemoShutdowns(new RealDate(loadedAt))
    for (const code of ['HONDA', 'NISSAN'] as const)
      expect(rows.filter((r) => r.code === code).map((r) => r.date)).toEqual(expected[code])
  })

  it('is dated over the past year, in the order the ledger records it', async () => {
    const db = database.db
    const events = await db
      .selectFrom('ledger_events')
      .select(['seq', 'ts'])
      .orderBy('seq')
      .execute()
    const times = events.map((e) => Date.parse(e.ts))
    for (let i = 1; i < times.length; i++)
      expect(times[i], `event ${events[i]?.seq}`).toBeGreaterThanOrEqual(times[i - 1] as number)
    const first = times[0] as number
    const last = times[times.length - 1] as number
    expect((loadedAt - first) / DAY).toBeGreaterThan(HISTORY_DAYS - 1)
    expect((loadedAt - first) / DAY).toBeLessThan(HISTORY_DAYS + 1)
    expect(last).toBeLessThan(loadedAt)

    const member = await as('member@nissan.example')
    const stats = await member.stats.dashboard({ partnershipId: pid })
    const months = JSON.stringify(stats).match(/"\d{4}-\d{2}"/g) ?? []
    expect(new Set(months).size).toBeGreaterThanOrEqual(8)
    // Some open proposals are past their decide-by date, some are not yet.
    const overdue = await member.proposal.list({ partnershipId: pid, overdue: true, limit: 100 })
    expect(overdue.items.length).toBeGreaterThan(0)
    const open = await member.proposal.list({ partnershipId: pid, state: 'in_review', limit: 100 })
    expect(open.items.length).toBeGreaterThan(
      overdue.items.filter((p) => p.state === 'in_review').length,
    )
  })

  it('has a ledger that verifies on the server, in full, and as each party and the external auditor see it', async () => {
    const { result } = await verifyLedger(database.db)
    expect(result.ok, JSON.stringify(result)).toBe(true)
    const lead = await as('lead@honda.example')
    expect(await lead.audit.verify({ partnershipId: pid })).toMatchObject({ ok: true })
    for (const email of [
      'auditor@honda.example',
      'auditor@nissan.example',
      'auditor@external-audit.example',
    ]) {
      const report = await browserVerify(await as(email), pid)
      expect(report, email).toMatchObject({ ok: true })
    }
  })

  it("keeps Honda's never-submitted drafts and internal comments from Nissan", async () => {
    const db = database.db
    const hondaDrafts = await db
      .selectFrom('proposals')
      .select(['id', 'title', 'state'])
      .where('partnership_id', '=', pid)
      .where('author_party', '=', 'HONDA')
      .where('submitted_at', 'is', null)
      .execute()
    // Two drafts still being written, one given up before anyone outside Honda saw it.
    expect(hondaDrafts.length).toBeGreaterThanOrEqual(3)
    expect(hondaDrafts.some((d) => d.state === 'withdrawn')).toBe(true)

    const honda = await as('member@honda.example')
    const ownList = JSON.stringify(await honda.proposal.list({ partnershipId: pid, limit: 100 }))
    for (const d of hondaDrafts.filter((d) => d.state === 'draft'))
      expect(ownList).toContain(d.title)

    for (const email of [
      'member@nissan.example',
      'lead@nissan.example',
      'auditor@nissan.example',
    ]) {
      const nissan = await as(email)
      let text = ''
      for (const state of [null, ...PROPOSAL_STATES]) {
        text += JSON.stringify(
          await nissan.proposal.list({ partnershipId: pid, state, limit: 100 }),
        )
      }
      for (const d of hondaDrafts) {
        expect(text, `${email} list`).not.toContain(d.title)
        expect(await codeOf(nissan.proposal.get({ proposalId: d.id })), email).toBe('NOT_FOUND')
      }
      text = JSON.stringify(await nissan.stats.dashboard({ partnershipId: pid }))
      for (const d of hondaDrafts) expect(text).not.toContain(d.title)
      for (const words of ['全固体電池', 'swapping', 'signing service']) {
        const found = JSON.stringify(
          await nissan.search.query({ partnershipId: pid, query: words }),
        )
        for (const d of hondaDrafts)
          expect(found, `${email} searching ${words}`).not.toContain(d.title)
      }
    }

    // Internal comments: Honda's stay with Honda, on every proposal Nissan can open.
    const hondaInternal = await db
      .selectFrom('comments')
      .select(['proposal_id', 'body'])
      .where('party', '=', 'HONDA')
      .where('visibility', '=', 'internal')
      .execute()
    const nissan = await as('member@nissan.example')
    for (const c of hondaInternal) {
      const seen = JSON.stringify(await nissan.comment.list({ proposalId: c.proposal_id }))
      expect(seen).not.toContain(c.body)
    }
    const external = await as('auditor@external-audit.example')
    const audit = JSON.stringify(
      await external.audit.list({ partnershipId: pid, action: 'comment.added', limit: 100 }),
    )
    for (const c of hondaInternal) expect(audit).not.toContain(c.body)
  })

  // Positions and recusal (ADR 0029): the living demo shows each.
  it('holds a no objection, an abstention with its reason, and a lead recused from the joint tender', async () => {
    const verdicts = await database.db
      .selectFrom('reviews')
      .select(['verdict', 'comment'])
      .execute()
    expect(verdicts.some((v) => v.verdict === 'no_objection')).toBe(true)
    expect(verdicts.find((v) => v.verdict === 'abstain')?.comment).toContain('middleware')
    const nissan = await as('member@nissan.example')
    const tender = (
      await nissan.proposal.list({ partnershipId: pid, state: 'approved', limit: 100 })
    ).items.find((p) => p.title.startsWith('One joint tender for LFP cells'))
    if (!tender) throw new Error('the joint tender is missing')
    const page = await nissan.proposal.get({ proposalId: tender.id })
    expect(page.state).toBe('approved')
    expect(page.recusals.map((r) => [r.party, r.person.name])).toEqual([
      ['HONDA', 'Kenji Watanabe'],
    ])
    expect(page.signoffs.map((s) => s.signer.name)).not.toContain('Kenji Watanabe')
  })

  it('shows one sign-off made by a delegate for a lead, and the delegation still in force (ADR 0030)', async () => {
    const nissan = await as('lead@nissan.example')
    const delegations = await nissan.people.delegations({ partnershipId: pid })
    expect(delegations).toEqual([
      expect.objectContaining({
        party: 'HONDA',
        delegator: expect.objectContaining({ name: 'Takeshi Mori' }),
        delegate: expect.objectContaining({ name: 'Aiko Ito' }),
        approvedBy: expect.objectContaining({ name: 'Daisuke Ono' }),
        state: 'active',
      }),
    ])
    const decisions = await nissan.decision.list({ partnershipId: pid, limit: 100 })
    const byDelegate = decisions.items.flatMap((d) =>
      d.signoffs.filter((s) => s.onBehalfOf).map((s) => ({ code: d.code, s })),
    )
    expect(byDelegate.map(({ s }) => `${s.signer.name} for ${s.onBehalfOf?.name}`)).toEqual([
      'Aiko Ito for Takeshi Mori',
    ])
  })

  it('loads nothing a second time', async () => {
    const before = await database.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
    const again = await seedDemoWithHistory(database.db, { password: DEMO_PASSWORD })
    expect(again.accounts).toEqual([])
    expect(again.history).toBeNull()
    const after = await database.db
      .selectFrom('ledger_events')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })
})
