import { z } from 'zod'

export const id = z.uuid({ error: 'must be an id (a UUID)' })

export const partnershipScope = z.object({ partnershipId: id })

/** Keyset pagination: `cursor` is opaque, taken from the previous page's `nextCursor`. */
export const page = {
  cursor: z.string().max(500).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
}

export const shortText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)
