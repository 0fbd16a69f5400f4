/**
 * Concerns: any participant may raise one, which sends the proposal back to review until resolved.
 * A concern is raised on a revision but belongs to the proposal: a later revision does not close
 * it, it stays open (and blocking) until its raiser, or a partnership lead of their party, resolves
 * it (ADR 0031). It states its grounds and what would resolve it (./concern-grounds.ts).
 */
import type { Db, Trx } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { DomainError } from '../../../shared/errors'
import type { ConcernGroundsInput } from '../../../shared/schemas/concern-grounds'
import { requireFreshAuthentication } from '../../auth/fresh'
import { recordTimeNow } from '../../clock'
import type { SessionUser } from '../users'
import { actingParty } from './access'
import { checkGrounds } from './concern-grounds'
import { onCurrentRevision } from './revision'
import type { Signer } from './signoff'
import { act, type Step } from './transition'

export async function raiseConcern(
  db: Db,
  user: SessionUser,
  input: {
    proposalId: string
    expectedVersion: number
    title: string
    rationale: string
    grounds: ConcernGroundsInput
    resolvesWhen: string
  },
) {
  const { next, result } = await act(db, user, input, 'raise_concern', async ({ trx, p, to }) => {
    const row = { ...onCurrentRevision(p), raised_by: user.id, party: actingParty(user) }
    const grounds = await checkGrounds(trx, p, input.grounds)
    await trx
      .insertInto('concerns')
      .values({
        ...row,
        title: input.title,
        rationale: input.rationale,
        status: 'open',
        resolved_by: null,
        resolution: null,
        override: 0,
        resolved_at: null,
        grounds_kind: grounds.kind,
        grounds_ref: grounds.ref,
        grounds_text: grounds.text,
        resolves_when: input.resolvesWhen,
        handed_over_at: null,
        handed_over_reason: null,
      })
      .execute()
    return {
      event: {
        action: 'concern.raised',
        before: { state: p.state },
        after: {
          concernId: row.id,
          title: input.title,
          rationale: input.rationale,
          state: to,
          grounds,
          resolvesWhen: input.resolvesWhen,
        },
      },
      result: row.id,
    }
  })
  return { concernId: result, version: next.version, state: next.state }
}

export async function resolveConcern(
  db: Db,
  signer: Signer,
  input: { proposalId: string; expectedVersion: number; concernId: string; resolution: string },
) {
  const { user } = signer
  let concern:
    | {
        id: string
        raised_by: string
        party: string
        status: string
        handed_over_at: string | null
      }
    | undefined
  // The concern decides who may resolve it: its raiser, or a partnership lead of their party.
  const concernOf = async (trx: Trx, p: Proposal) => {
    concern = await trx
      .selectFrom('concerns')
      .select(['id', 'raised_by', 'party', 'status', 'handed_over_at'])
      .where('id', '=', input.concernId)
      .where('proposal_id', '=', p.id)
      .executeTakeFirst()
    if (!concern) {
      throw new DomainError('NOT_FOUND', 'No such concern on this proposal.', {
        field: 'concernId',
      })
    }
    return { raisedBy: concern.raised_by, party: concern.party }
  }
  const resolve = async ({ trx }: { trx: Trx }): Promise<Step<boolean>> => {
    if (concern?.status !== 'open') {
      throw new DomainError('INVALID_TRANSITION', 'This concern is already resolved.', {
        field: 'concernId',
      })
    }
    // Resolving someone else's concern is a partnership lead's override, and says so; unless the
    // raiser left and the leads hold it now (ADR 0031): then resolving it is theirs, not an override.
    const heldByLeads = concern.handed_over_at !== null
    const byLead = concern.raised_by !== user.id
    const override = byLead && !heldByLeads
    // Either binds the lead's party: it needs a fresh sign-in, and says how it was made.
    const authentication = byLead
      ? await requireFreshAuthentication(trx, signer.sessionId)
      : undefined
    await trx
      .updateTable('concerns')
      .set({
        status: 'resolved',
        resolved_by: user.id,
        resolution: input.resolution,
        override: override ? 1 : 0,
        resolved_at: recordTimeNow(),
      })
      .where('id', '=', concern.id)
      .execute()
    return {
      event: {
        action: 'concern.resolved',
        before: { concernId: concern.id, status: 'open' },
        after: {
          concernId: concern.id,
          status: 'resolved',
          resolution: input.resolution,
          override,
          ...(heldByLeads ? { heldByLeads } : {}),
          ...(authentication ? { authentication } : {}),
        },
      },
      result: override,
    }
  }
  const { next, result } = await act(db, user, input, 'resolve_concern', resolve, concernOf)
  return { version: next.version, state: next.state, override: result }
}
