/** Which proposals name which charter items (the current revision's `charterItemIds`). */
import type { Executor, Trx } from '../../../db/connect'

export async function setCharterLinks(trx: Trx, proposalId: string, itemIds: string[]) {
  await trx.deleteFrom('proposal_charter_links').where('proposal_id', '=', proposalId).execute()
  if (itemIds.length > 0) {
    await trx
      .insertInto('proposal_charter_links')
      .values(itemIds.map((charter_item_id) => ({ proposal_id: proposalId, charter_item_id })))
      .execute()
  }
}

/** The proposals linked to a charter item, as a subquery for `where(id, 'in', ...)`. */
export function proposalsLinkedTo(db: Executor, itemId: string) {
  return db
    .selectFrom('proposal_charter_links')
    .select('proposal_id')
    .where('charter_item_id', '=', itemId)
}
