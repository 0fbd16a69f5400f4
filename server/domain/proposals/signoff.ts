/**
 * Sign-off: each party's eligible lead approves the current revision or rejects the proposal.
 * When every party has signed, `transition` approves it and issues the decision, together.
 */
import { type Db, type Trx, writeTransaction } from '../../../db/connect'
import type { Proposal, SignoffTable } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { DomainError } from '../../../shared/errors'
import type { SignerAuthentication } from '../../../shared/ledger-events'
import { meetsConditions, type ProposalState } from '../../../shared/lifecycle'
import { requireFreshAuthentication } from '../../auth/fresh'
import { delegationsInForce, delegatorFacts } from '../people/delegations'
import type { SessionUser } from '../users'
import { actorOf } from '../users'
import { actingParty, loadProposal } from './access'
import { proposalEvent } from './events'
import { onCurrentRevision } from './revision'
import { signedParties } from './tally'
import { type Step, transition } from './transition'

type InForce = Awaited<ReturnType<typeof delegationsInForce>>[number]

/**
 * `act` of transition.ts, for the two signing actions: in one's own right, or (with `onBehalfOf`)
 * as the delegate of a lead whose delegation is in force now. Then the lifecycle's one rule is
 * asked with the delegator's facts (`RelationFacts.delegator`): the delegator's power, and
 * neither of the two the author.
 */
function actAs<R>(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; onBehalfOf?: string },
  action: 'sign_off' | 'reject',
  apply: (ctx: {
    trx: Trx
    p: Proposal
    to: ProposalState
    delegation?: InForce
  }) => Promise<Step<R>>,
) {
  return writeTransaction(db, async (trx) => {
    const p = await loadProposal(trx, user, input.proposalId)
    let delegation: InForce | undefined
    if (input.onBehalfOf !== undefined) {
      const inForce = await delegationsInForce(trx, user.id, p.partnership_id)
      delegation = inForce.find((d) => d.delegator_id === input.onBehalfOf)
      if (!delegation) {
        throw new DomainError(
          'FORBIDDEN',
          'No delegation lets you sign for this person now: it may have ended, been revoked, or not been approved yet.',
          { field: 'onBehalfOf', rule: { name: 'delegationNotInForce' } },
        )
      }
    }
    return transition(trx, user, p, action, {
      expectedVersion: input.expectedVersion,
      delegator: delegation ? await delegatorFacts(trx, delegation, p) : undefined,
      apply: (to) => apply({ trx, p, to, delegation }),
    })
  })
}

/**
 * Records a sign-off with how its signer authenticated. Binding a party needs a fresh sign-in
 * (REAUTH_REQUIRED otherwise); asked only after the table allowed the act, so a refusal stays a
 * refusal.
 */
async function recordSignoff(
  trx: Trx,
  signer: Signer,
  p: Proposal,
  verdict: 'approve' | 'reject',
  rationale: string,
  delegation?: InForce,
) {
  const { user } = signer
  const authentication = await requireFreshAuthentication(trx, signer.sessionId)
  const row = { ...onCurrentRevision(p), signer_id: user.id, party: actingParty(user) }
  const onBehalfOf = delegation
    ? { id: delegation.delegator_id, name: delegation.delegatorName, delegationId: delegation.id }
    : undefined
  await trx
    .insertInto('signoffs')
    .values({
      ...row,
      verdict,
      rationale,
      auth_method: authentication.method,
      auth_at: authentication.at,
      auth_issuer: authentication.issuer,
      auth_amr: authentication.amr ? JSON.stringify(authentication.amr) : null,
      auth_acr: authentication.acr,
      on_behalf_of: onBehalfOf?.id ?? null,
    })
    .execute()
  await proposalEvent(trx, actorOf(user), p, {
    action: 'signoff.recorded',
    after: {
      signoffId: row.id,
      revision: row.revision,
      party: row.party,
      verdict,
      rationale,
      authentication,
      ...(onBehalfOf ? { onBehalfOf } : {}),
    },
  })
  return row.party
}

/** How a sign-off's signer authenticated, as recorded with it (null: signed before it was kept). */
export function authenticationOf(
  s: Pick<SignoffTable, 'auth_method' | 'auth_at' | 'auth_issuer' | 'auth_amr' | 'auth_acr'>,
): SignerAuthentication | null {
  if (s.auth_method !== 'password' && s.auth_method !== 'oidc') return null
  const amr: unknown = s.auth_amr ? JSON.parse(s.auth_amr) : null
  return {
    method: s.auth_method,
    at: s.auth_at ?? '',
    issuer: s.auth_issuer,
    amr: Array.isArray(amr) ? amr.filter((x): x is string => typeof x === 'string') : null,
    acr: s.auth_acr,
  }
}

/** Who signs, and the session they sign in (its last authentication must be fresh). */
export interface Signer {
  user: SessionUser
  sessionId: string
}

/** The one reject path: a signer's rejection closes the proposal. */
export async function rejectProposal(
  db: Db,
  signer: Signer,
  input: { proposalId: string; expectedVersion: number; rationale: string; onBehalfOf?: string },
) {
  const { user } = signer
  if (!input.rationale) {
    throw new DomainError('VALIDATION', 'rationale: a rejection needs a rationale.', {
      field: 'rationale',
    })
  }
  const { next } = await actAs(db, user, input, 'reject', async ({ trx, p, to, delegation }) => {
    const party = await recordSignoff(trx, signer, p, 'reject', input.rationale, delegation)
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
  signer: Signer,
  input: {
    proposalId: string
    expectedVersion: number
    verdict: 'approve' | 'reject'
    rationale: string
    /** sign as a delegate for this lead (ADR 0030); absent: in one's own right */
    onBehalfOf?: string
  },
) {
  if (input.verdict === 'reject') return rejectProposal(db, signer, input)
  const { user } = signer
  const { next, decisionId } = await actAs(
    db,
    user,
    input,
    'sign_off',
    async ({ trx, p, delegation }) => {
      const party = actingParty(user)
      if (!meetsConditions('sign_off', { partySigned: (await signedParties(trx, p)).has(party) })) {
        throw new DomainError(
          'INVALID_TRANSITION',
          `${party} has already signed off revision ${p.current_revision} of ${proposalCode(p)}.`,
        )
      }
      await recordSignoff(trx, signer, p, 'approve', input.rationale, delegation)
      return { result: null }
    },
  )
  return { version: next.version, state: next.state, decisionId }
}
