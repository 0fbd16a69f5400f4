/**
 * The ledger append's share of a write (issue 16: "the same transaction with ÷ without the
 * ledger append ≤ 1.3×"). One write transaction adds a comment to a proposal (its row, and what
 * the triggers keep: the search index); the same transaction again with the comment's ledger
 * event appended as every mutation does (head read, sealing, the Merkle tree). Interleaved, on
 * one database, medians.
 *
 *   npx tsx bench/writes.ts              SQLite (and PostgreSQL when DATABASE_URL is set)
 */
import { randomUUID } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { writeTransaction } from '../db/connect'
import { appendRawEvent } from '../server/audit/ledger'
import { freshWorld, seedTo } from './search'

const median = (times: number[]) => {
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] as number
}

export async function benchLedgerAppend(
  kind: 'sqlite' | 'postgres',
  runs = 300,
): Promise<{ withMs: number; withoutMs: number; ratio: number }> {
  const world = await freshWorld(kind)
  try {
    await seedTo(world, 1000)
    const proposal = await world.db
      .selectFrom('proposals')
      .select('id')
      .where('submitted_at', 'is not', null)
      .limit(1)
      .executeTakeFirstOrThrow()
    const actor = { userId: world.authorId, partyCode: 'HONDA' }
    const write = (withEvent: boolean) =>
      writeTransaction(world.db, async (trx) => {
        const id = randomUUID()
        const body = `A comment on the tender, ${id}.`
        await trx
          .insertInto('comments')
          .values({
            id,
            proposal_id: proposal.id,
            revision: 1,
            author_id: world.authorId,
            party: 'HONDA',
            visibility: 'joint',
            body,
            created_at: new Date().toISOString(),
          })
          .execute()
        if (withEvent) {
          await appendRawEvent(trx, actor, {
            partnershipId: world.partnershipId,
            action: 'comment.added',
            entityType: 'comment',
            entityId: id,
            after: { proposalId: proposal.id, visibility: 'joint', body },
          })
        }
      })
    for (let i = 0; i < 20; i++) await write(i % 2 === 0)
    const withTimes: number[] = []
    const withoutTimes: number[] = []
    for (let i = 0; i < runs; i++) {
      for (const withEvent of i % 2 === 0 ? [true, false] : [false, true]) {
        const started = performance.now()
        await write(withEvent)
        ;(withEvent ? withTimes : withoutTimes).push(performance.now() - started)
      }
    }
    const withMs = median(withTimes)
    const withoutMs = median(withoutTimes)
    console.log(
      `[${kind}] write transaction with the ledger append ${withMs.toFixed(3)} ms, without ${withoutMs.toFixed(3)} ms (median of ${runs} each, interleaved)`,
    )
    return { withMs, withoutMs, ratio: withMs / withoutMs }
  } finally {
    await world.close()
  }
}

async function main() {
  await benchLedgerAppend('sqlite')
  if (process.env.DATABASE_URL) await benchLedgerAppend('postgres')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
