import type { Db } from '../../db/connect'
import { createSession } from '../../server/auth/session'
import { type AppConfig, loadConfig } from '../../server/config'
import { seedDemo } from '../../server/demo/seed'
import { loadSessionUser } from '../../server/domain/users'
import { appRouter } from '../../server/routers'
import { type Context, createCallerFactory } from '../../server/trpc'
import { type DatabaseKind, freshDatabase, type TestDatabase } from './db'

export const DEMO_PASSWORD = 'concord-demo-2026'

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return { ...loadConfig({ DATA_DIR: '/tmp/concord-test-unused' }), ...overrides }
}

const createCaller = createCallerFactory(appRouter)

export function anonymousContext(db: Db, config = testConfig()): Context {
  return {
    db,
    config,
    user: null,
    sessionId: null,
    sessionExpired: false,
    ip: '127.0.0.1',
    userAgent: 'vitest',
    secure: false,
    resHeaders: new Headers(),
  }
}

/** A context as a signed-in request by this user would have it (a real session row included). */
export async function contextFor(db: Db, email: string, config = testConfig()): Promise<Context> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  const session = await createSession(
    db,
    row.id,
    { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs },
    {
      ip: '127.0.0.1',
      userAgent: 'vitest',
    },
  )
  const user = await loadSessionUser(db, row.id)
  return { ...anonymousContext(db, config), user, sessionId: session.sessionId }
}

export function callerFor(ctx: Context) {
  return createCaller(ctx)
}

export interface DemoWorld extends TestDatabase {
  partnershipId: string
  /** A caller signed in as the demo account with this email. */
  as(email: string): Promise<ReturnType<typeof createCaller>>
  anonymous(): ReturnType<typeof createCaller>
}

/** A fresh database of the given kind with the demo partnership loaded. */
export async function demoWorld(kind: DatabaseKind): Promise<DemoWorld> {
  const database = await freshDatabase(kind)
  const { partnershipId } = await seedDemo(database.db, { password: DEMO_PASSWORD })
  return {
    ...database,
    partnershipId,
    as: async (email) => createCaller(await contextFor(database.db, email)),
    anonymous: () => createCaller(anonymousContext(database.db)),
  }
}
