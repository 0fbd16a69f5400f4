import { z } from 'zod'
import { parseCode } from '../codes'
import { id, page } from './common'

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 hexadecimal digits (a SHA-256)')

/** A checkpoint as audit.checkpoints hands it out, and as a party saves it. */
export const checkpointSchema = z.object({
  number: z.number().int().min(1),
  seq: z.number().int().min(1),
  headHash: hex64,
  ts: z.string().max(40),
  prevCheckpointHash: hex64,
  keyId: hex64,
  hash: hex64,
  signature: z.string().max(200),
})

const isoTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-05-01T00:00:00Z' })
  .transform((value) => new Date(value).toISOString())

/** The filters audit.list and the exports share. */
export const auditFilters = z
  .object({
    entityType: z.string().trim().min(1).max(64).nullish(),
    entityId: z.string().trim().min(1).max(200).nullish(),
    actorId: id.nullish(),
    /** The acting person's party code, or `none` for the system and people of no party. */
    party: z
      .string()
      .trim()
      .regex(/^([A-Z][A-Z0-9_]{1,31}|none)$/, 'must be a party code such as HONDA, or none')
      .nullish(),
    action: z
      .string()
      .trim()
      .regex(/^[a-z_]+\.[a-z_]+$/, 'must be an action such as proposal.submitted')
      .nullish(),
    /** From this time on (inclusive). */
    from: isoTime.nullish(),
    /** Before this time (exclusive). */
    to: isoTime.nullish(),
    order: z.enum(['newest', 'oldest']).default('newest'),
  })
  // A code (P-2, D-7, WS-BAT) says what it names; an id needs its type.
  .refine((f) => !f.entityId || f.entityType || parseCode(f.entityId) !== null, {
    message: 'entityType is needed with entityId',
    path: ['entityType'],
  })

export type AuditFilters = z.infer<typeof auditFilters>

export const auditListInput = auditFilters.and(z.object({ ...page }))

export const auditExportInput = auditFilters.and(
  z.object({ format: z.enum(['jsonl', 'csv']).default('jsonl') }),
)

export const auditTimelineInput = z.object({
  entityType: z.string().trim().min(1).max(64),
  entityId: z.string().trim().min(1).max(200),
  ...page,
})

export const auditEventsInput = z.object({
  /** Events after this sequence number; 0 to start from the first. */
  afterSeq: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(500),
})

export const auditVerifyInput = z.object({
  /** A checkpoint saved earlier that today's chain must still hold. */
  checkpoint: checkpointSchema.nullish(),
})

export const verifyCheckpointInput = z.object({ checkpoint: checkpointSchema })
