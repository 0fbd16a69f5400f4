/**
 * The history of power roles (role_grants): who asked, who confirmed, since when, until when.
 * memberships hold the roles in force; this table says how each power role got there, for the
 * roster every participant reads (docs/decisions/0010-party-governance.md).
 */
import { randomUUID } from 'node:crypto'
import type { Trx } from '../../../db/connect'
import { isPowerRole, type Role } from '../../../shared/roles'
import { type Actor, appendEvent } from '../../audit/ledger'

/** Keeps role_grants in step with a change of memberships made at once (not through a request). */
export async function recordGrantChanges(
  trx: Trx,
  actor: Actor,
  change: {
    partnershipId: string
    userId: string
    before: readonly Role[]
    after: readonly Role[]
    source: 'operator' | 'provider' | 'admin'
  },
): Promise<void> {
  const now = new Date().toISOString()
  const added = change.after.filter((r) => isPowerRole(r) && !change.before.includes(r))
  const removed = change.before.filter((r) => isPowerRole(r) && !change.after.includes(r))
  for (const role of added) {
    // Anything still waiting for this role is moot now.
    await trx
      .updateTable('role_grants')
      .set({ status: 'cancelled', ended_by: actor.userId, ended_at: now })
      .where('partnership_id', '=', change.partnershipId)
      .where('user_id', '=', change.userId)
      .where('role', '=', role)
      .where('status', '=', 'pending')
      .execute()
    await trx
      .insertInto('role_grants')
      .values({
        id: randomUUID(),
        partnership_id: change.partnershipId,
        user_id: change.userId,
        role,
        status: 'active',
        source: change.source,
        requested_by: actor.userId,
        requested_at: now,
        confirmed_by: null,
        confirmed_at: now,
        ended_by: null,
        ended_at: null,
      })
      .execute()
  }
  for (const role of removed) {
    await trx
      .updateTable('role_grants')
      .set({ status: 'revoked', ended_by: actor.userId, ended_at: now })
      .where('partnership_id', '=', change.partnershipId)
      .where('user_id', '=', change.userId)
      .where('role', '=', role)
      .where('status', '=', 'active')
      .execute()
    await appendEvent(trx, actor, {
      partnershipId: change.partnershipId,
      action: 'grant.revoked',
      entityType: 'user',
      entityId: change.userId,
      after: { role, source: change.source },
    })
  }
}
