import { writeTransaction } from '../../db/connect'
import { changePasswordInput, loginInput, reauthInput } from '../../shared/schemas/auth'
import { appendEvent } from '../audit/ledger'
import { changePassword, endOtherSessions, listSessions } from '../auth/account'
import { login } from '../auth/login'
import { clearedSessionCookie, endSession, sessionCookie } from '../auth/session'
import { actorOf, loadSessionUser, type SessionUser } from '../domain/users'
import { authedProcedure, publicProcedure, router } from '../trpc'

function me(user: SessionUser) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    partyCode: user.partyCode,
    locale: user.locale,
    roles: user.roles,
  }
}

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const policy = { idleMs: ctx.config.sessionIdleMs, absoluteMs: ctx.config.sessionAbsoluteMs }
    const session = await login(ctx.db, policy, input, {
      ip: ctx.ip,
      userAgent: ctx.userAgent,
      previousSessionId: ctx.sessionId,
    })
    ctx.resHeaders.append(
      'set-cookie',
      sessionCookie(session.token, {
        secure: ctx.secure,
        maxAgeSeconds: Math.floor(ctx.config.sessionAbsoluteMs / 1000),
      }),
    )
    const user = await loadSessionUser(ctx.db, session.userId)
    if (!user) throw new Error('a user who just signed in could not be loaded')
    return { user: me(user), expiresAt: session.expiresAt }
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    await writeTransaction(ctx.db, async (trx) => {
      await endSession(trx, ctx.sessionId)
      await appendEvent(trx, actorOf(ctx.user), {
        partnershipId: null,
        action: 'session.ended',
        entityType: 'user',
        entityId: ctx.user.id,
        after: { reason: 'logout' },
      })
    })
    ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.secure))
    return { ok: true as const }
  }),

  me: authedProcedure.query(({ ctx }) => me(ctx.user)),

  /** The signed-in person's sessions, the current one marked. */
  sessions: authedProcedure.query(({ ctx }) => listSessions(ctx.db, ctx.user, ctx.sessionId)),

  /** Ends every other session of the signed-in person; asks for the password again. */
  endOtherSessions: authedProcedure
    .input(reauthInput)
    .mutation(({ ctx, input }) =>
      endOtherSessions(ctx.db, ctx.user, ctx.sessionId, input, { ip: ctx.ip }),
    ),

  /** Needs the current password; ends the other sessions unless told not to. */
  changePassword: authedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) =>
      changePassword(ctx.db, ctx.user, ctx.sessionId, input, { ip: ctx.ip }),
    ),
})
