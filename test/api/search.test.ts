/**
 * One search box (issues 15 and 16): words in any order, Japanese of any length, ranked, the
 * words marked as segments, a code that jumps, and nothing a person may not read, on SQLite and
 * PostgreSQL. The router is not registered in the app yet: it is called through a router of its own.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import type { SessionUser } from '../../server/domain/users'
import { searchRouter } from '../../server/routers/search'
import { search } from '../../server/search/search'
import { createCallerFactory, router } from '../../server/trpc'
import { contextFor, type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  proposalInState,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const REVIEWERS = ['battery.lead@honda.example', 'battery.lead@nissan.example']
const createCaller = createCallerFactory(router({ search: searchRouter }))

describe.each(DATABASE_KINDS)('search (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let approved: string
  let inReview: string
  let withdrawnDraft: string
  let draft: string

  const userOf = async (email: string) => (await contextFor(world.db, email)).user as SessionUser
  const find = async (email: string, query: string, limit = 20) =>
    search(world.db, await userOf(email), { partnershipId: world.partnershipId, query, limit })
  const callerFor = async (email: string) => createCaller(await contextFor(world.db, email))

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    approved = (
      await proposalInState(world, ix, 'approved', {
        author: 'member@honda.example',
        title: 'Joint tender for LFP cells in Q1',
        body: 'We buy lithium iron phosphate cells together. 電池の共同調達を提案します。',
        reviewers: REVIEWERS,
      })
    ).id
    inReview = (
      await proposalInState(world, ix, 'in_review', {
        author: 'member@nissan.example',
        title: 'Shared software platform roadmap',
        body: 'A common platform for infotainment; a later tender may follow.',
        reviewers: REVIEWERS,
      })
    ).id
    const honda = await world.as('member@honda.example')
    const nissan = await world.as('member@nissan.example')
    await honda.comment.add({
      proposalId: inReview,
      body: 'Internal: our marmoset ceiling for this platform',
      visibility: 'internal',
    })
    await nissan.comment.add({
      proposalId: inReview,
      body: 'Joint: the ocelot schedule works for us',
      visibility: 'joint',
    })
    const filed = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Walk-away zephyrsecret price',
      body: 'Confidential to Honda.',
      reviewers: REVIEWERS,
    })
    await filed.caller.proposal.withdraw({
      proposalId: filed.id,
      expectedVersion: await currentVersion(filed.caller, filed.id),
      reason: 'Not now',
    })
    withdrawnDraft = filed.id
    draft = (
      await fileProposal(world, ix, 'member@honda.example', {
        title: 'Draft about quokkadraft',
        body: 'Still being written.',
        reviewers: REVIEWERS,
      })
    ).id
  }, 60_000)
  afterAll(() => world?.destroy())

  const idsOf = (r: Awaited<ReturnType<typeof find>>) => r.hits.map((h) => `${h.kind}:${h.id}`)

  it('finds a proposal by its words in any order, a 2-character word included', async () => {
    for (const query of [
      'tender Q1',
      'Q1 tender',
      'q1   TENDER',
      'cells lithium',
      'cell LITHIUM',
    ]) {
      const result = await find('member@nissan.example', query)
      expect(idsOf(result), query).toContain(`proposal:${approved}`)
      // Every word must occur: the in-review proposal mentions a tender but not Q1 or cells.
      expect(idsOf(result), query).not.toContain(`proposal:${inReview}`)
    }
    expect((await find('member@nissan.example', 'tender nowhereword')).hits).toEqual([])
  })

  it('finds Japanese of two and of more characters, in the approved decision too', async () => {
    for (const query of ['電池', '共同調達', '提案', '電池 調達']) {
      const result = await find('member@nissan.example', query)
      expect(idsOf(result), query).toContain(`proposal:${approved}`)
      expect(result.hits.some((h) => h.kind === 'decision' && h.proposalId === approved)).toBe(true)
    }
    expect((await find('member@nissan.example', '燃料電池車')).hits).toEqual([])
  })

  it('ranks a title match above a passing mention', async () => {
    const proposals = (await find('lead@nissan.example', 'tender')).hits.filter(
      (h) => h.kind === 'proposal',
    )
    expect(proposals.map((h) => h.id)).toEqual([approved, inReview])
  })

  it('marks the matching words as segments, the text otherwise untouched', async () => {
    const hit = (await find('member@nissan.example', 'tender Q1')).hits.find(
      (h) => h.kind === 'proposal' && h.id === approved,
    )
    expect(hit?.title).toEqual([
      { text: 'Joint ', match: false },
      { text: 'tender', match: true },
      { text: ' for LFP cells in ', match: false },
      { text: 'Q1', match: true },
    ])
    expect(hit?.code).toMatch(/^P-\d+$/)
    expect(hit?.state).toBe('approved')
    const japanese = (await find('member@nissan.example', '電池')).hits.find(
      (h) => h.kind === 'proposal' && h.id === approved,
    )
    expect(japanese?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['電池'])
    expect(japanese?.snippet.map((s) => s.text).join('')).toBe(
      'We buy lithium iron phosphate cells together. 電池の共同調達を提案します。',
    )
  })

  it('takes search syntax and wildcards literally', async () => {
    for (const query of [
      '"tender" OR *',
      'tender" NEAR(',
      '%',
      '_',
      'title:tender',
      "o'neil",
      'a/b (x) [y]-z \\ \\d+',
    ]) {
      const result = await find('member@nissan.example', query)
      expect(result.hits.length, query).toBeLessThanOrEqual(20)
    }
    expect((await find('member@nissan.example', '%')).hits).toEqual([])
  })

  it('jumps straight to a code: proposal, decision, charter item, workstream', async () => {
    const hit = (await find('member@nissan.example', 'tender Q1')).hits.find(
      (h) => h.id === approved,
    )
    const code = hit?.code as string
    expect((await find('member@nissan.example', code)).jump).toMatchObject({
      kind: 'proposal',
      id: approved,
      code,
    })
    expect((await find('member@nissan.example', code.toLowerCase())).jump?.id).toBe(approved)
    const decision = (await find('member@nissan.example', '共同調達')).hits.find(
      (h) => h.kind === 'decision',
    )
    expect((await find('member@nissan.example', decision?.code as string)).jump).toMatchObject({
      kind: 'decision',
      id: decision?.id,
    })
    expect((await find('member@nissan.example', 'CON-1')).jump).toMatchObject({
      kind: 'charter_item',
      id: ix.item('CON-1'),
      title: 'No capital merger',
    })
    expect((await find('member@nissan.example', 'ws-bat')).jump).toMatchObject({
      kind: 'workstream',
      id: ix.workstream('WS-BAT'),
      code: 'WS-BAT',
    })
    expect((await find('member@nissan.example', 'P-99999')).jump).toBeNull()
    expect((await find('member@nissan.example', 'tender')).jump).toBeNull()
  })

  it('finds the charter by its words', async () => {
    const result = await find('auditor@external-audit.example', 'capital merger')
    expect(idsOf(result)).toContain(`charter_item:${ix.item('CON-1')}`)
  })

  it.each([
    'member@nissan.example',
    'lead@nissan.example',
    'auditor@nissan.example',
    'auditor@external-audit.example',
  ])('%s never finds a draft of the other party, withdrawn or not', async (email) => {
    expect((await find(email, 'zephyrsecret')).hits).toEqual([])
    expect((await find(email, 'quokkadraft')).hits).toEqual([])
    expect((await find(email, 'Confidential Honda')).hits).toEqual([])
    const { rows } = await sql<{ number: number | null }>`
      select number from proposals where id in (${withdrawnDraft}, ${draft})`.execute(world.db)
    for (const { number } of rows) {
      if (number !== null) expect((await find(email, `P-${number}`)).jump).toBeNull()
    }
  })

  it("the author's party finds its drafts, the withdrawn one included", async () => {
    expect(idsOf(await find('lead@honda.example', 'zephyrsecret'))).toEqual([
      `proposal:${withdrawnDraft}`,
    ])
    expect(idsOf(await find('auditor@honda.example', 'quokkadraft'))).toEqual([`proposal:${draft}`])
  })

  it('an internal comment is found only by its own party', async () => {
    const own = await find('lead@honda.example', 'marmoset')
    expect(own.hits).toHaveLength(1)
    expect(own.hits[0]).toMatchObject({ kind: 'comment', proposalId: inReview, internal: true })
    expect((await find('auditor@honda.example', 'marmoset')).hits).toHaveLength(1)
    for (const email of [
      'member@nissan.example',
      'lead@nissan.example',
      'auditor@nissan.example',
      'auditor@external-audit.example',
    ]) {
      expect((await find(email, 'marmoset')).hits, email).toEqual([])
      const joint = await find(email, 'ocelot')
      expect(
        joint.hits.map((h) => [h.kind, h.internal]),
        email,
      ).toEqual([['comment', false]])
    }
  })

  it('indexes only the latest revision of a proposal', async () => {
    const honda = await world.as('member@honda.example')
    const view = await honda.proposal.get({ proposalId: draft })
    await honda.proposal.updateDraft({
      proposalId: draft,
      expectedVersion: view.version,
      content: { ...view.revision, title: 'Draft about wombatnew', body: 'Rewritten.' },
    })
    expect((await find('member@honda.example', 'quokkadraft')).hits).toEqual([])
    expect(idsOf(await find('member@honda.example', 'wombatnew'))).toEqual([`proposal:${draft}`])
  })

  it('keeps the index in the transaction of the change: a rolled-back write leaves no hit', async () => {
    const user = await userOf('member@nissan.example')
    const input = { partnershipId: world.partnershipId, query: 'rollbackonly', limit: 20 }
    const failure = new Error('roll back')
    await expect(
      writeTransaction(world.db, async (trx) => {
        await trx
          .insertInto('comments')
          .values({
            id: crypto.randomUUID(),
            proposal_id: inReview,
            revision: 1,
            author_id: user.id,
            party: 'NISSAN',
            visibility: 'joint',
            body: 'rollbackonly words',
            created_at: new Date().toISOString(),
          })
          .execute()
        // Inside the transaction, the index already holds it.
        expect((await search(trx, user, input)).hits).toHaveLength(1)
        throw failure
      }),
    ).rejects.toBe(failure)
    expect((await search(world.db, user, input)).hits).toEqual([])
  })

  it('pages through every hit once', async () => {
    const all = await find('lead@honda.example', 'platform', 50)
    expect(all.hits.length).toBeGreaterThanOrEqual(3)
    const user = await userOf('lead@honda.example')
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof search>> = await search(world.db, user, {
        partnershipId: world.partnershipId,
        query: 'platform',
        limit: 1,
        cursor,
      })
      seen.push(...idsOf(page))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toEqual(idsOf(all))
  })

  it('through the router: members search, bad input is a clear refusal', async () => {
    const caller = await callerFor('member@nissan.example')
    const result = await caller.search.query({
      partnershipId: world.partnershipId,
      query: 'tender Q1',
    })
    expect(result.hits.map((h) => h.id)).toContain(approved)
    const empty = await refusal(
      caller.search.query({ partnershipId: world.partnershipId, query: '   ' }),
    )
    expect(empty.code).toBe('BAD_REQUEST')
    const cursor = await refusal(
      caller.search.query({ partnershipId: world.partnershipId, query: 'x', cursor: 'garbage' }),
    )
    expect(cursor.code).toBe('BAD_REQUEST')
    const stranger = await refusal(
      caller.search.query({ partnershipId: crypto.randomUUID(), query: 'tender' }),
    )
    expect(stranger.code).toBe('NOT_FOUND')
  })
})
