import {
  changePasswordInput,
  loginInput,
  reauthInput,
  setLanguageInput,
} from '../../shared/schemas/auth'
import {
  changePassword,
  endOtherSessions,
  listSessions,
  logout,
  reauthenticateByPassword,
  setLanguage,
} from '../auth/account'
import { sessionAuthentication } from '../auth/fresh'
import { login } from '../auth/login'
import { clearedSessionCookie, sessionCookie } from '../auth/session'
import { loadSessionUser, type SessionUser } from '../domain/users'
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
    return {
      user: { ...me(user), authentication: await sessionAuthentication(ctx.db, session.sessionId) },
      expiresAt: session.expiresAt,
    }
  }),

  logout: authedProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.db, ctx.user, ctx.sessionId)
    ctx.resHeaders.append('set-cookie', clearedSessionCookie(ctx.secure))
    return { ok: true as const }
  }),

  /** The signed-in person, and how their session last proved who they are. */
  me: authedProcedure.query(async ({ ctx }) => ({
    ...me(ctx.user),
    authentication: await sessionAuthentication(ctx.db, ctx.sessionId),
  })),

  /**
   * Proves again who one is, by password, before an act that needs a fresh authentication (the
   * REAUTH_REQUIRED refusal). People of a party that switched passwords off go through their
   * provider instead (GET /auth/oidc/reauth?next=<path>, server/auth/oidc-routes.ts).
   */
  reauthenticate: authedProcedure
    .input(reauthInput)
    .mutation(({ ctx, input }) =>
      reauthenticateByPassword(ctx.db, ctx.user, ctx.sessionId, input, { ip: ctx.ip }),
    ),

  /** Keeps the language the signed-in person chose with their account. */
  setLanguage: authedProcedure
    .input(setLanguageInput)
    .mutation(({ ctx, input }) => setLanguage(ctx.db, ctx.user, input.locale)),

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
