import { z } from 'zod'

export const id = z.uuid({ error: 'must be an id (a UUID)' })

/**
 * One key per form a person fills in: a create retried with the same key returns the first
 * result instead of making a second one (server/domain/idempotency.ts).
 */
export const idempotencyKey = z
  .string()
  .trim()
  .min(8, { error: 'must be at least 8 characters' })
  .max(100, { error: 'must be at most 100 characters' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'may hold only letters, digits, - and _' })
  .nullish()

export const partnershipScope = z.object({ partnershipId: id })

/** Keyset pagination: `cursor` is opaque, taken from the previous page's `nextCursor`. */
export const page = {
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
}

export const shortText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)

/**
 * Why a string cannot be stored and hashed as it is, or null when it can: a NUL character
 * (PostgreSQL text cannot hold one) or a lone UTF-16 surrogate (not Unicode: it cannot be
 * encoded as UTF-8, so it would be stored as U+FFFD while the ledger hashed the escape, and no
 * RFC 8785 verifier could canonicalize the event).
 */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain a NUL character'
  if (/\p{Cs}/u.test(value)) return 'must be valid Unicode text (it holds a lone surrogate)'
  return null
}
