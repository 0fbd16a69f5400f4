import { writeTransaction } from '../../db/connect'
import {
  createUserInput,
  endSessionsInput,
  listUsersInput,
  setRolesInput,
  setWorkstreamPersonInput,
  userIdInput,
} from '../../shared/schemas/admin'
import { adminEndSessions } from '../auth/account'
import { actorOf, createUser, listUsers, setRoles, setUserStatus } from '../domain/users'
import { setWorkstreamPerson } from '../domain/workstreams'
import { adminProcedure, partnershipProcedure, router } from '../trpc'

export const adminRouter = router({
  listUsers: adminProcedure
    .input(listUsersInput)
    .query(({ ctx, input }) => listUsers(ctx.db, input)),

  createUser: adminProcedure
    .input(createUserInput)
    .mutation(({ ctx, input }) =>
      writeTransaction(ctx.db, (trx) => createUser(trx, actorOf(ctx.user), input)),
    ),

  disableUser: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    await writeTransaction(ctx.db, (trx) =>
      setUserStatus(trx, actorOf(ctx.user), input.userId, 'disabled'),
    )
    return { ok: true as const }
  }),

  enableUser: adminProcedure.input(userIdInput).mutation(async ({ ctx, input }) => {
    await writeTransaction(ctx.db, (trx) =>
      setUserStatus(trx, actorOf(ctx.user), input.userId, 'active'),
    )
    return { ok: true as const }
  }),

  /** Replaces the user's roles in one partnership; only that partnership's admins may. */
  setRoles: partnershipProcedure('admin')
    .input(setRolesInput)
    .mutation(async ({ ctx, input }) => {
      await writeTransaction(ctx.db, (trx) => setRoles(trx, actorOf(ctx.user), input))
      return { ok: true as const }
    }),

  setWorkstreamPerson: adminProcedure
    .input(setWorkstreamPersonInput)
    .mutation(async ({ ctx, input }) => {
      await writeTransaction(ctx.db, (trx) =>
        setWorkstreamPerson(trx, actorOf(ctx.user), ctx.user, input),
      )
      return { ok: true as const }
    }),

  /** Signs one person out everywhere, or everyone but the admin (ASVS V7.4.5). */
  endSessions: adminProcedure
    .input(endSessionsInput)
    .mutation(({ ctx, input }) => adminEndSessions(ctx.db, ctx.user, ctx.sessionId, input.userId)),
})
