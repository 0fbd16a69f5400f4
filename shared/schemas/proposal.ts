import { z } from 'zod'
import { CHARTER_KINDS } from '../charter'
import { escalationProcedure } from '../escalation'
import { PROPOSAL_STATES } from '../lifecycle'
import { REVIEW_POSITIONS } from '../positions'
import { id, idempotencyKey, page, partnershipScope, shortText } from './common'
import { concernGroundsInput } from './concern-grounds'

export const isoDate = z.iso.date({ error: 'must be a date like 2027-03-31' })

const expectedVersion = z.number().int().min(1).max(1_000_000_000)

export const screeningTermsInput = z.object({
  en: z.array(shortText(80)).max(50),
  ja: z.array(shortText(80)).max(50),
})

export const impactInput = z.object({
  itemId: id,
  impact: z.enum(['none', 'touches']),
  explanation: z.string().trim().max(4000).default(''),
})

export const amendmentChange = z.discriminatedUnion('op', [
  z
    .object({
      op: z.literal('add'),
      kind: z.enum(CHARTER_KINDS),
      code: z
        .string()
        .trim()
        .regex(/^[A-Z]{2,8}-[0-9]{1,4}$/, 'must be a code such as ST-2'),
      // English, Japanese or both: each of title and statement in at least one (ADR 0023).
      title: shortText(200).optional(),
      statement: shortText(4000).optional(),
      titleJa: shortText(200).optional(),
      statementJa: shortText(4000).optional(),
      screeningTerms: screeningTermsInput.default({ en: [], ja: [] }),
      // a `procedure` item's escalation ladder (ADR 0032)
      procedure: escalationProcedure.optional(),
    })
    .refine((c) => (c.kind === 'procedure') === (c.procedure !== undefined), {
      path: ['procedure'],
      message: 'a procedure item states its escalation ladder, and only a procedure item does',
      params: { rule: 'procedureLadder' },
    })
    .refine((c) => c.title !== undefined || c.titleJa !== undefined, {
      path: ['title'],
      message: 'must be written in English or Japanese',
      params: { rule: 'eitherLanguage' },
    })
    .refine((c) => c.statement !== undefined || c.statementJa !== undefined, {
      path: ['statement'],
      message: 'must be written in English or Japanese',
      params: { rule: 'eitherLanguage' },
    }),
  z.object({
    op: z.literal('change'),
    itemId: id,
    title: shortText(200).optional(),
    statement: shortText(4000).optional(),
    titleJa: shortText(200).optional(),
    statementJa: shortText(4000).optional(),
    screeningTerms: screeningTermsInput.optional(),
    // a new escalation ladder for a `procedure` item (ADR 0032)
    procedure: escalationProcedure.optional(),
  }),
  z.object({ op: z.literal('retire'), itemId: id }),
])
export type AmendmentChange = z.infer<typeof amendmentChange>

export const amendmentInput = z.object({ changes: z.array(amendmentChange).min(1).max(20) })

/** What an author writes: the content of a draft or of a new revision. */
export const proposalContent = z.object({
  title: shortText(200),
  body: z.string().max(50_000, 'must be at most 50,000 characters').default(''),
  workstreamId: id.nullable().default(null),
  charterItemIds: z.array(id).max(50).default([]),
  impacts: z.array(impactInput).max(50).default([]),
  supersedes: z.array(id).max(20).default([]),
  amendment: amendmentInput.nullable().default(null),
  decideBy: isoDate.nullable().default(null),
})
export type ProposalContent = z.infer<typeof proposalContent>

export const proposalCreateInput = partnershipScope.extend({
  type: z.enum(['decision', 'amendment']),
  content: proposalContent,
  idempotencyKey,
})

export const proposalRef = z.object({ proposalId: id })
export const proposalVersioned = proposalRef.extend({ expectedVersion })

export const proposalUpdateDraftInput = proposalVersioned.extend({ content: proposalContent })
export const proposalReviseInput = proposalVersioned.extend({
  content: proposalContent,
  note: z.string().trim().max(2000).default(''),
})
export const proposalAssignReviewersInput = proposalVersioned.extend({
  reviewerIds: z.array(id).max(20),
})
export const proposalReviewInput = proposalVersioned.extend({
  /** a position (shared/positions.ts); which are offered is the proposal's policy */
  verdict: z.enum(REVIEW_POSITIONS),
  comment: z.string().trim().max(10_000).default(''),
})
/** Stepping aside from a proposal for a conflict of interest (ADR 0029). */
export const proposalRecuseInput = proposalVersioned.extend({ reason: shortText(10_000) })
export const proposalRaiseConcernInput = proposalVersioned.extend({
  title: shortText(200),
  rationale: shortText(10_000),
  grounds: concernGroundsInput,
  resolvesWhen: shortText(2000),
})
export const proposalResolveConcernInput = proposalVersioned.extend({
  concernId: id,
  resolution: shortText(10_000),
})
export const proposalSignOffInput = proposalVersioned.extend({
  verdict: z.enum(['approve', 'reject']),
  rationale: z.string().trim().max(10_000).default(''),
  /** sign as a delegate for this lead (ADR 0030) */
  onBehalfOf: id.optional(),
})
export const proposalRejectInput = proposalVersioned.extend({
  rationale: shortText(10_000),
  onBehalfOf: id.optional(),
})
export const proposalWithdrawInput = proposalVersioned.extend({
  reason: z.string().trim().max(2000).default(''),
})

export const proposalDiffInput = proposalRef.extend({
  from: z.number().int().min(1),
  to: z.number().int().min(1),
})

export const proposalListInput = partnershipScope.extend({
  ...page,
  state: z.enum(PROPOSAL_STATES).nullish(),
  workstreamId: id.nullish(),
  party: z.string().trim().max(32).nullish(),
  authorId: id.nullish(),
  charterItemId: id.nullish(),
  overdue: z.boolean().nullish(),
  query: z.string().trim().max(200).nullish(),
})

export const commentAddInput = proposalRef.extend({
  body: shortText(20_000),
  visibility: z.enum(['joint', 'internal']),
  idempotencyKey,
})

export const decisionListInput = partnershipScope.extend({
  ...page,
  status: z.enum(['active', 'superseded']).nullish(),
  workstreamId: id.nullish(),
  charterItemId: id.nullish(),
})
export const decisionRef = z.object({ decisionId: id })
/** The register's filters apply to its export too. */
export const decisionExportInput = partnershipScope.extend({
  format: z.enum(['csv', 'json']),
  status: z.enum(['active', 'superseded']).nullish(),
  workstreamId: id.nullish(),
  charterItemId: id.nullish(),
})
