/**
 * When a decision is final (docs/ledger-spec.md §8.2): a checkpoint of the partnership's tree that
 * includes the decision's `decision.issued` event carries a cosignature from a witness of every
 * party of the partnership. Answered with a handful of indexed reads (the event, its leaf, the
 * cosignatures of checkpoints after it), never by walking the history.
 */
import type { Executor } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import { leafOf } from '../../audit/tree'

export interface DecisionFinality {
  /** The decision's `decision.issued` event and its place in the tree. */
  event: { seq: number; leafIndex: number } | null
  /** The smallest checkpoint every party's witness cosigned that includes the event. */
  witnessed: { size: number; cosignedAt: string; parties: string[] } | null
  /** Whether any signed checkpoint includes the event yet (without it no witness can vouch). */
  checkpointed: boolean
  /** Parties whose witness has not cosigned a checkpoint that includes the event. */
  waitingOn: string[]
  /** Parties that have no witness registered for the tree at all. */
  noWitness: string[]
}

export async function issuedEventOf(db: Executor, decisionId: string) {
  const row = await db
    .selectFrom('ledger_events')
    .select('seq')
    .where('entity_type', '=', 'decision')
    .where('entity_id', '=', decisionId)
    .where('action', '=', 'decision.issued')
    .executeTakeFirst()
  if (!row) return null
  const leaf = await leafOf(db, Number(row.seq))
  return leaf ? { seq: Number(row.seq), leafIndex: leaf.index, log: leaf.log } : null
}

export async function decisionFinality(
  db: Executor,
  decision: { id: string; partnershipId: string },
): Promise<DecisionFinality> {
  const [event, parties, witnesses] = await Promise.all([
    issuedEventOf(db, decision.id),
    db
      .selectFrom('partnership_parties as pp')
      .innerJoin('parties as p', 'p.id', 'pp.party_id')
      .select('p.code')
      .where('pp.partnership_id', '=', decision.partnershipId)
      .orderBy('p.code')
      .execute(),
    db
      .selectFrom('ledger_witnesses')
      .select(['vkey', 'party_code'])
      .where('log', '=', decision.partnershipId)
      .execute(),
  ])
  const codes = parties.map((p) => p.code)
  const noWitness = codes.filter((c) => !witnesses.some((w) => w.party_code === c))
  const none = { event: null, witnessed: null, checkpointed: false, waitingOn: codes, noWitness }
  if (!event || event.log !== decision.partnershipId) return none
  const log = decision.partnershipId
  const after = (size: number) => size > event.leafIndex
  const [covering, perParty] = await Promise.all([
    db
      .selectFrom('ledger_tree_checkpoints')
      .select('size')
      .where('log', '=', log)
      .where('size', '>', event.leafIndex)
      .limit(1)
      .executeTakeFirst(),
    // Per party, the first checkpoint after the event that its witness cosigned.
    db
      .selectFrom('ledger_cosignatures as c')
      .innerJoin('ledger_witnesses as w', (j) =>
        j.onRef('w.log', '=', 'c.log').onRef('w.vkey', '=', 'c.witness'),
      )
      .select(['w.party_code', (eb) => eb.fn.min('c.size').as('size')])
      .where('c.log', '=', log)
      .where('c.size', '>', event.leafIndex)
      .groupBy('w.party_code')
      .execute(),
  ])
  const cosigned = new Set(perParty.map((r) => r.party_code))
  const waitingOn = codes.filter((c) => !cosigned.has(c))
  const result = {
    event: { seq: event.seq, leafIndex: event.leafIndex },
    witnessed: null,
    checkpointed: covering !== undefined,
    waitingOn,
    noWitness,
  }
  if (waitingOn.length > 0 || codes.length === 0) return result
  // Every party cosigned some checkpoint after the event; the same one is what makes it final.
  const full = await db
    .selectFrom('ledger_cosignatures as c')
    .innerJoin('ledger_witnesses as w', (j) =>
      j.onRef('w.log', '=', 'c.log').onRef('w.vkey', '=', 'c.witness'),
    )
    .select(['c.size', (eb) => eb.fn.max('c.timestamp').as('timestamp')])
    .where('c.log', '=', log)
    .where('c.size', '>', event.leafIndex)
    .where('w.party_code', 'in', codes)
    .groupBy('c.size')
    .having((eb) => eb.fn.count('w.party_code').distinct(), '=', codes.length)
    .orderBy('c.size')
    .limit(1)
    .executeTakeFirst()
  if (!full || !after(Number(full.size))) {
    // Each cosigned a different checkpoint: what is missing is on the newest one.
    const top = await db
      .selectFrom('ledger_cosignatures')
      .select((eb) => eb.fn.max('size').as('size'))
      .where('log', '=', log)
      .executeTakeFirst()
    const newest = Number(top?.size ?? 0)
    const on = await db
      .selectFrom('ledger_cosignatures as c')
      .innerJoin('ledger_witnesses as w', (j) =>
        j.onRef('w.log', '=', 'c.log').onRef('w.vkey', '=', 'c.witness'),
      )
      .select('w.party_code')
      .where('c.log', '=', log)
      .where('c.size', '=', newest)
      .execute()
    const signed = new Set(on.map((r) => r.party_code))
    return { ...result, waitingOn: codes.filter((c) => !signed.has(c)) }
  }
  return {
    ...result,
    witnessed: {
      size: Number(full.size),
      cosignedAt: new Date(Number(full.timestamp) * 1000).toISOString(),
      parties: codes,
    },
  }
}

/** decision.finality: for a member of the decision's partnership, as decision.get answers. */
export async function finalityOf(db: Executor, partnershipIds: string[], decisionId: string) {
  const row = await db
    .selectFrom('decisions')
    .select(['id', 'partnership_id'])
    .where('id', '=', decisionId)
    .executeTakeFirst()
  if (!row || !partnershipIds.includes(row.partnership_id))
    throw new DomainError('NOT_FOUND', 'No such decision.', { field: 'decisionId' })
  return decisionFinality(db, { id: row.id, partnershipId: row.partnership_id })
}
