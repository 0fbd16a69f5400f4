import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_SESSIONS } from '../../server/auth/session'
import {
  anonymousContext,
  callerFor,
  contextFor,
  DEMO_PASSWORD,
  type DemoWorld,
  demoWorld,
} from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { refusal } from '../helpers/workflow'

const EMAIL = 'member@nissan.example'

describe.each(DATABASE_KINDS)(
  'own sessions and password, and admins ending sessions (%s)',
  (kind) => {
    let world: DemoWorld
    let userId: string
    beforeAll(async () => {
      world = await demoWorld(kind)
      userId = (
        await world.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', EMAIL)
          .executeTakeFirstOrThrow()
      ).id
    })
    afterAll(() => world.destroy())

    const sessionCount = async () =>
      (await world.db.selectFrom('sessions').select('id').where('user_id', '=', userId).execute())
        .length

    it('lists the signed-in person’s sessions with the current one marked, and keeps at most the cap', async () => {
      await world.db.deleteFrom('sessions').where('user_id', '=', userId).execute()
      for (let i = 0; i < MAX_SESSIONS + 3; i++) await contextFor(world.db, EMAIL)
      expect(await sessionCount()).toBe(MAX_SESSIONS)
      const ctx = await contextFor(world.db, EMAIL)
      const sessions = await callerFor(ctx).auth.sessions()
      expect(sessions).toHaveLength(MAX_SESSIONS)
      expect(sessions.filter((s) => s.current)).toHaveLength(1)
      // Handles, never the stored hash of a token.
      for (const s of sessions) expect(s.handle).toMatch(/^[0-9a-f]{16}$/)
    })

    it('ends the other sessions only after the password is given again', async () => {
      const ctx = await contextFor(world.db, EMAIL)
      const me = callerFor(ctx)
      const wrong = await refusal(me.auth.endOtherSessions({ password: 'not the password at all' }))
      expect(wrong.code).toBe('UNAUTHORIZED')
      const failed = await world.db
        .selectFrom('ledger_events')
        .select('payload')
        .where('action', '=', 'security.login_failed')
        .where('entity_id', '=', userId)
        .execute()
      expect(failed.length).toBeGreaterThan(0)
      expect(failed.map((f) => f.payload).join('')).not.toContain('not the password at all')
      expect(await sessionCount()).toBeGreaterThan(1)
      const result = await me.auth.endOtherSessions({ password: DEMO_PASSWORD })
      expect(result.ended).toBeGreaterThan(0)
      expect(await sessionCount()).toBe(1)
      expect((await me.auth.me()).email).toBe(EMAIL) // the current session goes on
    })

    it('changes the password with the current one, ends other sessions, and records no secret', async () => {
      const other = await contextFor(world.db, EMAIL)
      const ctx = await contextFor(world.db, EMAIL)
      const me = callerFor(ctx)
      const weak = await refusal(
        me.auth.changePassword({
          currentPassword: DEMO_PASSWORD,
          newPassword: 'short',
          endOtherSessions: true,
        }),
      )
      expect(weak.code).toBe('BAD_REQUEST')
      expect(weak.message).toContain('newPassword')
      const wrong = await refusal(
        me.auth.changePassword({
          currentPassword: 'wrong wrong wrong',
          newPassword: 'a brand new passphrase',
          endOtherSessions: true,
        }),
      )
      expect(wrong.code).toBe('UNAUTHORIZED')
      const result = await me.auth.changePassword({
        currentPassword: DEMO_PASSWORD,
        newPassword: 'a brand new passphrase',
        endOtherSessions: true,
      })
      expect(result.otherSessionsEnded).toBeGreaterThan(0)
      const gone = await world.db
        .selectFrom('sessions')
        .select('id')
        .where('id', '=', other.sessionId as string)
        .execute()
      expect(gone).toEqual([])
      const anon = callerFor(anonymousContext(world.db))
      expect((await refusal(anon.auth.login({ email: EMAIL, password: DEMO_PASSWORD }))).code).toBe(
        'UNAUTHORIZED',
      )
      await anon.auth.login({ email: EMAIL, password: 'a brand new passphrase' })
      const event = await world.db
        .selectFrom('ledger_events')
        .select('payload')
        .where('action', '=', 'user.password_changed')
        .where('entity_id', '=', userId)
        .executeTakeFirstOrThrow()
      expect(event.payload).not.toContain('a brand new passphrase')
      expect(event.payload).not.toContain('argon2')
      // Keeping the other sessions is the person's choice.
      const kept = await contextFor(world.db, EMAIL)
      await me.auth.changePassword({
        currentPassword: 'a brand new passphrase',
        newPassword: DEMO_PASSWORD,
        endOtherSessions: false,
      })
      expect(
        await world.db
          .selectFrom('sessions')
          .select('id')
          .where('id', '=', kept.sessionId as string)
          .execute(),
      ).toHaveLength(1)
    })

    it("lets an admin sign one person of their party out everywhere, or all of their party but themselves, never the other party's", async () => {
      await contextFor(world.db, EMAIL)
      await contextFor(world.db, 'lead@nissan.example')
      const honda = await contextFor(world.db, 'lead@honda.example')
      const hondaAdmin = callerFor(await contextFor(world.db, 'admin@honda.example'))
      const admin = callerFor(await contextFor(world.db, 'admin@nissan.example'))
      const member = callerFor(await contextFor(world.db, 'member@nissan.example'))
      const foreign = await refusal(hondaAdmin.admin.endSessions({ userId }))
      expect(foreign.code).toBe('FORBIDDEN')
      expect(foreign.message).toMatch(/people of HONDA only/)
      expect(await sessionCount()).toBeGreaterThan(0)
      expect((await refusal(member.admin.endSessions({ userId }))).code).toBe('FORBIDDEN')
      expect((await admin.admin.endSessions({ userId })).ended).toBeGreaterThan(0)
      expect(await sessionCount()).toBe(0)
      const all = await admin.admin.endSessions({ userId: null })
      expect(all.ended).toBeGreaterThan(0)
      const left = await world.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select(['users.email', 'sessions.id'])
        .execute()
      // The admin's own, and the other party's people, whose sessions are not Nissan's to end.
      expect(left.filter((s) => s.email.endsWith('@nissan.example')).map((s) => s.email)).toEqual([
        'admin@nissan.example',
      ])
      expect(left.map((s) => s.id)).toContain(honda.sessionId)
      expect((await admin.auth.me()).email).toBe('admin@nissan.example')
    })
  },
)
