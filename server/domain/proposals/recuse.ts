/**
 * Recusal (issue 14, ADR 0029): a reviewer or eligible signer steps aside from a proposal for a
 * conflict of interest, with the reason on the record. From then on they are out of the counts
 * and can no longer review, sign off or reject it (shared/lifecycle.ts `isRecused`).
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../../../db/connect'
import { DomainError } from '../../../shared/errors'
import { recordTimeNow } from '../../clock'
import type { SessionUser } from '../users'
import { actingParty } from './access'
import { act } from './transition'

export async function recuse(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; reason: string },
) {
  if (!input.reason.trim()) {
    throw new DomainError('VALIDATION', 'reason: say what the conflict of interest is.', {
      field: 'reason',
      rule: { name: 'required' },
    })
  }
  const { next, result } = await act(db, user, input, 'recuse', async ({ trx, p }) => {
    const row = {
      id: randomUUID(),
      proposal_id: p.id,
      user_id: user.id,
      party: actingParty(user),
      revision: p.current_revision,
      reason: input.reason,
      created_at: recordTimeNow(),
    }
    await trx.insertInto('recusals').values(row).execute()
    return {
      event: {
        action: 'review.recused',
        before: null,
        after: {
          recusalId: row.id,
          revision: row.revision,
          party: row.party,
          reason: input.reason,
        },
      },
      result: row.id,
    }
  })
  return { recusalId: result, version: next.version, state: next.state }
}
