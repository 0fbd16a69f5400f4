/**
 * Concurrency: every state-changing call names the version it saw; of many simultaneous calls on
 * one proposal, those that saw the same version cannot all win, no update is lost, and exactly one
 * decision is issued.
 */
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  fingerprint,
  impacts,
  ledgerRows,
  proposalInState,
  verifyLedger,
  withCachedCallers,
} from '../helpers/workflow'

/** Four reviewers, two per party: an amendment needs two approving reviews of each party. */
const REVIEWERS = [
  'member@honda.example',
  'engineer@honda.example',
  'member@nissan.example',
  'engineer@nissan.example',
]
/** Partnership leads: the only eligible signers of an amendment. */
const SIGNERS = ['lead@honda.example', 'lead@nissan.example']

describe.each(DATABASE_KINDS)('concurrency (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
  })
  afterAll(() => world.destroy())

  const codeOf = (r: PromiseSettledResult<unknown>) =>
    r.status === 'fulfilled' ? 'ok' : r.reason instanceof TRPCError ? r.reason.code : 'thrown'

  it('lets exactly one of 20 calls that saw the same version through; the rest get CONFLICT', async () => {
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'software.lead@honda.example',
      reviewers: ['member@honda.example', 'member@nissan.example'],
    })
    const before = await fingerprint(world.db, id)
    // Twenty eligible calls at once, all naming the version they loaded: sign-offs of both
    // parties, concerns and rejections.
    const calls = Array.from({ length: 20 }, async (_, i) => {
      const ref = { proposalId: id, expectedVersion: before.version }
      switch (i % 4) {
        case 0:
          return (await world.as('battery.lead@honda.example')).proposal.signOff({
            ...ref,
            verdict: 'approve',
            rationale: '',
          })
        case 1:
          return (await world.as('battery.lead@nissan.example')).proposal.signOff({
            ...ref,
            verdict: 'approve',
            rationale: '',
          })
        case 2:
          return (await world.as('member@nissan.example')).proposal.raiseConcern({
            ...ref,
            title: `Concern ${i}`,
            rationale: 'Raised in a race.',
            grounds: { kind: 'other', text: 'The tender terms' },
            resolvesWhen: 'An answer in the thread',
          })
        default:
          return (await world.as('lead@nissan.example')).proposal.reject({
            ...ref,
            rationale: 'Rejected in a race.',
          })
      }
    })
    const results = await Promise.allSettled(calls)
    const codes = results.map(codeOf)
    expect(codes.filter((c) => c === 'ok')).toHaveLength(1)
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(19)
    const after = await fingerprint(world.db, id)
    expect(after.version).toBe(before.version + 1)
    // Exactly one of the changes happened.
    const changed =
      after.signoffs - before.signoffs + (after.concerns - before.concerns) + after.decisions
    expect(changed).toBe(1)
    const { result } = await verifyLedger(world.db)
    expect(result.ok).toBe(true)
  })

  it('takes 20 simultaneous reviews and sign-offs to exactly one decision, losing no update', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'software.lead@honda.example',
      type: 'amendment',
      title: 'Add a North America market note',
      workstream: 'WS-SW',
      reviewers: REVIEWERS,
      amendment: {
        changes: [
          {
            op: 'add',
            kind: 'market',
            code: 'MKT-9',
            title: 'Mexico',
            statement: 'The cooperation may apply to the Mexican market.',
          },
        ],
      },
    })
    const ledgerBefore = (await ledgerRows(world.db)).length
    const outcomes: { who: string; what: string; attempts: number }[] = []

    /** One person's attempt, retried on CONFLICT with the version they then load, as a client would. */
    async function persist(
      who: string,
      what: 'review' | 'sign_off',
    ): Promise<{ who: string; what: string; attempts: number }> {
      const caller = await world.as(who)
      for (let attempt = 1; attempt <= 400; attempt++) {
        const seen = await caller.proposal.get({ proposalId: id })
        try {
          if (what === 'review') {
            await caller.proposal.review({
              proposalId: id,
              expectedVersion: seen.version,
              verdict: 'approve',
              comment: `Approved by ${who}`,
            })
          } else {
            await caller.proposal.signOff({
              proposalId: id,
              expectedVersion: seen.version,
              verdict: 'approve',
              rationale: '',
            })
          }
          return { who, what: `${what}: ok`, attempts: attempt }
        } catch (error) {
          if (!(error instanceof TRPCError)) throw error
          if (error.code === 'CONFLICT') continue
          // A sign-off before the reviews are complete: wait for them, as a lead would.
          if (error.code === 'BAD_REQUEST' && what === 'sign_off' && seen.state === 'in_review') {
            await new Promise((r) => setTimeout(r, 5))
            continue
          }
          return { who, what: `${what}: ${error.code} ${error.message}`, attempts: attempt }
        }
      }
      return { who, what: `${what}: gave up`, attempts: 400 }
    }

    // Each reviewer three times, each lead four times: twenty callers at once.
    const calls = [
      ...REVIEWERS.flatMap((who) => [0, 1, 2].map(() => persist(who, 'review'))),
      ...SIGNERS.flatMap((who) => [0, 1, 2, 3].map(() => persist(who, 'sign_off'))),
    ]
    expect(calls).toHaveLength(20)
    outcomes.push(...(await Promise.all(calls)))

    const p = await fingerprint(world.db, id)
    expect(p.state).toBe('approved')
    expect(p.decisions).toBe(1)
    const decisions = await world.db
      .selectFrom('decisions')
      .select(['id', 'number'])
      .where('proposal_id', '=', id)
      .execute()
    expect(decisions).toHaveLength(1)

    // Every review that succeeded is there (none lost), and the reviews counted before sign-off.
    const okReviews = outcomes.filter((o) => o.what === 'review: ok').length
    expect(okReviews).toBe(p.reviews)
    expect(okReviews).toBeGreaterThanOrEqual(4)
    // Each party signed exactly once; the other sign-off attempts were refused, not lost.
    const signoffs = await world.db
      .selectFrom('signoffs')
      .select(['party', 'verdict'])
      .where('proposal_id', '=', id)
      .execute()
    expect(signoffs.map((s) => s.party).sort()).toEqual(['HONDA', 'NISSAN'])
    expect(outcomes.filter((o) => o.what === 'sign_off: ok')).toHaveLength(2)
    for (const o of outcomes.filter(
      (x) => x.what.startsWith('sign_off') && x.what !== 'sign_off: ok',
    ))
      expect(o.what).toMatch(/sign_off: BAD_REQUEST .*(already signed off|is approved)/)

    // The ledger holds one event per change, in one unbroken chain.
    const events = (await ledgerRows(world.db)).slice(ledgerBefore)
    const count = (action: string) => events.filter((e) => e.action === action).length
    expect(count('review.recorded')).toBe(okReviews)
    expect(count('signoff.recorded')).toBe(2)
    expect(count('proposal.ready_for_signoff')).toBe(1)
    expect(count('proposal.approved')).toBe(1)
    expect(count('decision.issued')).toBe(1)
    expect(count('charter.amended')).toBe(1)
    const charter = await (await world.as('lead@honda.example')).charter.get({
      partnershipId: world.partnershipId,
    })
    expect(charter.version).toBe(2)
    expect(charter.items.market.filter((m) => m.code === 'MKT-9')).toHaveLength(1)
    const { result, rows } = await verifyLedger(world.db)
    expect(result).toMatchObject({ ok: true, headSeq: rows.length })
  })

  it('lets only one of simultaneous revisions through', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      impacts: impacts(ix),
    })
    const author = await world.as('member@honda.example')
    const seen = await author.proposal.get({ proposalId: id })
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        author.proposal.revise({
          proposalId: id,
          expectedVersion: seen.version,
          note: `Edit ${i}`,
          content: { ...seen.revision, body: `Body ${i}` },
        }),
      ),
    )
    expect(results.map(codeOf).sort()).toEqual(['ok', ...Array(7).fill('CONFLICT')].sort())
    const after = await author.proposal.get({ proposalId: id })
    expect(after.currentRevision).toBe(2)
    expect(after.revisions).toHaveLength(2)
  })
})
