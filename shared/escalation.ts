/**
 * The escalation ladder (ADR 0032): a charter item of kind `procedure` says what happens when the
 * parties deadlock. The rules of climbing it live here, for the server and the browser alike.
 *
 * - A deadlock is one party's rejection, or a proposal still open `overdueBusinessDays` business
 *   days after its decide-by date on BOTH parties' calendars.
 * - On a deadlock a partnership lead (of either party) may escalate: the proposal goes to the
 *   first rung (`steps[0]`, e.g. the steering committee) and a cooling-off period starts.
 * - Cooling-off lasts `coolingOffBusinessDays` business days on each party's own calendar; it
 *   ends on the LATER of the two ends, so each party has its full number of working days (a
 *   Japanese holiday extends it for both).
 * - When a rung's cooling-off ends without the proposal being reopened, it climbs to the next
 *   rung (e.g. the executives); at the last rung it stays there.
 * - The steering committee (the partnership leads of both parties) may reopen an escalated
 *   proposal with a new revision: back to review. Should it deadlock again, it may be escalated
 *   to the rung after the one that reopened it; each rung is climbed once, and with none left a
 *   rejection is final.
 */
import { z } from 'zod'
import { addBusinessDays, businessDaysBetween, type PartyCalendar } from './business-days'

export const ESCALATION_BODIES = ['steering_committee', 'executives'] as const
export type EscalationBody = (typeof ESCALATION_BODIES)[number]

/** What moves a proposal onto a rung: the first by a deadlock, each next one by the end of the previous rung's cooling-off. */
export const ESCALATION_TRIGGERS = ['deadlock', 'cooling_off_ended'] as const
export type EscalationTrigger = (typeof ESCALATION_TRIGGERS)[number]

export const ladderStep = z.object({
  trigger: z.enum(ESCALATION_TRIGGERS),
  body: z.enum(ESCALATION_BODIES),
  coolingOffBusinessDays: z.number().int().min(0).max(60),
})
export type LadderStep = z.infer<typeof ladderStep>

/** The structured part of a `procedure` charter item. */
export const escalationProcedure = z
  .object({
    /** A proposal still open this many business days after decide-by (on both calendars) is deadlocked. */
    overdueBusinessDays: z.number().int().min(1).max(60),
    steps: z.array(ladderStep).min(1).max(5),
  })
  .refine(
    (p) => p.steps.every((s, i) => s.trigger === (i === 0 ? 'deadlock' : 'cooling_off_ended')),
    {
      path: ['steps'],
      message: 'the first step is triggered by a deadlock, each next one by the end of cooling-off',
      params: { rule: 'ladderOrder' },
    },
  )
  .refine((p) => new Set(p.steps.map((s) => s.body)).size === p.steps.length, {
    path: ['steps'],
    message: 'each body is a rung of the ladder once',
    params: { rule: 'ladderOrder' },
  })
export type EscalationProcedure = z.infer<typeof escalationProcedure>

/** Where an escalated (or once escalated) proposal stands on the ladder; stored with the proposal. */
export interface EscalationStanding {
  /** the procedure charter item and the ladder as it was when the proposal was first escalated */
  procedureItemId: string
  procedureCode: string
  steps: LadderStep[]
  /** index into steps: the rung the proposal is on (or was on, when reopened) */
  step: number
  /** how the proposal reached this rung */
  cause: 'rejection' | 'overdue' | 'cooling_off_ended'
  /** YYYY-MM-DD the proposal reached this rung */
  escalatedOn: string
  /** YYYY-MM-DD: the last day of cooling-off (the later of the two parties' ends) */
  coolingOffUntil: string
  /** the day each party's cooling-off ends, on its own calendar */
  coolingOffByParty: Record<string, string>
  /** set once cooling-off ended at the last rung (nothing to climb to) */
  coolingOffEnded: boolean
  /** YYYY-MM-DD the steering committee reopened it, when it did */
  reopenedOn: string | null
}

export interface CalendarOf {
  party: string
  calendar: PartyCalendar
}

/**
 * The end of a cooling-off of `days` business days starting on `from` (the day of escalation
 * does not count), on each party's calendar, and the later of the ends: the one that counts.
 */
export function coolingOffEnd(
  from: string,
  days: number,
  calendars: readonly CalendarOf[],
): { until: string; byParty: Record<string, string> } {
  const byParty: Record<string, string> = {}
  let until = from
  for (const { party, calendar } of calendars) {
    const end = days === 0 ? from : addBusinessDays(from, days, calendar)
    byParty[party] = end
    if (end > until) until = end
  }
  return { until, byParty }
}

/**
 * Overdue by at least `n` business days on every party's calendar: `today` is counted against
 * the decide-by date on each, and the smallest count must reach n.
 */
export function overdueOnAll(
  decideBy: string | null,
  today: string,
  n: number,
  calendars: readonly CalendarOf[],
): boolean {
  if (decideBy === null || today <= decideBy) return false
  return calendars.every(({ calendar }) => businessDaysBetween(decideBy, today, calendar) >= n)
}

/** The rung a new escalation goes to: the first, or the one after the rung that reopened it; null when none is left. */
export function nextRung(
  procedure: Pick<EscalationProcedure, 'steps'>,
  standing: Pick<EscalationStanding, 'step'> | null,
): number | null {
  const next = standing === null ? 0 : standing.step + 1
  return next < procedure.steps.length ? next : null
}

/** Whether the cooling-off of the current rung has ended (`today` as the date ended everywhere). */
export function coolingOffOver(standing: EscalationStanding, today: string): boolean {
  return standing.coolingOffEnded || standing.coolingOffUntil < today
}

/** Reads the stored escalation column (JSON) or null. */
export function parseStanding(text: string | null | undefined): EscalationStanding | null {
  if (!text) return null
  return JSON.parse(text) as EscalationStanding
}
