/**
 * A party's webhooks, as its admin manages them through the API (issue 13, ADR 0028): only that
 * party's admins see or change its endpoints; deliveries reach a real HTTP receiver, signed per
 * Standard Webhooks, retried and logged; a party's endpoint never carries the other party's
 * internal content; the signing secret is shown once and is in no ledger event, export or bundle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { startDeliveryWorker } from '../../server/notify/outbox'
import { createWebhookChannel } from '../../server/notify/webhooks'
import { NOTIFICATION_KINDS, type NotificationKind } from '../../shared/notification-kinds'
import { DEMO_PASSWORD, type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver'
import {
  type DemoIndex,
  demoIndex,
  fileProposal,
  proposalInState,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const ALL_KINDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[]

describe.each(DATABASE_KINDS)('webhooks of a party (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let honda: WebhookReceiver
  let nissan: WebhookReceiver
  /** Every secret handed out in this file: none may appear in a ledger, export or bundle. */
  const secrets: string[] = []

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
    honda = await startWebhookReceiver()
    nissan = await startWebhookReceiver()
  })
  afterAll(async () => {
    await honda?.close()
    await nissan?.close()
    await world?.destroy()
  })

  const p = () => ({ partnershipId: world.partnershipId })

  /** Runs the outbox worker until nothing is due, as the server's would (no timing asserted). */
  async function deliverAll() {
    const worker = startDeliveryWorker(world.db, {
      poll: false,
      webhook: createWebhookChannel(),
      baseBackoffMs: 1,
      maxBackoffMs: 1,
    })
    try {
      for (let round = 0; round < 20; round++) {
        const done = await worker.runOnce()
        const pending = await world.db
          .selectFrom('outbox_deliveries')
          .select('id')
          .where('channel', '=', 'webhook')
          .where('status', '=', 'pending')
          .execute()
        if (pending.length === 0) return done
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      throw new Error('webhook deliveries still pending after 20 rounds')
    } finally {
      await worker.stop()
    }
  }

  it("only a party's own admins see, register and change its endpoints", async () => {
    const admin = await world.as('admin@honda.example')
    const created = await admin.webhook.create({
      ...p(),
      url: 'https://erp.honda.example/hooks/T0KEN-IN-PATH',
      eventKinds: ['proposal.approved', 'review.requested'],
      description: 'Honda ERP',
    })
    secrets.push(created.secret)
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/)
    expect(created.endpoint).toMatchObject({
      url: 'https://erp.honda.example/hooks/T0KEN-IN-PATH',
      eventKinds: ['proposal.approved', 'review.requested'],
      enabled: true,
    })
    const id = created.endpoint.id
    const endpoint = { ...p(), endpointId: id }

    // The list never holds the secret.
    const listed = await admin.webhook.list(p())
    expect(listed.endpoints.map((e) => e.id)).toContain(id)
    expect(JSON.stringify(listed)).not.toContain(created.secret)

    // Nissan's admin: Honda's endpoint does not exist for them, in a list or by id.
    const other = await world.as('admin@nissan.example')
    expect((await other.webhook.list(p())).endpoints.map((e) => e.id)).not.toContain(id)
    for (const call of [
      () => other.webhook.rotateSecret(endpoint),
      () => other.webhook.disable(endpoint),
      () => other.webhook.remove(endpoint),
      () => other.webhook.test(endpoint),
      () => other.webhook.deliveries({ ...endpoint, limit: 5 }),
    ])
      expect((await refusal(call())).code).toBe('NOT_FOUND')
    // Honda's own members, leads and auditors are not its admins.
    for (const email of ['member@honda.example', 'lead@honda.example', 'auditor@honda.example']) {
      const person = await world.as(email)
      expect((await refusal(person.webhook.list(p()))).code).toBe('FORBIDDEN')
      expect((await refusal(person.webhook.rotateSecret(endpoint))).code).toBe('FORBIDDEN')
    }

    // A new secret, once; the old one is gone.
    const rotated = await admin.webhook.rotateSecret(endpoint)
    secrets.push(rotated.secret)
    expect(rotated.secret).toMatch(/^whsec_/)
    expect(rotated.secret).not.toBe(created.secret)
    const stored = await world.db
      .selectFrom('webhook_endpoints')
      .select('secret')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(stored.secret).toBe(rotated.secret)

    expect((await admin.webhook.disable(endpoint)).enabled).toBe(false)
    expect((await refusal(admin.webhook.test(endpoint))).code).toBe('BAD_REQUEST')
    expect((await admin.webhook.enable(endpoint)).enabled).toBe(true)
    expect(await admin.webhook.remove(endpoint)).toEqual({ ok: true })
    expect((await admin.webhook.list(p())).endpoints.map((e) => e.id)).not.toContain(id)

    // Each change is a ledger event private to Honda: its host, never the path or the secret.
    const events = await world.db
      .selectFrom('ledger_events')
      .select(['action', 'visibility', 'payload', 'actor_party'])
      .where('entity_id', '=', id)
      .orderBy('seq')
      .execute()
    expect(events.map((e) => e.action)).toEqual([
      'webhook.registered',
      'webhook.secret_rotated',
      'webhook.disabled',
      'webhook.enabled',
      'webhook.removed',
    ])
    for (const e of events) {
      expect(e.visibility).toBe('party:HONDA')
      expect(e.payload).toContain('erp.honda.example')
      expect(e.payload).not.toContain('T0KEN-IN-PATH')
      expect(e.payload).not.toContain('whsec_')
    }
    // Nissan's auditor reads the joint record: Honda's private events are not in it, not even
    // as a row or a count (ADR 0024); Honda's auditor sees all five.
    const listOf = async (email: string) =>
      (await world.as(email)).audit.list({
        ...p(),
        entityType: 'webhook_endpoint',
        entityId: id,
        limit: 10,
      })
    const seen = await listOf('auditor@nissan.example')
    expect(seen.items).toEqual([])
    expect(seen.total).toBe(0)
    expect(JSON.stringify(seen)).not.toContain('erp.honda.example')
    expect((await listOf('auditor@honda.example')).items).toHaveLength(5)
  })

  it('refuses a bad address or no event kind with the rule broken, over HTTP', async () => {
    const app = createApp({ db: world.db, config: testConfig() })
    const login = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@honda.example', password: DEMO_PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const create = async (input: Record<string, unknown>) => {
      const res = await app.request('/trpc/webhook.create', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({
          ...p(),
          url: 'https://ok.example/hooks',
          eventKinds: ['mention'],
          ...input,
        }),
      })
      const body = (await res.json()) as {
        error?: { data: { field: string; rule: { name: string } | null } }
      }
      return { status: res.status, field: body.error?.data.field, rule: body.error?.data.rule }
    }
    expect(await create({ url: 'erp.honda.example/hooks' })).toEqual({
      status: 400,
      field: 'url',
      rule: { name: 'url' },
    })
    expect(await create({ url: 'http://erp.honda.example/hooks' })).toEqual({
      status: 400,
      field: 'url',
      rule: { name: 'https' },
    })
    expect(await create({ url: 'https://user:pw@erp.honda.example/' })).toEqual({
      status: 400,
      field: 'url',
      rule: { name: 'credentials' },
    })
    expect(await create({ eventKinds: [] })).toEqual({
      status: 400,
      field: 'eventKinds',
      rule: { name: 'required' },
    })
    // Plain http is for a receiver on this machine only (development).
    expect((await create({ url: 'http://localhost:9999/hooks' })).status).toBe(200)
  })

  it('a signed delivery reaches each party; Nissan never receives Honda internal content', async () => {
    const hondaAdmin = await world.as('admin@honda.example')
    const nissanAdmin = await world.as('admin@nissan.example')
    const hondaHook = await hondaAdmin.webhook.create({
      ...p(),
      url: honda.url,
      eventKinds: ALL_KINDS,
      description: 'Honda chat',
    })
    const nissanHook = await nissanAdmin.webhook.create({
      ...p(),
      url: nissan.url,
      eventKinds: ALL_KINDS,
      description: 'Nissan ERP',
    })
    secrets.push(hondaHook.secret, nissanHook.secret)

    // A Honda draft, talked about by Honda people; then an internal comment on a joint proposal.
    const draft = await fileProposal(world, ix, 'member@honda.example', {
      title: 'HONDA-SECRET draft: walk away above 95 USD/kWh',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    await draft.caller.comment.add({
      proposalId: draft.id,
      body: 'HONDA-SECRET draft note for @engineer@honda.example',
      visibility: 'joint',
    })
    const joint = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Joint recycling pilot',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    await draft.caller.comment.add({
      proposalId: joint.id,
      body: 'HONDA-SECRET internal: ask @lead@honda.example before we answer',
      visibility: 'internal',
    })
    await hondaAdmin.webhook.test({ ...p(), endpointId: hondaHook.endpoint.id })
    await deliverAll()

    // Every delivery verifies with its own endpoint's secret, and not with the other's.
    const toHonda = honda.verified(hondaHook.secret)
    const toNissan = nissan.verified(nissanHook.secret)
    expect(() => honda.verified(nissanHook.secret)).toThrow()
    const hondaTypes = toHonda.map((d) => d.type)
    expect(hondaTypes).toContain('webhook.test')
    expect(hondaTypes).toContain('mention')
    expect(hondaTypes).toContain('review.requested')
    expect(toNissan.map((d) => d.type)).toContain('review.requested')
    // Honda's own systems hear of Honda's internal comment and draft; Nissan's never.
    expect(honda.received.map((r) => r.body).join('\n')).toContain('HONDA-SECRET internal')
    expect(honda.received.map((r) => r.body).join('\n')).toContain('HONDA-SECRET draft')
    expect(nissan.received.length).toBeGreaterThan(0)
    for (const r of nissan.received) expect(r.body).not.toContain('HONDA-SECRET')
    expect(toNissan.some((d) => d.data.proposalId === draft.id)).toBe(false)
    expect(toNissan.every((d) => d.type !== 'webhook.test')).toBe(true)
    const test = toHonda.find((d) => d.type === 'webhook.test')
    expect(test?.data).toMatchObject({ partnershipId: world.partnershipId, party: 'HONDA' })
  })

  it('retries a failing receiver with backoff, and the delivery log shows each attempt', async () => {
    const admin = await world.as('admin@honda.example')
    const receiver = await startWebhookReceiver()
    try {
      const { endpoint, secret } = await admin.webhook.create({
        ...p(),
        url: receiver.url,
        eventKinds: ['proposal.approved'],
        description: 'flaky',
      })
      secrets.push(secret)
      const ref = { ...p(), endpointId: endpoint.id }
      receiver.answer(500, 503)
      const { deliveryId } = await admin.webhook.test(ref)
      await deliverAll()
      expect(receiver.received).toHaveLength(3)
      // One event id on every attempt, so the receiver can drop a repeat.
      expect(new Set(receiver.verified(secret).map((d) => d.id))).toEqual(new Set([deliveryId]))
      const log = await admin.webhook.deliveries({ ...ref, limit: 10 })
      expect(log.items).toHaveLength(1)
      expect(log.items[0]).toMatchObject({
        id: deliveryId,
        type: 'webhook.test',
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 200,
      })
      expect(log.items[0]?.log.map((a) => [a.attempt, a.ok, a.statusCode])).toEqual([
        [1, false, 500],
        [2, false, 503],
        [3, true, 200],
      ])
      expect(JSON.stringify(log)).not.toContain(secret)
      const listed = (await admin.webhook.list(p())).endpoints.find((e) => e.id === endpoint.id)
      expect(listed?.lastDelivery).toMatchObject({
        status: 'delivered',
        attempts: 3,
        lastStatusCode: 200,
      })
    } finally {
      await receiver.close()
    }
  })

  it('no secret is in any ledger event, audit export or bundle', async () => {
    expect(secrets.length).toBeGreaterThanOrEqual(5)
    const rows = await world.db.selectFrom('ledger_events').select(['payload']).execute()
    const ledger = rows.map((r) => r.payload).join('\n')
    const auditor = await world.as('auditor@honda.example')
    const exported = await auditor.audit.export({ ...p(), format: 'jsonl' })
    const bundle = await auditor.audit.bundle(p())
    // Honda's auditor reads Honda's webhook events in full: they are there, without secrets.
    expect(JSON.stringify(exported)).toContain('webhook.registered')
    expect(bundle.text).toContain('webhook.registered')
    for (const secret of secrets) {
      const key = secret.slice('whsec_'.length)
      for (const text of [ledger, JSON.stringify(exported), bundle.text]) {
        expect(text).not.toContain(secret)
        expect(text).not.toContain(key)
      }
    }
  })
})
