import {
  createUserInput,
  endSessionsInput,
  listUsersInput,
  requestAdmissionInput,
  setRolesInput,
  setWorkstreamPersonInput,
  userIdInput,
} from '../../shared/schemas/admin'
import { adminEndSessions } from '../auth/account'
import {
  adminCreateUser,
  adminListUsers,
  adminSetUserStatus,
  adminSetWorkstreamPerson,
} from '../domain/people/accounts'
import { requestAdmission } from '../domain/people/admissions'
import { requestRoles } from '../domain/people/roles'
import { adminProcedure, partnershipProcedure, router } from '../trpc'

/** An admin administers the people of their own party only (server/domain/people/scope.ts). */
export const adminRouter = router({
  listUsers: adminProcedure
    .input(listUsersInput)
    .query(({ ctx, input }) => adminListUsers(ctx.db, ctx.user, input)),

  createUser: adminProcedure
    .input(createUserInput)
    .mutation(({ ctx, input }) => adminCreateUser(ctx.db, ctx.user, input)),

  disableUser: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    await adminSetUserStatus(ctx.db, ctx.user, input.userId, 'disabled')
    return { ok: true as const }
  }),

  enableUser: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    await adminSetUserStatus(ctx.db, ctx.user, input.userId, 'active')
    return { ok: true as const }
  }),

  /**
   * Replaces the person's roles in one partnership (that partnership's admins only): member at
   * once, power roles pending until a second person of the party confirms (people.confirmGrant).
   */
  setRoles: partnershipProcedure('admin')
    .input(setRolesInput)
    .mutation(async ({ ctx, input }) => {
      const result = await requestRoles(ctx.db, ctx.user, input)
      return { ok: true as const, ...result }
    }),

  setWorkstreamPerson: adminProcedure
    .input(setWorkstreamPersonInput)
    .mutation(async ({ ctx, input }) => {
      await adminSetWorkstreamPerson(ctx.db, ctx.user, input)
      return { ok: true as const }
    }),

  /** Signs one person of the admin's party out everywhere, or all of the party but the admin. */
  endSessions: adminProcedure
    .input(endSessionsInput)
    .mutation(({ ctx, input }) => adminEndSessions(ctx.db, ctx.user, ctx.sessionId, input.userId)),

  /** Asks to admit an external auditor; the other parties approve through people.approveAdmission. */
  requestAuditorAdmission: partnershipProcedure('admin')
    .input(requestAdmissionInput)
    .mutation(({ ctx, input }) => requestAdmission(ctx.db, ctx.user, input)),
})
