/**
 * The escalation ladder (ADR 0032): escalating a deadlocked proposal, the end of a rung's
 * cooling-off (taken by the reminder worker when its day has ended everywhere), reopening by the
 * steering committee, and the list of escalated proposals for the steering committee's agenda.
 * The rules are shared/escalation.ts and the lifecycle table (`escalate`, `reopen`).
 */
import type { Db, Executor, Trx } from '../../../db/connect'
import type { Proposal } from '../../../db/schema'
import { proposalCode } from '../../../shared/codes'
import { earliestDecideBy } from '../../../shared/decide-by'
import { DomainError } from '../../../shared/errors'
import {
  type CalendarOf,
  coolingOffEnd,
  type EscalationProcedure,
  type EscalationStanding,
  escalationProcedure,
  type LadderStep,
  nextRung,
  overdueOnAll,
  parseStanding,
} from '../../../shared/escalation'
import { meetsConditions, type ProposalState } from '../../../shared/lifecycle'
import type { ProposalContent } from '../../../shared/schemas/proposal'
import { SYSTEM_ACTOR } from '../../audit/ledger'
import { loadPartyCalendar } from '../../notify/calendar'
import { cancelReminders, scheduleReminder } from '../../notify/outbox'
import { setCharterLinks } from '../charter/links'
import { partiesOf } from '../partnerships'
import type { SessionUser } from '../users'
import { canSee, visibleTo } from './access'
import { refusePastDecideBy } from './content'
import { contentFields, judge } from './drafting'
import { proposalEvent } from './events'
import { tellLadder } from './notices'
import { revisionRow } from './revision'
import { act } from './transition'

/** The reminder the worker takes when a rung's cooling-off has ended everywhere. */
export const COOLING_OFF_REMINDER = 'escalation.cooling_off_ended'

/** The charter's escalation ladder: its active `procedure` item (the first by code), or null. */
export async function activeProcedure(
  db: Executor,
  partnershipId: string,
): Promise<{ id: string; code: string; procedure: EscalationProcedure } | null> {
  const row = await db
    .selectFrom('charter_items')
    .select(['id', 'code', 'procedure'])
    .where('partnership_id', '=', partnershipId)
    .where('kind', '=', 'procedure')
    .where('status', '=', 'active')
    .orderBy('code')
    .executeTakeFirst()
  if (!row?.procedure) return null
  const parsed = escalationProcedure.safeParse(JSON.parse(row.procedure))
  return parsed.success ? { id: row.id, code: row.code, procedure: parsed.data } : null
}

/** Every party's calendar in the partnership (country holidays and shutdown days). */
export async function calendarsOf(db: Executor, partnershipId: string): Promise<CalendarOf[]> {
  const parties = await partiesOf(db, [partnershipId])
  return Promise.all(
    parties.map(async (x) => ({ party: x.code, calendar: await loadPartyCalendar(db, x.id) })),
  )
}

/** The date that has begun everywhere (as decide-by counts it, shared/decide-by.ts). */
const todayEverywhere = (now: Date) => earliestDecideBy(now)

/**
 * Whether this proposal is deadlocked so that it may be escalated now, and how: a rejection, or
 * overdue by the ladder's business days on every party's calendar; with a rung left to climb.
 */
export async function deadlockOf(
  db: Executor,
  p: Proposal,
  now = new Date(),
): Promise<{ cause: 'rejection' | 'overdue'; step: number; rung: LadderStep } | null> {
  if (p.submitted_at === null) return null // a party's private draft never escalates
  // What needs no reading first: only a rejection, or an open proposal past its date, can be
  // deadlocked (the overdue rule below says no to anything else without its calendars).
  const open = p.state === 'in_review' || p.state === 'awaiting_signoff'
  if (p.state !== 'rejected' && !open) return null
  if (open && (p.decide_by === null || todayEverywhere(now) <= p.decide_by)) return null
  const ladder = await activeProcedure(db, p.partnership_id)
  if (!ladder) return null
  const standing = parseStanding(p.escalation)
  const step = nextRung(standing ?? ladder.procedure, standing)
  const rung = step === null ? undefined : (standing?.steps ?? ladder.procedure.steps)[step]
  if (step === null || !rung) return null
  if (p.state === 'rejected') return { cause: 'rejection', step, rung }
  if (p.state !== 'in_review' && p.state !== 'awaiting_signoff') return null
  const calendars = await calendarsOf(db, p.partnership_id)
  const overdue = overdueOnAll(
    p.decide_by,
    todayEverywhere(now),
    ladder.procedure.overdueBusinessDays,
    calendars,
  )
  return overdue ? { cause: 'overdue', step, rung } : null
}

