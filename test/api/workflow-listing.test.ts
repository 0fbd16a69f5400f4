/**
 * Finding proposals and what waits on me: the proposal list's filters and cursors, the inbox, and
 * the decision register's export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  AHEAD_YEAR,
  currentVersion,
  type DemoIndex,
  demoIndex,
  impacts,
  proposalInState,
  type StateBuild,
  withCachedCallers,
} from '../helpers/workflow'

const PAST = '2020-01-31'
const FUTURE = `${AHEAD_YEAR}-12-31`

describe.each(DATABASE_KINDS)('listing, inbox and export (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  /** name → proposal id */
  const p: Record<string, string> = {}
  const honda = ['engineer@honda.example', 'member@nissan.example']

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    const make = async (
      name: string,
      state: Parameters<typeof proposalInState>[2],
      build: StateBuild,
    ) => {
      p[name] = (await proposalInState(world, ix, state, build)).id
    }
    await make('hondaDraft', 'draft', {
      author: 'member@honda.example',
      title: 'Honda draft: cell chemistry survey',
      reviewers: honda,
      decideBy: PAST,
    })
    await make('nissanDraft', 'draft', {
      author: 'member@nissan.example',
      title: 'Nissan draft: confidential pricing idea',
      body: 'cell chemistry notes',
      workstream: 'WS-BAT',
      reviewers: ['member@honda.example', 'engineer@nissan.example'],
      decideBy: PAST,
    })
    await make('overdueReview', 'in_review', {
      author: 'member@honda.example',
      title: 'Cell supplier shortlist',
      body: 'Shortlist three suppliers; a 50% deposit is usual.',
      reviewers: honda,
      decideBy: PAST,
      charterItems: ['AREA-2'],
    })
    await make('nissanSoftware', 'in_review', {
      author: 'member@nissan.example',
      title: 'Common OTA update format',
      body: 'One over_the_air format.',
      workstream: 'WS-SW',
      reviewers: ['member@honda.example', 'engineer@nissan.example'],
      decideBy: FUTURE,
      charterItems: ['AREA-1'],
    })
    await make('awaiting', 'awaiting_signoff', {
      author: 'engineer@honda.example',
      title: 'Joint cell tender for 2028',
      reviewers: ['member@honda.example', 'member@nissan.example'],
      decideBy: PAST,
      charterItems: ['AREA-2', 'OBJ-1'],
    })
    await make('stanceAwaiting', 'awaiting_signoff', {
      author: 'engineer@nissan.example',
      title: 'Sell a Honda compact EV at Nissan dealers',
      workstream: 'WS-PROD',
      reviewers: ['member@honda.example', 'member@nissan.example'],
      impacts: impacts(ix, {
        'ST-1': { impact: 'touches', explanation: 'Nissan would sell a rebadged Honda model.' },
      }),
    })
    await make('approved', 'approved', {
      author: 'member@nissan.example',
      title: '=HYPERLINK("http://evil.example","Battery pack standard")',
      reviewers: ['member@honda.example', 'engineer@nissan.example'],
      decideBy: PAST,
      charterItems: ['AREA-2'],
    })
    await make('rejected', 'rejected', {
      author: 'member@honda.example',
      title: 'Shared battery recycling plant',
      reviewers: honda,
      decideBy: PAST,
    })
    await make('withdrawn', 'withdrawn', {
      author: 'engineer@nissan.example',
      title: 'Joint software licence pool',
      workstream: 'WS-SW',
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    // Changes requested on one of member@honda's proposals, a concern on another.
    const nissanReviewer = await world.as('member@nissan.example')
    await nissanReviewer.proposal.review({
      proposalId: p.overdueReview as string,
      expectedVersion: await currentVersion(nissanReviewer, p.overdueReview as string),
      verdict: 'request_changes',
      comment: 'Name the suppliers.',
    })
  })
  afterAll(() => world.destroy())

  const list = async (email: string, filters: Record<string, unknown> = {}) => {
    const caller = await world.as(email)
    const page = await caller.proposal.list({
      partnershipId: world.partnershipId,
      limit: 100,
      ...filters,
    })
    return page.items.map((i) => i.id)
  }
  const names = (ids: string[]) =>
    ids.map((id) => Object.entries(p).find(([, v]) => v === id)?.[0] ?? id).sort()

  describe('the proposal list', () => {
    it('lists everything a Honda member may see, newest first, and no Nissan draft', async () => {
      const ids = await list('member@honda.example')
      expect(names(ids)).toEqual(
        [
          'hondaDraft',
          'overdueReview',
          'nissanSoftware',
          'awaiting',
          'stanceAwaiting',
          'approved',
          'rejected',
          'withdrawn',
        ].sort(),
      )
      const numbers = (
        await (
          await world.as('member@honda.example')
        ).proposal.list({
          partnershipId: world.partnershipId,
          limit: 100,
        })
      ).items
      // Newest into the joint record first: by submission, a draft by its creation.
      const order = numbers.map((i) => i.submittedAt ?? i.createdAt)
      expect(order).toEqual([...order].sort().reverse())
    })

    it('never lists the other party’s drafts, whatever the filters', async () => {
      for (const filters of [
        {},
        { state: 'draft' },
        { party: 'NISSAN' },
        { authorId: ix.user('member@nissan.example') },
        { overdue: true },
        { query: 'confidential' },
        { query: 'cell chemistry' },
        { workstreamId: ix.workstream('WS-BAT') },
      ]) {
        expect(await list('member@honda.example', filters), JSON.stringify(filters)).not.toContain(
          p.nissanDraft,
        )
        expect(await list('auditor@external-audit.example', filters)).not.toContain(p.hondaDraft)
      }
      expect(names(await list('member@honda.example', { state: 'draft' }))).toEqual(['hondaDraft'])
      expect(names(await list('lead@nissan.example', { state: 'draft' }))).toEqual(['nissanDraft'])
      expect(await list('auditor@external-audit.example', { state: 'draft' })).toEqual([])
    })

    it('filters by state', async () => {
      expect(names(await list('lead@honda.example', { state: 'in_review' }))).toEqual([
        'nissanSoftware',
        'overdueReview',
      ])
      expect(names(await list('lead@honda.example', { state: 'awaiting_signoff' }))).toEqual([
        'awaiting',
        'stanceAwaiting',
      ])
      for (const state of ['approved', 'rejected', 'withdrawn']) {
        expect(names(await list('lead@honda.example', { state }))).toEqual([state])
      }
    })

    it('filters by workstream, party, author and charter item', async () => {
      expect(
        names(await list('lead@honda.example', { workstreamId: ix.workstream('WS-SW') })),
      ).toEqual(['nissanSoftware', 'withdrawn'])
      expect(names(await list('lead@honda.example', { party: 'NISSAN' }))).toEqual(
        ['approved', 'nissanSoftware', 'stanceAwaiting', 'withdrawn'].sort(),
      )
      expect(
        names(await list('lead@honda.example', { authorId: ix.user('engineer@honda.example') })),
      ).toEqual(['awaiting'])
      expect(names(await list('lead@honda.example', { charterItemId: ix.item('AREA-2') }))).toEqual(
        ['approved', 'awaiting', 'overdueReview'],
      )
      expect(
        names(
          await list('lead@honda.example', {
            charterItemId: ix.item('AREA-2'),
            state: 'approved',
          }),
        ),
      ).toEqual(['approved'])
    })

    it('filters overdue proposals: past their decide-by date and still open', async () => {
      // The rejected and approved proposals are past their date too, but closed.
      expect(names(await list('member@honda.example', { overdue: true }))).toEqual([
        'awaiting',
        'hondaDraft',
        'overdueReview',
      ])
      const items = (
        await (
          await world.as('member@honda.example')
        ).proposal.list({
          partnershipId: world.partnershipId,
          limit: 100,
        })
      ).items
      expect(
        items
          .filter((i) => i.overdue)
          .map((i) => i.id)
          .sort(),
      ).toEqual([p.awaiting, p.hondaDraft, p.overdueReview].sort())
    })

    it('searches titles and current bodies, taking % and _ literally', async () => {
      expect(names(await list('lead@honda.example', { query: 'cell TENDER' }))).toEqual([
        'awaiting',
      ])
      expect(names(await list('lead@honda.example', { query: 'three suppliers' }))).toEqual([
        'overdueReview',
      ])
      expect(names(await list('lead@honda.example', { query: '50% deposit' }))).toEqual([
        'overdueReview',
      ])
      // "%" and "_" are not wildcards: "5%" matches nothing beyond the text "5%"…
      expect(await list('lead@honda.example', { query: '5% deposit' })).toEqual([])
      expect(names(await list('lead@honda.example', { query: 'over_the' }))).toEqual([
        'nissanSoftware',
      ])
      // …and "_" does not stand for any one character.
      expect(await list('lead@honda.example', { query: 'over_he' })).toEqual([])
      expect(await list('lead@honda.example', { query: 'ove_' })).toEqual([])
    })

    it('pages with cursors, returning every proposal exactly once', async () => {
      const everything = await list('lead@honda.example')
      for (const limit of [1, 2, 3]) {
        const caller = await world.as('lead@honda.example')
        const seen: string[] = []
        let cursor: string | null = null
        let pages = 0
        do {
          const page: Awaited<ReturnType<typeof caller.proposal.list>> = await caller.proposal.list(
            { partnershipId: world.partnershipId, limit, cursor },
          )
          expect(page.items.length).toBeLessThanOrEqual(limit)
          seen.push(...page.items.map((i) => i.id))
          cursor = page.nextCursor
          pages++
        } while (cursor && pages < 50)
        expect(seen, `limit ${limit}`).toEqual(everything)
        expect(pages).toBe(Math.ceil(everything.length / limit))
      }
      // Filters hold across pages too.
      const caller = await world.as('lead@honda.example')
      const first = await caller.proposal.list({
        partnershipId: world.partnershipId,
        limit: 1,
        state: 'awaiting_signoff',
      })
      const second = await caller.proposal.list({
        partnershipId: world.partnershipId,
        limit: 1,
        state: 'awaiting_signoff',
        cursor: first.nextCursor,
      })
      expect(names([...first.items, ...second.items].map((i) => i.id))).toEqual([
        'awaiting',
        'stanceAwaiting',
      ])
      expect(second.nextCursor).toBeNull()
    })
  })

  describe('the inbox', () => {
    const inbox = async (email: string) =>
      (await world.as(email)).inbox.get({ partnershipId: world.partnershipId })
    const ids = (items: { id: string }[]) => names(items.map((i) => i.id))

    it('lists reviews requested of me on the current revision, until I give them', async () => {
      // engineer@honda reviews overdueReview and rejected (closed); not their own proposal.
      expect(ids((await inbox('engineer@honda.example')).reviewsRequested)).toEqual([
        'overdueReview',
      ])
      // member@nissan requested changes on overdueReview: given, so not waiting.
      expect(ids((await inbox('member@nissan.example')).reviewsRequested)).toEqual([])
      expect(ids((await inbox('member@honda.example')).reviewsRequested)).toEqual([
        'nissanSoftware',
      ])
      const reviewer = await world.as('engineer@honda.example')
      await reviewer.proposal.review({
        proposalId: p.overdueReview as string,
        expectedVersion: await currentVersion(reviewer, p.overdueReview as string),
        verdict: 'approve',
        comment: '',
      })
      expect((await inbox('engineer@honda.example')).reviewsRequested).toEqual([])
    })

    it('lists sign-offs my party owes only to leads eligible to give them', async () => {
      // WS-BAT's leads and the partnership leads owe "awaiting"; only partnership leads may sign the
      // stance-touching "stanceAwaiting".
      expect(ids((await inbox('battery.lead@honda.example')).signoffsOwed)).toEqual(['awaiting'])
      expect(ids((await inbox('battery.lead@nissan.example')).signoffsOwed)).toEqual(['awaiting'])
      expect(ids((await inbox('software.lead@honda.example')).signoffsOwed)).toEqual([])
      expect(ids((await inbox('lead@honda.example')).signoffsOwed)).toEqual([
        'awaiting',
        'stanceAwaiting',
      ])
      for (const email of [
        'member@honda.example',
        'auditor@honda.example',
        'admin@honda.example',
        'auditor@external-audit.example',
      ]) {
        expect((await inbox(email)).signoffsOwed, email).toEqual([])
      }
      // Once Honda has signed, Honda owes nothing more; Nissan still does.
      const signer = await world.as('battery.lead@honda.example')
      await signer.proposal.signOff({
        proposalId: p.awaiting as string,
        expectedVersion: await currentVersion(signer, p.awaiting as string),
        verdict: 'approve',
        rationale: '',
      })
      expect(ids((await inbox('lead@honda.example')).signoffsOwed)).toEqual(['stanceAwaiting'])
      expect(ids((await inbox('battery.lead@honda.example')).signoffsOwed)).toEqual([])
      expect(ids((await inbox('lead@nissan.example')).signoffsOwed)).toEqual([
        'awaiting',
        'stanceAwaiting',
      ])
    })

    it('lists my proposals with changes requested or open concerns', async () => {
      let mine = (await inbox('member@honda.example')).myProposals
      expect(ids(mine)).toEqual(['hondaDraft', 'overdueReview'])
      expect(mine.find((m) => m.id === p.overdueReview)?.reasons).toContain('changes_requested')

      const raiser = await world.as('engineer@nissan.example')
      const { concernId } = await raiser.proposal.raiseConcern({
        proposalId: p.awaiting as string,
        expectedVersion: await currentVersion(raiser, p.awaiting as string),
        title: 'Tender timing',
        rationale: 'Too early for 2028.',
        grounds: { kind: 'other', text: 'The tender terms' },
        resolvesWhen: 'An answer in the thread',
      })
      mine = (await inbox('engineer@honda.example')).myProposals
      expect(ids(mine)).toEqual(['awaiting'])
      expect(mine[0]?.reasons).toContain('concern')
      expect(mine[0]?.concerns.map((c) => c.title)).toEqual(['Tender timing'])
      await raiser.proposal.resolveConcern({
        proposalId: p.awaiting as string,
        expectedVersion: await currentVersion(raiser, p.awaiting as string),
        concernId,
        resolution: 'Fine.',
      })
      expect((await inbox('engineer@honda.example')).myProposals).toEqual([])
    })

    it('lists overdue proposals to the leads who lead them, and not to members', async () => {
      // Overdue and submitted: overdueReview and awaiting (WS-BAT). Drafts are not a lead's business.
      expect(ids((await inbox('lead@honda.example')).overdue)).toEqual([
        'awaiting',
        'overdueReview',
      ])
      expect(ids((await inbox('battery.lead@nissan.example')).overdue)).toEqual([
        'awaiting',
        'overdueReview',
      ])
      expect((await inbox('software.lead@honda.example')).overdue).toEqual([])
      expect((await inbox('member@honda.example')).overdue).toEqual([])
      expect((await inbox('auditor@honda.example')).counts.total).toBe(0)
    })
  })

  describe('the decision register', () => {
    it('exports the decisions as JSON and as CSV, with formula cells defused', async () => {
      const caller = await world.as('auditor@external-audit.example')
      const json = await caller.decision.export({
        partnershipId: world.partnershipId,
        format: 'json',
      })
      const decisions = JSON.parse(json.content) as {
        code: string
        title: string
        proposal: { id: string }
        signoffs: { party: string }[]
      }[]
      expect(decisions).toHaveLength(1)
      expect(decisions[0]).toMatchObject({
        code: 'D-1',
        proposal: { id: p.approved },
        title: '=HYPERLINK("http://evil.example","Battery pack standard")',
      })
      expect(decisions[0]?.signoffs.map((s) => s.party).sort()).toEqual(['HONDA', 'NISSAN'])

      const csv = await caller.decision.export({
        partnershipId: world.partnershipId,
        format: 'csv',
      })
      expect(csv.contentType).toBe('text/csv')
      const [header, row, end] = csv.content.split('\r\n')
      expect(header).toBe(
        'code,title,status,type,effective_date,proposal,revision,workstream,charter_items,signed_by,superseded_by,supersedes',
      )
      expect(end).toBe('')
      expect(
        row?.startsWith('"D-1","\'=HYPERLINK(""http://evil.example"",""Battery pack standard"")"'),
      ).toBe(true)
      // No cell of the row starts with a formula character.
      for (const cell of row?.match(/"(?:[^"]|"")*"/g) ?? []) {
        expect(cell.slice(1)).not.toMatch(/^[=+\-@]/)
      }
      expect(row).toContain('"AREA-2"')
      expect(row).toContain('"active"')
    })
  })
})
