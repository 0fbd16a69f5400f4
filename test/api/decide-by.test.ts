/**
 * A decide-by date must lie ahead when it is set or changed, and when a draft goes out; a
 * proposal that became overdue keeps the date it missed through its revisions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { earliestDecideBy, latestDecideBy } from '../../shared/decide-by'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  AHEAD_YEAR,
  type DemoIndex,
  demoIndex,
  fileProposal,
  letDecideByPass,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const PASSED = '2020-01-31'
const AHEAD = `${AHEAD_YEAR}-12-31`

describe('when a decide-by date has passed', () => {
  it('is when it has ended everywhere, so a date still today somewhere is accepted', () => {
    // 11:00 UTC on 7 December: still 6 December at UTC−12, already 8 December nowhere.
    expect(earliestDecideBy(new Date('2026-12-07T11:00:00Z'))).toBe('2026-12-06')
    expect(earliestDecideBy(new Date('2026-12-07T12:00:00Z'))).toBe('2026-12-07')
    expect(earliestDecideBy(new Date('2026-12-07T23:59:59Z'))).toBe('2026-12-07')
  })
})

describe.each(DATABASE_KINDS)('decide-by dates (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
  })

  afterAll(async () => {
    await world?.destroy()
  })

  it('refuses a past date on a new draft, saying what to do, and writes nothing', async () => {
    const caller = await world.as('member@honda.example')
    const before = await world.db.selectFrom('proposals').select('id').execute()
    const error = await refusal(
      caller.proposal.create({
        partnershipId: world.partnershipId,
        type: 'decision',
        content: {
          title: 'Tender for LFP cells',
          body: '',
          workstreamId: ix.workstream('WS-BAT'),
          charterItemIds: [],
          impacts: [],
          supersedes: [],
          amendment: null,
          decideBy: PASSED,
        },
      }),
    )
    expect(error.code).toBe('BAD_REQUEST')
    expect(error.message).toBe(
      `decideBy: ${PASSED} has already passed. Choose today or a later date, or leave it empty.`,
    )
    expect(await world.db.selectFrom('proposals').select('id').execute()).toEqual(before)
  })

  it('refuses a date more than five years ahead, in words, and writes nothing', async () => {
    const caller = await world.as('member@honda.example')
    const latest = latestDecideBy(new Date())
    const before = await world.db.selectFrom('proposals').select('id').execute()
    for (const decideBy of [`${Number(latest.slice(0, 4)) + 1}${latest.slice(4)}`, '9999-12-31']) {
      const error = await refusal(
        caller.proposal.create({
          partnershipId: world.partnershipId,
          type: 'decision',
          content: {
            title: 'A deadline nobody will meet',
            body: '',
            workstreamId: ix.workstream('WS-BAT'),
            charterItemIds: [],
            impacts: [],
            supersedes: [],
            amendment: null,
            decideBy,
          },
        }),
      )
      expect(error.code).toBe('BAD_REQUEST')
      expect(error.message).toContain(`Choose a date no later than ${latest}`)
    }
    expect(await world.db.selectFrom('proposals').select('id').execute()).toEqual(before)
  })

  it('accepts the earliest date not yet ended everywhere', async () => {
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Battery recycling pilot',
      reviewers: ['member@nissan.example', 'engineer@honda.example'],
    })
    const draft = await caller.proposal.get({ proposalId: id })
    const today = earliestDecideBy(new Date())
    await caller.proposal.updateDraft({
      proposalId: id,
      expectedVersion: draft.version,
      content: { ...draft.revision, decideBy: today },
    })
    expect((await caller.proposal.get({ proposalId: id })).revision.decideBy).toBe(today)
  })

  it('refuses to submit a draft whose date passed while it was written', async () => {
    const { id, version, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Joint cell test lab',
      reviewers: ['member@nissan.example', 'engineer@honda.example'],
    })
    await letDecideByPass(world.db, id, PASSED)
    const error = await refusal(
      caller.proposal.submit({ proposalId: id, expectedVersion: version }),
    )
    expect(error.message).toContain(`decideBy: ${PASSED} has already passed.`)
    expect((await caller.proposal.get({ proposalId: id })).state).toBe('draft')
  })

  it('lets an overdue proposal be revised with the date it missed, but not moved to another past date', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Shared charging standard',
      reviewers: ['member@nissan.example', 'engineer@honda.example'],
      decideBy: PASSED,
    })
    const caller = await world.as('member@honda.example')
    const current = await caller.proposal.get({ proposalId: id })
    expect(current.revision.decideBy).toBe(PASSED)
    const revised = await caller.proposal.revise({
      proposalId: id,
      expectedVersion: current.version,
      content: { ...current.revision, body: 'Now with the charging connector named.' },
      note: 'Named the connector.',
    })
    const error = await refusal(
      caller.proposal.revise({
        proposalId: id,
        expectedVersion: revised.version,
        content: { ...current.revision, decideBy: '2021-06-30' },
        note: 'Another date.',
      }),
    )
    expect(error.message).toContain('decideBy: 2021-06-30 has already passed.')
    const moved = await caller.proposal.revise({
      proposalId: id,
      expectedVersion: revised.version,
      content: { ...current.revision, decideBy: AHEAD },
      note: 'A new date, agreed in the steering committee.',
    })
    expect(moved.revision).toBe(3)
  })
})