/** Schedules the end of cooling-off: the day after its last day, once that day began everywhere (12:00 UTC). */
async function scheduleCoolingOffEnd(trx: Trx, p: Proposal, until: string) {
  const dueAt = new Date(`${until}T12:00:00.000Z`)
  dueAt.setUTCDate(dueAt.getUTCDate() + 1)
  await scheduleReminder(trx, {
    kind: COOLING_OFF_REMINDER,
    partnershipId: p.partnership_id,
    proposalId: p.id,
    partyId: null,
    dueAt,
  })
}

/** A partnership lead takes a deadlocked proposal to the next rung of the ladder. */
export async function escalateProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number },
  now = new Date(),
) {
  const { next } = await act(db, user, input, 'escalate', async ({ trx, p, to }) => {
    const deadlock = await deadlockOf(trx, p, now)
    if (!meetsConditions('escalate', { partySigned: false, notDeadlocked: deadlock === null })) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `${proposalCode(p)} cannot be escalated: the charter has no escalation ladder, or the proposal is not deadlocked (rejected, or overdue on both parties' calendars by the ladder's business days), or it has climbed every rung.`,
        { rule: { name: 'notDeadlocked' } },
      )
    }
    const ladder = await activeProcedure(trx, p.partnership_id)
    if (!ladder || !deadlock) throw new Error('unreachable: deadlocked without a ladder')
    const before = parseStanding(p.escalation)
    const steps = before?.steps ?? ladder.procedure.steps
    const rung = steps[deadlock.step]
    if (!rung) throw new Error(`no rung ${deadlock.step} on the ladder`)
    const escalatedOn = now.toISOString().slice(0, 10)
    const cooling = coolingOffEnd(
      escalatedOn,
      rung.coolingOffBusinessDays,
      await calendarsOf(trx, p.partnership_id),
    )
    const standing: EscalationStanding = {
      procedureItemId: before?.procedureItemId ?? ladder.id,
      procedureCode: before?.procedureCode ?? ladder.code,
      steps,
      step: deadlock.step,
      cause: deadlock.cause,
      escalatedOn,
      coolingOffUntil: cooling.until,
      coolingOffByParty: cooling.byParty,
      coolingOffEnded: false,
      reopenedOn: null,
    }
    await scheduleCoolingOffEnd(trx, p, cooling.until)
    return {
      changes: { escalation: JSON.stringify(standing) },
      event: {
        action: 'proposal.escalated',
        before: { state: p.state, step: before?.step ?? null },
        after: {
          state: to,
          step: standing.step,
          body: rung.body,
          cause: deadlock.cause,
          procedureItemId: standing.procedureItemId,
          procedureCode: standing.procedureCode,
          escalatedOn,
          coolingOffUntil: cooling.until,
          coolingOffByParty: cooling.byParty,
        },
      },
      result: standing,
    }
  })
  return { version: next.version, state: next.state, escalation: parseStanding(next.escalation) }
}

/**
 * The steering committee reopens an escalated proposal as a new revision: back to review, where
 * both parties' reviewers judge it again. The ladder's cooling-off reminder is cancelled.
 */
export async function reopenProposal(
  db: Db,
  user: SessionUser,
  input: { proposalId: string; expectedVersion: number; content: ProposalContent; note: string },
  now = new Date(),
) {
  const { next, result } = await act(db, user, input, 'reopen', async ({ trx, p, to }) => {
    const standing = parseStanding(p.escalation)
    if (!standing) throw new Error(`${proposalCode(p)} is escalated without a standing`)
    const number = p.current_revision + 1
    const charterVersion = p.charter_version ?? 1
    const judged = await judge(trx, p, input.content, charterVersion)
    refusePastDecideBy(input.content, p.decide_by)
    await trx
      .insertInto('proposal_revisions')
      .values(revisionRow(p.id, number, input.content, user.id, input.note))
      .execute()
    await setCharterLinks(trx, p.id, input.content.charterItemIds)
    await cancelReminders(trx, p.id, [COOLING_OFF_REMINDER])
    const reopened: EscalationStanding = {
      ...standing,
      reopenedOn: now.toISOString().slice(0, 10),
    }
    return {
      changes: {
        current_revision: number,
        ...contentFields(input.content),
        ...judged,
        closed_at: null,
        escalation: JSON.stringify(reopened),
      },
      event: {
        action: 'proposal.reopened',
        before: { state: p.state, revision: p.current_revision, step: standing.step },
        after: { state: to, revision: number, note: input.note, content: input.content },
      },
      result: number,
    }
  })
  return { version: next.version, revision: result, state: next.state }
}

/**
 * The worker's step when a rung's cooling-off reminder falls due: if the proposal is still on
 * that rung and the cooling-off's last day has ended everywhere, records its end and climbs to
 * the next rung (its own cooling-off, its own reminder), or stays at the last. Anything else
 * (reopened, withdrawn, moved) does nothing.
 */
