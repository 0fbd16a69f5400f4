import { admissionIdInput, grantIdInput } from '../../shared/schemas/admin'
import { delegationCreateInput, delegationIdInput } from '../../shared/schemas/delegation'
import { approveAdmission, pendingAdmissions } from '../domain/people/admissions'
import {
  approveDelegation,
  createDelegation,
  delegateCandidates,
  listDelegations,
  revokeDelegation,
} from '../domain/people/delegations'
import { cancelGrant, confirmGrant, pendingGrants } from '../domain/people/roles'
import { roster } from '../domain/people/roster'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

/** Who holds power in a partnership, and the second person's part in giving it. */
export const peopleRouter = router({
  /** Every participant: each party's holders of power roles, since when, asked and confirmed by. */
  roster: partnershipProcedure().query(({ ctx }) => roster(ctx.db, ctx.partnershipId)),

  /** Grants waiting for a second person, to people of the caller's party. */
  pendingGrants: partnershipProcedure('admin', 'partnership_lead').query(({ ctx }) =>
    pendingGrants(ctx.db, ctx.user, ctx.partnershipId),
  ),

  /** A second person of the grantee's party confirms; needs a fresh authentication. */
  confirmGrant: authedProcedure
    .input(grantIdInput)
    .mutation(({ ctx, input }) => confirmGrant(ctx.db, ctx.user, ctx.sessionId, input.grantId)),

  cancelGrant: authedProcedure
    .input(grantIdInput)
    .mutation(({ ctx, input }) => cancelGrant(ctx.db, ctx.user, input.grantId)),

  /** External auditors waiting for every party's approval. */
  admissions: partnershipProcedure('admin', 'partnership_lead').query(({ ctx }) =>
    pendingAdmissions(ctx.db, ctx.user, ctx.partnershipId),
  ),

  /** An admin or lead of a party that has not approved yet; needs a fresh authentication. */
  approveAdmission: authedProcedure
    .input(admissionIdInput)
    .mutation(({ ctx, input }) =>
      approveAdmission(ctx.db, ctx.user, ctx.sessionId, input.admissionId),
    ),

  // Delegation within a party (issue 14, ADR 0030)
  /** Every participant: every party's delegations, who may sign for whom and until when. */
  delegations: partnershipProcedure().query(({ ctx }) =>
    listDelegations(ctx.db, ctx.user, ctx.partnershipId),
  ),

  /** Leads: the people of their own party they may name as delegate. */
  delegateCandidates: partnershipProcedure('partnership_lead', 'workstream_lead').query(({ ctx }) =>
    delegateCandidates(ctx.db, ctx.user, ctx.partnershipId),
  ),

  /** A lead of the caller's own party asks to let a person of that party sign for them. */
  createDelegation: authedProcedure
    .input(delegationCreateInput)
    .mutation(({ ctx, input }) => createDelegation(ctx.db, ctx.user, input)),

  /** A second person of the party (admin or partnership lead); needs a fresh authentication. */
  approveDelegation: authedProcedure
    .input(delegationIdInput)
    .mutation(({ ctx, input }) =>
      approveDelegation(ctx.db, ctx.user, ctx.sessionId, input.delegationId),
    ),

  /** The delegating lead or an admin of the party: pending → cancelled, approved → revoked. */
  revokeDelegation: authedProcedure
    .input(delegationIdInput)
    .mutation(({ ctx, input }) => revokeDelegation(ctx.db, ctx.user, input.delegationId)),
})
