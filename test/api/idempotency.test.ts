/**
 * A create retried with the same idempotency key (a double click, a retry after a lost answer)
 * makes one thing and answers with it again (issue 11, item 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  type DemoIndex,
  demoIndex,
  impacts,
  ledgerRows,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

describe.each(DATABASE_KINDS)('idempotent creates (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
  })
  afterAll(() => world?.destroy())

  const input = (title: string, idempotencyKey: string) => ({
    partnershipId: world.partnershipId,
    type: 'decision' as const,
    idempotencyKey,
    content: {
      title,
      body: '',
      workstreamId: ix.workstream('WS-BAT'),
      charterItemIds: [],
      impacts: impacts(ix),
      supersedes: [],
      amendment: null,
      decideBy: null,
    },
  })
  const count = async (table: 'proposals' | 'comments') =>
    Number(
      (
        await world.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('a proposal created twice at once with one key is made once', async () => {
    const member = await world.as('member@honda.example')
    const proposalsBefore = await count('proposals')
    const eventsBefore = (await ledgerRows(world.db)).length
    const [a, b] = await Promise.all([
      member.proposal.create(input('Tender for LFP cells', 'form-key-0001')),
      member.proposal.create(input('Tender for LFP cells', 'form-key-0001')),
    ])
    expect(b).toEqual(a)
    const again = await member.proposal.create(input('Tender for LFP cells', 'form-key-0001'))
    expect(again).toEqual(a)
    expect(await count('proposals')).toBe(proposalsBefore + 1)
    const events = (await ledgerRows(world.db)).slice(eventsBefore)
    expect(events.map((e) => e.action)).toEqual(['proposal.created'])
  })

  it('a key is one request: another request with it is refused, changing nothing', async () => {
    const member = await world.as('member@honda.example')
    await member.proposal.create(input('First use', 'form-key-0002'))
    const before = await count('proposals')
    const refused = await refusal(member.proposal.create(input('Something else', 'form-key-0002')))
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toContain('idempotencyKey')
    expect(await count('proposals')).toBe(before)
  })

  it('keys are per person: the same key from someone else makes their own proposal', async () => {
    const honda = await world.as('member@honda.example')
    const nissan = await world.as('member@nissan.example')
    const a = await honda.proposal.create(input('Shared key, Honda', 'form-key-0003'))
    const b = await nissan.proposal.create(input('Shared key, Honda', 'form-key-0003'))
    expect(b.id).not.toBe(a.id)
  })

  it('a comment posted twice with one key is posted once; without a key, twice', async () => {
    const member = await world.as('member@honda.example')
    const { id } = await member.proposal.create(input('Commented', 'form-key-0004'))
    const before = await count('comments')
    const comment = {
      proposalId: id,
      body: 'Let us ask CATL too.',
      visibility: 'internal' as const,
      idempotencyKey: 'comment-key-0001',
    }
    const [a, b] = await Promise.all([member.comment.add(comment), member.comment.add(comment)])
    expect(b).toEqual(a)
    expect(await count('comments')).toBe(before + 1)
    const { idempotencyKey: _, ...withoutKey } = comment
    await member.comment.add(withoutKey)
    await member.comment.add(withoutKey)
    expect(await count('comments')).toBe(before + 3)
  })
})
