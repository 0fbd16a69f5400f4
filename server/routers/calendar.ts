import {
  calendarInput,
  calendarSetInput,
  shutdownDayRemoveInput,
  shutdownDaySetInput,
} from '../../shared/schemas/calendar'
import { proposalRef } from '../../shared/schemas/proposal'
import { partyCalendar, removeShutdown, setCalendar, setShutdownDay } from '../domain/calendar'
import { proposalClocks } from '../domain/clocks'
import { authedProcedure, partnershipProcedure, router } from '../trpc'

/**
 * The admin's own party's calendar (server/domain/calendar.ts): its shutdown days count as days
 * off for that party's reminders and business days, never for the other party's.
 */
const partyAdmin = partnershipProcedure('admin')

export const calendarRouter = router({
  get: partyAdmin.input(calendarInput).query(({ ctx }) => partyCalendar(ctx.db, ctx.user)),
  set: partyAdmin
    .input(calendarSetInput)
    .mutation(({ ctx, input }) => setCalendar(ctx.db, ctx.user, input)),
  setShutdownDay: partyAdmin
    .input(shutdownDaySetInput)
    .mutation(({ ctx, input }) => setShutdownDay(ctx.db, ctx.user, input)),
  removeShutdownDay: partyAdmin
    .input(shutdownDayRemoveInput)
    .mutation(({ ctx, input }) => removeShutdown(ctx.db, ctx.user, input)),
  /** Each party's clock on a proposal, for anyone who may read it (server/domain/clocks.ts). */
  clocks: authedProcedure
    .input(proposalRef)
    .query(({ ctx, input }) => proposalClocks(ctx.db, ctx.user, input)),
})