export async function endCoolingOff(trx: Trx, proposalId: string, now = new Date()) {
  const p = await trx
    .selectFrom('proposals')
    .selectAll()
    .where('id', '=', proposalId)
    .executeTakeFirst()
  if (p?.state !== 'escalated') return null
  const standing = parseStanding(p.escalation)
  if (!standing || standing.coolingOffEnded || standing.reopenedOn !== null) return null
  if (standing.coolingOffUntil >= todayEverywhere(now)) return null
  const rung = standing.steps[standing.step]
  if (!rung) return null
  const nextStep = standing.step + 1 < standing.steps.length ? standing.step + 1 : null
  await proposalEvent(trx, SYSTEM_ACTOR, p, {
    action: 'proposal.cooling_off_ended',
    after: {
      step: standing.step,
      body: rung.body,
      coolingOffUntil: standing.coolingOffUntil,
      nextStep,
    },
  })
  let next: EscalationStanding = { ...standing, coolingOffEnded: true }
  const climbed = nextStep === null ? undefined : standing.steps[nextStep]
  if (nextStep !== null && climbed) {
    const escalatedOn = now.toISOString().slice(0, 10)
    const cooling = coolingOffEnd(
      escalatedOn,
      climbed.coolingOffBusinessDays,
      await calendarsOf(trx, p.partnership_id),
    )
    next = {
      ...standing,
      step: nextStep,
      cause: 'cooling_off_ended',
      escalatedOn,
      coolingOffUntil: cooling.until,
      coolingOffByParty: cooling.byParty,
      coolingOffEnded: false,
    }
    await proposalEvent(trx, SYSTEM_ACTOR, p, {
      action: 'proposal.escalated',
      before: { state: p.state, step: standing.step },
      after: {
        state: p.state,
        step: nextStep,
        body: climbed.body,
        cause: 'cooling_off_ended',
        procedureItemId: standing.procedureItemId,
        procedureCode: standing.procedureCode,
        escalatedOn,
        coolingOffUntil: cooling.until,
        coolingOffByParty: cooling.byParty,
      },
    })
    await scheduleCoolingOffEnd(trx, p, cooling.until)
  }
  const updated: Proposal = { ...p, escalation: JSON.stringify(next), version: p.version + 1 }
  await trx
    .updateTable('proposals')
    .set({
      escalation: updated.escalation,
      version: updated.version,
      updated_at: now.toISOString(),
    })
    .where('id', '=', p.id)
    .execute()
  if (nextStep !== null)
    await tellLadder(
      trx,
      updated,
      'proposal.escalated',
      null,
      { body: climbed?.body, coolingOffUntil: next.coolingOffUntil },
      now,
    )
  return next
}

/** Where a proposal stands on the ladder, as the proposal page shows it (null: never escalated). */
export function escalationView(p: Pick<Proposal, 'escalation' | 'state'>, now = new Date()) {
  const standing = parseStanding(p.escalation)
  if (!standing) return null
  const rung = standing.steps[standing.step]
  if (!rung) return null
  return {
    ...standing,
    body: rung.body,
    coolingOffBusinessDays: rung.coolingOffBusinessDays,
    /** the proposal is on the ladder now (not reopened since) */
    current: p.state === 'escalated',
    coolingOffOver: standing.coolingOffEnded || standing.coolingOffUntil < todayEverywhere(now),
    nextBody: standing.steps[standing.step + 1]?.body ?? null,
  }
}
export type EscalationView = NonNullable<ReturnType<typeof escalationView>>

/**
 * The escalated proposals of a partnership, as `viewer` may see them: for the steering
 * committee's agenda. Only submitted proposals are ever escalated, so nothing private appears;
 * `canSee` still decides, as everywhere. Oldest escalation first.
 */
export async function escalatedProposals(db: Executor, partnershipId: string, viewer: SessionUser) {
  const rows = await db
    .selectFrom('proposals as p')
    .selectAll('p')
    .where('p.partnership_id', '=', partnershipId)
    .where('p.state', '=', 'escalated' satisfies ProposalState)
    .where(visibleTo(viewer.partyCode))
    .execute()
  const now = new Date()
  return rows
    .filter((p) => canSee(viewer, p))
    .flatMap((p) => {
      // A stored ladder that no longer reads (hand-edited, or its rung gone) is left out, not a 500.
      const view = escalationView(p, now)
      if (!view) return []
      return {
        id: p.id,
        code: proposalCode(p),
        title: p.title,
        revision: p.current_revision,
        authorParty: p.author_party,
        decideBy: p.decide_by,
        body: view.body,
        step: view.step,
        cause: view.cause,
        escalatedOn: view.escalatedOn,
        coolingOffUntil: view.coolingOffUntil,
        coolingOffOver: view.coolingOffOver,
        procedureCode: view.procedureCode,
      }
    })
    .sort((a, b) => a.escalatedOn.localeCompare(b.escalatedOn) || a.code.localeCompare(b.code))
}
