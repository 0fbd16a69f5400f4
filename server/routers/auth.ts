import { writeTransaction } from '../../db/connect'
import { loginInput } from '../../shared/schemas/auth'
import { appendEvent } from '../audit/ledger'
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
})
