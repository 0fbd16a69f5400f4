/**
 * Comments: joint ones are for everyone who may read the proposal; internal ones only for the
 * commenter's party (its auditors included), never for the other party or an external auditor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  ledgerRows,
  proposalInState,
  refusal,
  verifyLedger,
} from '../helpers/workflow'

const HONDA_READERS = [
  'member@honda.example',
  'lead@honda.example',
  'battery.lead@honda.example',
  'auditor@honda.example',
]
const NISSAN_READERS = [
  'member@nissan.example',
  'lead@nissan.example',
  'battery.lead@nissan.example',
  'auditor@nissan.example',
]
const EXTERNAL = 'auditor@external-audit.example'

describe.each(DATABASE_KINDS)('comments (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let proposalId: string

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    proposalId = (
      await proposalInState(world, ix, 'in_review', {
        author: 'engineer@honda.example',
        reviewers: ['member@honda.example', 'member@nissan.example'],
      })
    ).id
    const add = async (email: string, body: string, visibility: 'joint' | 'internal') =>
      (await world.as(email)).comment.add({ proposalId, body, visibility })
    await add('member@honda.example', 'Joint: how many cells per year?', 'joint')
    await add('lead@honda.example', 'Honda only: our floor price is ¥9,000 per kWh.', 'internal')
    await add('lead@nissan.example', 'Nissan only: we could go without Honda.', 'internal')
    await add('member@nissan.example', 'Joint: about 2 GWh.', 'joint')
  })
  afterAll(() => world.destroy())

  const bodies = async (email: string) => {
    const caller = await world.as(email)
    const listed = (await caller.comment.list({ proposalId })).map((c) => c.body)
    const inView = (await caller.proposal.get({ proposalId })).comments.map((c) => c.body)
    expect(inView, `${email}: the view and the list agree`).toEqual(listed)
    return listed
  }

  it('shows Honda people, Honda’s auditor included, the joint comments and Honda’s internal one', async () => {
    for (const email of HONDA_READERS) {
      expect(await bodies(email), email).toEqual([
        'Joint: how many cells per year?',
        'Honda only: our floor price is ¥9,000 per kWh.',
        'Joint: about 2 GWh.',
      ])
    }
  })

  it('shows Nissan people the joint comments and Nissan’s internal one, never Honda’s', async () => {
    for (const email of NISSAN_READERS) {
      expect(await bodies(email), email).toEqual([
        'Joint: how many cells per year?',
        'Nissan only: we could go without Honda.',
        'Joint: about 2 GWh.',
      ])
    }
  })

  it('shows an external auditor the joint comments only', async () => {
    expect(await bodies(EXTERNAL)).toEqual([
      'Joint: how many cells per year?',
      'Joint: about 2 GWh.',
    ])
  })

  it('keeps the internal comment out of every other view of the proposal', async () => {
    for (const email of [...NISSAN_READERS, EXTERNAL]) {
      const caller = await world.as(email)
      const everything = JSON.stringify([
        await caller.proposal.get({ proposalId }),
        await caller.proposal.list({ partnershipId: world.partnershipId, limit: 100 }),
        await caller.inbox.get({ partnershipId: world.partnershipId }),
      ])
      expect(everything, email).not.toContain('floor price')
    }
  })

  it('records an internal comment in the ledger as visible to its party only', async () => {
    const events = (await ledgerRows(world.db)).filter((e) => e.action === 'comment.added')
    expect(events.map((e) => e.visibility)).toEqual([
      'joint',
      'party:HONDA',
      'party:NISSAN',
      'joint',
    ])
    expect(events.map((e) => e.actor_party)).toEqual(['HONDA', 'HONDA', 'NISSAN', 'NISSAN'])
    const { result } = await verifyLedger(world.db)
    expect(result.ok).toBe(true)
  })

  it('stores markdown as written', async () => {
    const body = '**Bold** <script>alert(1)</script> [x](javascript:alert(1))'
    const caller = await world.as('member@nissan.example')
    await caller.comment.add({ proposalId, body, visibility: 'joint' })
    const listed = await caller.comment.list({ proposalId })
    expect(listed.at(-1)?.body).toBe(body)
  })

  it('lets neither auditors nor admins comment', async () => {
    for (const email of ['auditor@honda.example', EXTERNAL, 'admin@nissan.example']) {
      const caller = await world.as(email)
      const error = await refusal(
        caller.comment.add({ proposalId, body: 'Audit note.', visibility: 'internal' }),
      )
      expect(error.code, email).toBe('FORBIDDEN')
    }
  })

  it('keeps comments on a draft within the author’s party, in the ledger too', async () => {
    const { id } = await proposalInState(world, ix, 'draft', {
      author: 'engineer@honda.example',
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    const honda = await world.as('member@honda.example')
    await honda.comment.add({ proposalId: id, body: 'Draft note.', visibility: 'joint' })
    const event = (await ledgerRows(world.db)).at(-1)
    expect(event).toMatchObject({ action: 'comment.added', visibility: 'party:HONDA' })
    const nissan = await world.as('member@nissan.example')
    expect((await refusal(nissan.comment.list({ proposalId: id }))).code).toBe('NOT_FOUND')
    expect(
      (await refusal(nissan.comment.add({ proposalId: id, body: 'Hi', visibility: 'joint' }))).code,
    ).toBe('NOT_FOUND')
  })
})
