import { z } from 'zod'
import { id } from './common'

/** The party's own calendar: its shutdown days (and the public holidays it already counts). */
export const calendarInput = z.object({ partnershipId: id })

export const shutdownDaySetInput = z.object({
  partnershipId: id,
  /** YYYY-MM-DD, a day of the party's own calendar */
  date: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
  label: z.string().trim().min(1, 'must not be empty').max(80),
})

export const shutdownDayRemoveInput = z.object({
  partnershipId: id,
  date: z.iso.date({ error: 'must be a date as YYYY-MM-DD' }),
})

/** The party's country (its public holidays; null: weekends only) and time zone. */
export const calendarSetInput = z.object({
  partnershipId: id,
  country: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code such as JP')
    .nullable(),
  timeZone: z.string().trim().min(1).max(64),
})
