/**
 * Drives every tRPC procedure, over HTTP, with inputs of the right shape and with garbage, as
 * random actors. Whatever comes in: no 5xx, no stack trace or SQL in a response, and a mutation's
 * change and its ledger event are both present or both absent.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { createSession } from '../../server/auth/session'
import { loadSessionUser, type SessionUser } from '../../server/domain/users'
import { createWebhook } from '../../server/domain/webhooks'
import { appRouter } from '../../server/routers'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { databaseFingerprint } from '../helpers/fingerprint'
import { garbage, shapedInput } from '../helpers/schema-arbitrary'
import { demoIndex, fileProposal } from '../helpers/workflow'

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000)

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; inputs: unknown[] }
}
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures,
)

const ACTORS = [
  'anonymous',
  'member@honda.example',
  'member@nissan.example',
  'lead@honda.example',
  'battery.lead@nissan.example',
  'auditor@nissan.example',
  'auditor@external-audit.example',
  'admin@honda.example',
] as const

const STACK = /\n\s+at\s|\bat\s+\S+\s+\(.*:\d+:\d+\)|node_modules|\.ts:\d+/
const SQL =
  /SQLITE_|syntax error|relation ".*" does not exist|violates|\bselect\b[^.]{0,80}\bfrom\b|\binsert into\b|\bupdate\b\s+\S+\s+\bset\b/i

describe.each(DATABASE_KINDS)('fuzzing every procedure (%s)', (kind) => {
  let world: DemoWorld
  let app: ReturnType<typeof createApp>
  let ids: string[]
  let actorIds: Map<string, string>
  const tally: Record<string, number> = {}
  const statuses: Record<number, number> = {}

  beforeAll(async () => {
    world = await demoWorld(kind)
    app = createApp({ db: world.db, config: testConfig() })
    const ix = await demoIndex(world)
    const draft = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Draft for fuzzing',
      reviewers: ['member@nissan.example', 'engineer@honda.example'],
    })
    const submitted = await fileProposal(world, ix, 'member@nissan.example', {
      title: 'Submitted for fuzzing',
      reviewers: ['member@honda.example', 'engineer@nissan.example'],
    })
    await submitted.caller.proposal.submit({
      proposalId: submitted.id,
      expectedVersion: submitted.version,
    })
    const rows = await Promise.all([
      world.db.selectFrom('users').select('id').execute(),
      world.db.selectFrom('workstreams').select('id').execute(),
      world.db.selectFrom('charter_items').select('id').execute(),
      world.db.selectFrom('concerns').select('id').execute(),
    ])
    // A HONDA webhook endpoint, so webhook.* calls reach a real one (and NISSAN's callers a foreign one).
    const hondaAdmin = (await loadSessionUser(
      world.db,
      (
        await world.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'admin@honda.example')
          .executeTakeFirstOrThrow()
      ).id,
    )) as SessionUser
    const hook = await createWebhook(world.db, hondaAdmin, {
      partnershipId: world.partnershipId,
      url: 'https://erp.honda.example/hooks',
      eventKinds: ['proposal.approved'],
      description: 'ERP',
    })
    ids = [
      world.partnershipId,
      draft.id,
      submitted.id,
      hook.endpoint.id,
      ...rows.flat().map((r) => r.id),
    ]
    const users = await world.db.selectFrom('users').select(['id', 'email']).execute()
    actorIds = new Map(users.map((u) => [u.email, u.id]))
  })

  afterAll(async () => {
    console.info(
      `fuzz (${kind}): ${procedures.length} procedures, ${RUNS} runs each, ${Object.values(tally).reduce((a, b) => a + b, 0)} calls; responses by status ${JSON.stringify(statuses)}`,
    )
    await world?.destroy()
  })

  // A session per actor, made again only after a mutation went through: an accepted admin call
  // may have disabled an actor or ended their sessions, and every actor must stay usable.
  const cookies = new Map<string, string>()

  async function cookieFor(actor: (typeof ACTORS)[number]): Promise<string | undefined> {
    if (actor === 'anonymous') return undefined
    const cached = cookies.get(actor)
    if (cached) return cached
    const userId = actorIds.get(actor) as string
    await world.db
      .updateTable('users')
      .set({ status: 'active', disabled_at: null })
      .where('id', '=', userId)
      .execute()
    const { token } = await createSession(
      world.db,
      userId,
      { idleMs: 3_600_000, absoluteMs: 3_600_000 },
      { ip: null, userAgent: null },
    )
    const cookie = `concord_session=${token}`
    cookies.set(actor, cookie)
    return cookie
  }

  function request(path: string, type: string, input: unknown, cookie: string | undefined) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (cookie) headers.cookie = cookie
    const body = input === undefined ? undefined : JSON.stringify(input)
    if (type === 'query') {
      const query = body === undefined ? '' : `?input=${encodeURIComponent(body)}`
      return app.request(`/trpc/${path}${query}`, { headers })
    }
    return app.request(`/trpc/${path}`, { method: 'POST', headers, body: body ?? '' })
  }

  // A thousand calls on a busy machine can take minutes; a timed-out property would go on
  // running beside the next one and spoil its checks, so the limit is generous.
  it.each(procedures.map(([path, proc]) => [path, proc] as const))(
    '%s',
    { timeout: 900_000 },
    async (path, proc) => {
      const input = fc.oneof(shapedInput(proc._def.inputs, ids), garbage())
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ACTORS), input, async (actor, value) => {
          tally[path] = (tally[path] ?? 0) + 1
          const cookie = await cookieFor(actor)
          const before = proc._def.type === 'mutation' ? await databaseFingerprint(world.db) : null
          const res = await request(path, proc._def.type, value, cookie)
          const text = await res.text()
          statuses[res.status] = (statuses[res.status] ?? 0) + 1
          expect(res.status, text.slice(0, 300)).toBeLessThan(500)
          expect(text).not.toMatch(STACK)
          expect(text).not.toMatch(SQL)
          const body = JSON.parse(text) as { error?: { message?: unknown } }
          if (body.error) expect(typeof body.error.message).toBe('string')
          if (before) {
            if (!body.error) cookies.clear()
            const after = await databaseFingerprint(world.db)
            if (body.error) {
              // A refused mutation changed nothing and wrote no event (security events aside).
              expect(after.ledger).toBe(before.ledger)
              if (path !== 'auth.login') expect(after.state).toBe(before.state)
            } else if (after.state !== before.state) {
              expect(after.ledger).toBeGreaterThan(before.ledger)
            }
          }
        }),
        { numRuns: RUNS },
      )
    },
  )
})
