/**
 * Sign-off: each party's eligible lead approves the current revision or rejects the proposal.
 * When every party has signed, `transition` approves it and issues the decision, together.
 */
import type { Db, Trx } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import type { SessionUser } from '../users'
import { actorOf } from '../users'
import { actingParty } from './access'
import { proposalEvent } from './events'
import { onCurrentRevision } from './revision'
import { signedParties } from './tally'
import { act } from './transition'

async function recordSignoff(
  trx: Trx,
  user: SessionUser,
  p: Proposal,
  verdict: 'approve' | 'reject',
  rationale: string,
) {
  const row = { ...onCurrentRevision(p), signer_id: user.id, party: actingParty(user) }
  await trx
    .insertInto('signoffs')
    .values({ ...row, verdict, rationale })
    .execute()
  await proposalEvent(trx, actorOf(user), p, {
    action: 'signoff.recorded',
    after: { signoffId: row.id, revision: row.revision, party: row.party, verdict, rationale },
  })
  return row.party
}

/** The one reject path: a signer's rejection closes the proposal. */
export async function rejectProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; rationale: string },
) {
  if (!input.rationale) {
    throw new DomainError('VALIDATION', 'rationale: a rejection needs a rationale.', {
      field: 'rationale',
    })
  }
  const { next } = await act(db, user, input, 'reject', async ({ trx, p, to }) => {
    const party = await recordSignoff(trx, user, p, 'reject', input.rationale)
    return {
      event: {
        action: 'proposal.rejected',
        before: { state: p.state },
        after: { state: to, party, rationale: input.rationale },
      },
      result: null,
    }
  })
  return { version: next.version, state: next.state, decisionId: null }
}

export async function signOff(
  db: Db,
  user: SessionUser,
  input: {
    proposalId: string
    expectedVersion: number
    verdict: 'approve' | 'reject'
    rationale: string
  },
) {
  if (input.verdict === 'reject') return rejectProposal(db, user, input)
  const { next, decisionId } = await act(db, user, input, 'sign_off', async ({ trx, p }) => {
    const party = actingParty(user)
    if ((await signedParties(trx, p)).has(party)) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `${party} has already signed off revision ${p.current_revision} of ${proposalCode(p)}.`,
      )
    }
    await recordSignoff(trx, user, p, 'approve', input.rationale)
    return { result: null }
  })
  return { version: next.version, state: next.state, decisionId }
}
