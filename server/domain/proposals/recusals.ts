/**
 * Who is recused from a proposal (issue 14, ADR 0029): read by the tally, the waits facts, the
 * relations and the views. The verb is recuse.ts.
 */
import type { Executor } from '../../../db/connect'
/** The people recused from a proposal. */
export async function recusedOn(db: Executor, proposalId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('recusals')
    .select('user_id')
    .where('proposal_id', '=', proposalId)
    .execute()
  return new Set(rows.map((r) => r.user_id))
}

/** The people recused from each of these proposals. */
export async function recusalsOf(db: Executor, proposalIds: readonly string[]) {
  if (proposalIds.length === 0) return []
  return db
    .selectFrom('recusals')
    .selectAll()
    .where('proposal_id', 'in', [...proposalIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}
