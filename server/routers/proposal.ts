import { CREATE } from '../../shared/lifecycle'
import { partnershipScope } from '../../shared/schemas/common'
import {
  proposalAssignReviewersInput,
  proposalCreateInput,
  proposalDiffInput,
  proposalListInput,
  proposalRaiseConcernInput,
  proposalRecuseInput,
  proposalRef,
  proposalRejectInput,
  proposalResolveConcernInput,
  proposalReviewInput,
  proposalReviseInput,
  proposalSignOffInput,
  proposalUpdateDraftInput,
  proposalVersioned,
  proposalWithdrawInput,
} from '../../shared/schemas/proposal'
import { raiseConcern, resolveConcern } from '../domain/proposals/concerns'
import { diffRevisions } from '../domain/proposals/diff'
import {
  createProposal,
  reviseProposal,
  submitProposal,
  updateDraft,
  withdrawProposal,
} from '../domain/proposals/drafting'
import {
  escalatedProposals,
  escalateProposal,
  reopenProposal,
} from '../domain/proposals/escalation'
import { listProposals } from '../domain/proposals/list'
import { recuse } from '../domain/proposals/recuse'
import { assignReviewers, reviewProposal } from '../domain/proposals/review'
import { rejectProposal, signOff } from '../domain/proposals/signoff'
import { getProposal } from '../domain/proposals/views'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

// Who may do what to a proposal is the lifecycle table (shared/lifecycle.ts), enforced in
// server/domain/proposals/ (transition.ts, access.ts); these procedures only require a signed-in
// caller, and filing the roles that may file.
export const proposalRouter = router({
  list: partnershipProcedure()
    .input(proposalListInput)
    .query(({ ctx, input }) => listProposals(ctx.db, ctx.user, input)),
  get: authedProcedure
    .input(proposalRef)
    .query(({ ctx, input }) => getProposal(ctx.db, ctx.user, input.proposalId)),
  diff: authedProcedure
    .input(proposalDiffInput)
    .query(({ ctx, input }) => diffRevisions(ctx.db, ctx.user, input)),

  create: partnershipProcedure(...CREATE.who)
    .input(proposalCreateInput)
    .mutation(({ ctx, input }) => createProposal(ctx.db, ctx.user, input)),
  updateDraft: authedProcedure
    .input(proposalUpdateDraftInput)
    .mutation(({ ctx, input }) => updateDraft(ctx.db, ctx.user, input)),
  assignReviewers: authedProcedure
    .input(proposalAssignReviewersInput)
    .mutation(({ ctx, input }) => assignReviewers(ctx.db, ctx.user, input)),
  submit: authedProcedure
    .input(proposalVersioned)
    .mutation(({ ctx, input }) => submitProposal(ctx.db, ctx.user, input)),
  revise: authedProcedure
    .input(proposalReviseInput)
    .mutation(({ ctx, input }) => reviseProposal(ctx.db, ctx.user, input)),
  withdraw: authedProcedure
    .input(proposalWithdrawInput)
    .mutation(({ ctx, input }) => withdrawProposal(ctx.db, ctx.user, input)),
  review: authedProcedure
    .input(proposalReviewInput)
    .mutation(({ ctx, input }) => reviewProposal(ctx.db, ctx.user, input)),
  raiseConcern: authedProcedure
    .input(proposalRaiseConcernInput)
    .mutation(({ ctx, input }) => raiseConcern(ctx.db, ctx.user, input)),
  resolveConcern: authedProcedure
    .input(proposalResolveConcernInput)
    .mutation(({ ctx, input }) => resolveConcern(ctx.db, ctx, input)),
  signOff: authedProcedure
    .input(proposalSignOffInput)
    .mutation(({ ctx, input }) => signOff(ctx.db, ctx, input)),
  reject: authedProcedure
    .input(proposalRejectInput)
    .mutation(({ ctx, input }) => rejectProposal(ctx.db, ctx, input)),
  recuse: authedProcedure
    .input(proposalRecuseInput)
    .mutation(({ ctx, input }) => recuse(ctx.db, ctx.user, input)),
  // the escalation ladder (ADR 0032)
  escalate: authedProcedure
    .input(proposalVersioned)
    .mutation(({ ctx, input }) => escalateProposal(ctx.db, ctx.user, input)),
  reopen: authedProcedure
    .input(proposalReviseInput)
    .mutation(({ ctx, input }) => reopenProposal(ctx.db, ctx.user, input)),
  escalated: partnershipProcedure()
    .input(partnershipScope)
    .query(({ ctx, input }) => escalatedProposals(ctx.db, input.partnershipId, ctx.user)),
})
