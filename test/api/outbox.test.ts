import { randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { Webhook } from 'standardwebhooks'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connect, type Db, writeTransaction } from '../../db/connect'
import {
  addShutdownDay,
  scheduleDeadlineReminders,
  setPartyCalendar,
} from '../../server/notify/calendar'
import {
  createEmailChannel,
  emailConfigured,
  signUnsubscribeToken,
  verifyUnsubscribeToken,
} from '../../server/notify/email'
import {
  claimDeliveries,
  notify,
  scheduleReminder,
  startDeliveryWorker,
  type WorkerConfig,
} from '../../server/notify/outbox'
import { unsubscribeRoutes } from '../../server/notify/unsubscribe-routes'
import {
  addWebhookEndpoint,
  createWebhookChannel,
  enqueueWebhooks,
  webhookDeliveryLog,
} from '../../server/notify/webhooks'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'
import { startMailServer, type TestMailServer } from '../helpers/mail'

const SECRET = 'test-notify-secret-0123456789abcdef0123456789'
const PUBLIC_URL = 'https://concord.example.test'

interface World {
  partnershipId: string
  honda: string
  acme: string
  alice: string
  hana: string
  bob: string
  proposalId: string
}

async function makeWorld(db: Db): Promise<World> {
  const now = new Date().toISOString()
  const w: World = {
    partnershipId: randomUUID(),
    honda: randomUUID(),
    acme: randomUUID(),
    alice: randomUUID(),
    hana: randomUUID(),
    bob: randomUUID(),
    proposalId: randomUUID(),
  }
  await db
    .insertInto('parties')
    .values([
      { id: w.honda, code: 'HONDA', name: 'Honda', name_ja: '本田技研工業' },
      { id: w.acme, code: 'ACME', name: 'Acme', name_ja: 'アクメ' },
    ])
    .execute()
  await db
    .insertInto('partnerships')
    .values({
      id: w.partnershipId,
      slug: 'ev',
      name: 'EV',
      description: '',
      status: 'active',
      charter_version: 1,
      approval_policy: '{}',
      next_proposal_number: 2,
      next_decision_number: 1,
      created_at: now,
    })
    .execute()
  await db
    .insertInto('partnership_parties')
    .values([
      { partnership_id: w.partnershipId, party_id: w.honda },
      { partnership_id: w.partnershipId, party_id: w.acme },
    ])
    .execute()
  const user = (id: string, email: string, name: string, party: string, locale: string) => ({
    id,
    email,
    name,
    party_id: party,
    password_hash: 'x',
    status: 'active' as const,
    locale,
    created_at: now,
    disabled_at: null,
  })
  await db
    .insertInto('users')
    .values([
      user(w.alice, 'alice@honda.test', 'Alice', w.honda, 'en'),
      user(w.hana, 'hana@honda.test', '山田花子', w.honda, 'ja'),
      user(w.bob, 'bob@acme.test', 'Bob', w.acme, 'en'),
    ])
    .execute()
  await db
    .insertInto('proposals')
    .values({
      id: w.proposalId,
      partnership_id: w.partnershipId,
      number: 1,
      draft_number: null,
      listed_at: now,
      type: 'decision',
      workstream_id: null,
      author_id: w.alice,
      author_party: 'HONDA',
      title: 'Joint battery plant',
      state: 'in_review',
      current_revision: 1,
      version: 1,
      decide_by: '2027-05-06',
      policy: null,
      charter_version: 1,
      needs_partnership_leads: 0,
      submitted_at: now,
      closed_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  return w
}

async function count(db: Db, table: 'notifications' | 'outbox_deliveries'): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

function emailChannel(mail: TestMailServer) {
  const channel = createEmailChannel({
    smtpUrl: mail.url,
    mailFrom: 'Concord <concord@example.test>',
    publicUrl: PUBLIC_URL,
    secret: SECRET,
  })
  if (!channel) throw new Error('email channel expected')
  return channel
}

/** A worker that only runs when the test says so (no polling in between). */
function manualWorker(db: Db, config: WorkerConfig) {
  return startDeliveryWorker(db, { ...config, poll: false })
}

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

async function startReceiver(statuses: number[]) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => {
      body += chunk
    })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.statusCode = statuses.shift() ?? 200
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

describe.each(DATABASE_KINDS)('notification outbox on %s', (kind) => {
  let t: TestDatabase
  let w: World
  let mail: TestMailServer

  beforeEach(async () => {
    t = await freshDatabase(kind)
    w = await makeWorld(t.db)
    mail = await startMailServer()
  })
  afterEach(async () => {
    await mail.close()
    await t.destroy()
  })

  it('a change that rolls back notifies nobody; one that commits has its deliveries on disk', async () => {
    await addWebhook(t.db, w.honda, 'http://127.0.0.1:9/unused')
    await expect(
      writeTransaction(t.db, async (trx) => {
        await notify(trx, {
          recipients: [w.alice, w.bob],
          kind: 'proposal.approved',
          partnershipId: w.partnershipId,
          proposalId: w.proposalId,
          payload: { proposalCode: 'P-1', proposalTitle: 'Joint battery plant' },
        })
        await enqueueWebhooks(trx, {
          partnershipId: w.partnershipId,
          kind: 'proposal.approved',
          proposalId: w.proposalId,
          payloadFor: (viewerPartyId) => ({ viewerPartyId, data: { proposalCode: 'P-1' } }),
        })
        throw new Error('the change failed after notifying')
      }),
    ).rejects.toThrow('the change failed')
    expect(await count(t.db, 'notifications')).toBe(0)
    expect(await count(t.db, 'outbox_deliveries')).toBe(0)

    const result = await writeTransaction(t.db, (trx) =>
      notify(trx, {
        recipients: [w.alice, w.bob, w.alice],
        kind: 'proposal.approved',
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        payload: { proposalCode: 'P-1' },
        actorId: w.bob,
      }),
    )
    // The actor is not told of their own act; a repeated recipient once.
    expect(result.notificationIds).toHaveLength(1)
    expect(await count(t.db, 'outbox_deliveries')).toBe(1)
  })

  it('a delivered row is never sent again after a worker restart', async () => {
    await writeTransaction(t.db, (trx) =>
      notify(trx, {
        recipients: [w.alice, w.hana, w.bob],
        kind: 'review.requested',
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        payload: { proposalCode: 'P-1', proposalTitle: 'Joint battery plant', actorName: 'Alice' },
      }),
    )
    const a = manualWorker(t.db, { email: emailChannel(mail) })
    expect((await a.runOnce()).delivered).toBe(3)
    await a.stop()
    expect(mail.received).toHaveLength(3)

    // A new worker (a restarted process) finds nothing to send.
    const b = manualWorker(t.db, { email: emailChannel(mail) })
    const again = await b.runOnce()
    await b.stop()
    expect(again.delivered).toBe(0)
    await new Promise((r) => setTimeout(r, 200))
    expect(mail.received).toHaveLength(3)
    expect(new Set(mail.received.map((m) => m.messageId)).size).toBe(3)
  })

  it('a claimed delivery whose worker died is sent after the claim expires, with the same Message-ID', async () => {
    const { emailDeliveryIds } = await writeTransaction(t.db, (trx) =>
      notify(trx, {
        recipients: [w.alice],
        kind: 'proposal.approved',
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        payload: { proposalCode: 'P-1' },
      }),
    )
    // A worker claims it and dies before sending or marking (its claim holds 150 ms).
    const claimed = await claimDeliveries(t.db, 'dead-worker', {
      now: new Date(),
      claimMs: 150,
      limit: 10,
    })
    expect(claimed.map((c) => c.id)).toEqual(emailDeliveryIds)
    const live = manualWorker(t.db, { email: emailChannel(mail) })
    expect((await live.runOnce()).delivered).toBe(0)
    await new Promise((r) => setTimeout(r, 200))
    expect((await live.runOnce()).delivered).toBe(1)
    await live.stop()
    const [message] = await mail.waitFor(1)
    expect(message?.messageId).toBe(`<${emailDeliveryIds[0]}@concord.example.test>`)
    const row = await t.db.selectFrom('outbox_deliveries').selectAll().executeTakeFirstOrThrow()
    expect(row.attempts).toBe(2)
    expect(row.status).toBe('delivered')
  })

  it('email in Japanese and the time zone of the recipient; unsubscribe by a signed token', async () => {
    await t.db
      .insertInto('notification_preferences')
      .values({
        user_id: w.hana,
        email_mode: 'immediate',
        opt_outs: '[]',
        time_zone: 'Asia/Tokyo',
        locale: null,
        digest_hour: 8,
        updated_at: new Date().toISOString(),
      })
      .execute()
    const at = new Date('2027-04-26T23:30:00Z')
    await writeTransaction(t.db, (trx) =>
      notify(trx, {
        recipients: [w.hana],
        kind: 'proposal.rejected',
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        payload: {
          proposalCode: 'P-1',
          proposalTitle: '共同電池工場',
          text: '費用が見合わない',
          decideBy: '2027-05-06',
        },
        now: at,
      }),
    )
    const worker = manualWorker(t.db, {
      email: emailChannel(mail),
      now: () => new Date(at.getTime() + 1000),
    })
    expect((await worker.runOnce()).delivered).toBe(1)
    await worker.stop()
    const [message] = await mail.waitFor(1)
    if (!message) throw new Error('no message')
    expect(message.subject).toBe(
      'Concord: P-1 「共同電池工場」 が却下されました。理由：費用が見合わない',
    )
    const text = message.text ?? ''
    expect(text).toContain('山田花子 様')
    expect(text).toContain('決定期限：2027年5月6日(木)')
    // 23:30 UTC on 26 April is 08:30 on 27 April in Tokyo.
    expect(text).toContain('送信日時：2027年4月27日 08:30 JST')
    expect(text).toContain(`Concord で開く： ${PUBLIC_URL}/proposals/${w.proposalId}`)
    expect(message.headerLines.find((h) => h.key === 'list-unsubscribe-post')?.line).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    )

    const link = /「結果（承認・却下・取り下げ）」のメールを停止： (\S+)/.exec(text)?.[1]
    if (!link) throw new Error(`no unsubscribe link in:\n${text}`)
    const url = new URL(link)
    expect(url.origin).toBe(PUBLIC_URL)
    const token = url.searchParams.get('token') ?? ''
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ userId: w.hana, scope: 'outcomes' })
    // Tampered: another person's id under the same signature, or a changed signature.
    const [body, sig] = token.split('.') as [string, string]
    const forged = Buffer.from(JSON.stringify({ u: w.bob, c: 'outcomes' })).toString('base64url')
    expect(verifyUnsubscribeToken(SECRET, `${forged}.${sig}`)).toBeNull()
    expect(verifyUnsubscribeToken(SECRET, `${body}.${sig.slice(0, -2)}AA`)).toBeNull()
    expect(verifyUnsubscribeToken('another-secret-of-enough-length-000000', token)).toBeNull()

    // The link works without signing in: GET asks, POST applies.
    const app = unsubscribeRoutes(t.db, SECRET)
    const path = `/unsubscribe${url.search}`
    const page = await app.request(path)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('メールを停止しますか')
    expect(await optOuts(t.db, w.hana)).toEqual([])
    expect(
      (await app.request(`/unsubscribe?token=${forged}.${sig}`, { method: 'POST' })).status,
    ).toBe(400)
    const done = await app.request(path, { method: 'POST' })
    expect(done.status).toBe(200)
    expect(await optOuts(t.db, w.hana)).toEqual(['outcomes'])

    // Opted out: her next outcome notification is in the app, but queues no email.
    const next = await writeTransaction(t.db, (trx) =>
      notify(trx, {
        recipients: [w.hana],
        kind: 'proposal.approved',
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        payload: { proposalCode: 'P-1' },
      }),
    )
    expect(next.notificationIds).toHaveLength(1)
    expect(next.emailDeliveryIds).toHaveLength(0)
  })

  it('a daily digest sends one email at the recipient’s digest hour', async () => {
    await t.db
      .insertInto('notification_preferences')
      .values({
        user_id: w.alice,
        email_mode: 'digest',
        opt_outs: '[]',
        time_zone: 'Europe/Berlin',
        locale: null,
        digest_hour: 8,
        updated_at: new Date().toISOString(),
      })
      .execute()
    const at = new Date('2027-05-03T10:00:00Z')
    for (const kind of ['review.requested', 'concern.raised'] as const)
      await writeTransaction(t.db, (trx) =>
        notify(trx, {
          recipients: [w.alice],
          kind,
          partnershipId: w.partnershipId,
          proposalId: w.proposalId,
          payload: { proposalCode: 'P-1', actorName: 'Bob', text: 'Cost' },
          now: at,
        }),
      )
    const due = await t.db.selectFrom('outbox_deliveries').select('next_attempt_at').execute()
    // 08:00 in Berlin (CEST) the next morning.
    expect(due.map((d) => d.next_attempt_at)).toEqual([
      '2027-05-04T06:00:00.000Z',
      '2027-05-04T06:00:00.000Z',
    ])
    const early = manualWorker(t.db, {
      email: emailChannel(mail),
      now: () => new Date('2027-05-04T05:59:00Z'),
    })
    expect((await early.runOnce()).delivered).toBe(0)
    await early.stop()
    const onTime = manualWorker(t.db, {
      email: emailChannel(mail),
      now: () => new Date('2027-05-04T06:00:00Z'),
    })
    expect((await onTime.runOnce()).delivered).toBe(2)
    await onTime.stop()
    const [digest] = await mail.waitFor(1)
    expect(mail.received).toHaveLength(1)
    expect(digest?.subject).toBe('Concord: 2 updates for you')
    expect(digest?.text).toContain('Bob asked you to review P-1.')
    expect(digest?.text).toContain('Bob raised a concern on P-1: Cost')
  })

  it('without SMTP_URL nothing is sent, the deliveries say why, and emailConfigured says so', async () => {
    expect(emailConfigured({ smtpUrl: null })).toBe(false)
    expect(emailConfigured({ smtpUrl: mail.url })).toBe(true)
    expect(
      createEmailChannel({ smtpUrl: null, mailFrom: 'x@y', publicUrl: PUBLIC_URL, secret: SECRET }),
    ).toBeNull()
    await writeTransaction(t.db, (trx) =>
      notify(trx, {
        recipients: [w.alice],
        kind: 'proposal.approved',
        partnershipId: w.partnershipId,
        payload: { proposalCode: 'P-1' },
      }),
    )
    const worker = manualWorker(t.db, { email: null })
    expect(await worker.runOnce()).toMatchObject({ delivered: 0, skipped: 1 })
    await worker.stop()
    const row = await t.db.selectFrom('outbox_deliveries').selectAll().executeTakeFirstOrThrow()
    expect(row.status).toBe('skipped')
    expect(row.last_error).toContain('SMTP_URL')
    expect(mail.received).toHaveLength(0)
  })

  it('webhooks: signed per Standard Webhooks, retried after a 500, each party told only what it may see', async () => {
    const hondaHook = await startReceiver([500])
    const acmeHook = await startReceiver([])
    try {
      const honda = await addWebhook(t.db, w.honda, hondaHook.url)
      const acme = await addWebhook(t.db, w.acme, acmeHook.url)
      const INTERNAL = 'HONDA-INTERNAL: walk away above 95 USD/kWh'
      await writeTransaction(t.db, (trx) =>
        enqueueWebhooks(trx, {
          partnershipId: w.partnershipId,
          kind: 'concern.raised',
          proposalId: w.proposalId,
          // The builder sees the viewer and drops the other party's internal content.
          payloadFor: (viewer) => ({
            viewerPartyId: viewer,
            data: {
              proposalCode: 'P-1',
              ...(viewer === w.honda ? { internalNote: INTERNAL } : {}),
            },
          }),
        }),
      )
      const worker = manualWorker(t.db, {
        webhook: createWebhookChannel(),
        baseBackoffMs: 50,
      })
      expect(await worker.runOnce()).toMatchObject({ delivered: 1, failed: 1 })
      expect(hondaHook.received).toHaveLength(1)
      await new Promise((r) => setTimeout(r, 80))
      expect(await worker.runOnce()).toMatchObject({ delivered: 1, failed: 0 })
      await worker.stop()

      expect(hondaHook.received).toHaveLength(2)
      expect(acmeHook.received).toHaveLength(1)
      const [firstTry, retry] = hondaHook.received as [Received, Received]
      // One event id across attempts: the receiver can drop a repeat.
      expect(retry.headers['webhook-id']).toBe(firstTry.headers['webhook-id'])
      for (const [hook, endpoint] of [
        [retry, honda],
        [acmeHook.received[0] as Received, acme],
      ] as const) {
        const verified = new Webhook(endpoint.secret).verify(hook.body, {
          'webhook-id': String(hook.headers['webhook-id']),
          'webhook-timestamp': String(hook.headers['webhook-timestamp']),
          'webhook-signature': String(hook.headers['webhook-signature']),
        }) as { type: string; data: Record<string, unknown> }
        expect(verified.type).toBe('concern.raised')
        expect(verified.data.proposalId).toBe(w.proposalId)
      }
      expect(JSON.parse(retry.body).data.internalNote).toBe(INTERNAL)
      expect(acmeHook.received[0]?.body).not.toContain('HONDA-INTERNAL')
      // A tampered body or another endpoint's secret does not verify.
      expect(() =>
        new Webhook(acme.secret).verify(retry.body, {
          'webhook-id': String(retry.headers['webhook-id']),
          'webhook-timestamp': String(retry.headers['webhook-timestamp']),
          'webhook-signature': String(retry.headers['webhook-signature']),
        }),
      ).toThrow()

      const log = await webhookDeliveryLog(t.db, honda.id)
      expect(log).toHaveLength(1)
      expect(log[0]).toMatchObject({ status: 'delivered', attempts: 2, type: 'concern.raised' })
      expect(log[0]?.log.map((a) => [a.ok, a.statusCode])).toEqual([
        [false, 500],
        [true, 200],
      ])

      // A builder that answers for another party than the one asked is refused, and the
      // change that called it rolls back.
      await expect(
        writeTransaction(t.db, (trx) =>
          enqueueWebhooks(trx, {
            partnershipId: w.partnershipId,
            kind: 'concern.raised',
            payloadFor: () => ({ viewerPartyId: w.honda, data: { internalNote: INTERNAL } }),
          }),
        ),
      ).rejects.toThrow(/built for party/)
    } finally {
      await hondaHook.close()
      await acmeHook.close()
    }
  })

  it('deadline reminders fall on each party’s own calendar, at 09:00 in its time zone', async () => {
    await writeTransaction(t.db, async (trx) => {
      await setPartyCalendar(trx, { partyId: w.honda, country: 'JP', timeZone: 'Asia/Tokyo' })
      await setPartyCalendar(trx, {
        partyId: w.acme,
        country: 'US',
        timeZone: 'America/New_York',
      })
      await scheduleDeadlineReminders(trx, {
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        decideBy: '2027-05-06',
        partyIds: [w.honda, w.acme],
      })
    })
    const due = async (kind: string, party: string) =>
      (
        await t.db
          .selectFrom('scheduled_reminders')
          .select('due_at')
          .where('kind', '=', kind)
          .where('party_id', '=', party)
          .executeTakeFirstOrThrow()
      ).due_at
    // Golden Week moves Honda's reminder back to Tuesday 27 April; Acme's stays on Monday 3 May.
    expect(await due('decide_by.approaching', w.honda)).toBe('2027-04-27T00:00:00.000Z')
    expect(await due('decide_by.approaching', w.acme)).toBe('2027-05-03T13:00:00.000Z')
    // An owed sign-off escalates 2 business days after: Friday 7, Monday 10 May.
    expect(await due('signoff.escalated', w.honda)).toBe('2027-05-10T00:00:00.000Z')

    // Honda's admin closes 26–27 April too: scheduling again moves its reminder, once.
    await writeTransaction(t.db, async (trx) => {
      for (const date of ['2027-04-26', '2027-04-27'])
        await addShutdownDay(trx, { partyId: w.honda, date, label: 'Golden Week', createdBy: null })
      await scheduleDeadlineReminders(trx, {
        partnershipId: w.partnershipId,
        proposalId: w.proposalId,
        decideBy: '2027-05-06',
        partyIds: [w.honda, w.acme],
      })
    })
    // 30 April, 28 April, (26–27 closed, a weekend) 23 April.
    expect(await due('decide_by.approaching', w.honda)).toBe('2027-04-23T00:00:00.000Z')
    const rows = await t.db.selectFrom('scheduled_reminders').select('id').execute()
    expect(rows).toHaveLength(6)
    await expect(
      writeTransaction(t.db, (trx) =>
        setPartyCalendar(trx, { partyId: w.acme, country: 'XX', timeZone: 'UTC' }),
      ),
    ).rejects.toThrow(/Unknown country code XX/)
  })

  // SKIP LOCKED is PostgreSQL's: SQLite has one writer at a time, so no row is ever being
  // claimed by another instance while this one looks (the two-instance test below covers both).
  it.runIf(kind === 'postgres')(
    'an instance skips the rows another instance is claiming instead of waiting for them',
    async () => {
      const second = connect({ kind: 'postgres', url: t.url ?? '', schema: t.schema, poolSize: 2 })
      try {
        await writeTransaction(t.db, (trx) =>
          notify(trx, {
            recipients: [w.alice, w.hana, w.bob],
            kind: 'review.requested',
            partnershipId: w.partnershipId,
            payload: { proposalCode: 'P-1' },
          }),
        )
        await t.db.transaction().execute(async (trx) => {
          // Instance A's claim is under way (its transaction holds the row locks) ...
          const a = await claimDeliveries(trx, 'A', { now: new Date(), claimMs: 60_000, limit: 2 })
          expect(a).toHaveLength(2)
          // ... and instance B takes the remaining row at once, without waiting for A.
          const b = await claimDeliveries(second, 'B', {
            now: new Date(),
            claimMs: 60_000,
            limit: 10,
          })
          expect(b).toHaveLength(1)
          expect(a.map((r) => r.id)).not.toContain(b[0]?.id)
        })
        const owners = await t.db.selectFrom('outbox_deliveries').select('claimed_by').execute()
        expect(owners.map((o) => o.claimed_by).sort()).toEqual(['A', 'A', 'B'])
      } finally {
        await second.destroy()
      }
    },
  )

  it('two instances deliver each delivery exactly once and fire each reminder once', async () => {
    const second =
      t.kind === 'postgres'
        ? connect({ kind: 'postgres', url: t.url ?? '', schema: t.schema, poolSize: 3 })
        : connect({ kind: 'sqlite', file: t.file ?? '' })
    // Two SQLite "instances" here are two connections in one process: one that waits for the
    // write lock (busy_timeout) blocks the very thread the holder needs to finish, so each
    // collision would stall both for the whole timeout (5 s). Real instances are processes; here
    // a short wait turns a collision into a quick SQLITE_BUSY that the worker retries.
    const shortWait = t.kind === 'sqlite'
    if (shortWait) for (const db of [t.db, second]) await sql`pragma busy_timeout = 50`.execute(db)
    try {
      const N = 30
      await writeTransaction(t.db, async (trx) => {
        for (let i = 0; i < N; i++)
          await notify(trx, {
            recipients: [[w.alice, w.hana, w.bob][i % 3] as string],
            kind: 'review.requested',
            partnershipId: w.partnershipId,
            proposalId: w.proposalId,
            payload: { proposalCode: `P-${i}` },
          })
        for (const party of [w.honda, w.acme])
          await scheduleReminder(trx, {
            kind: 'decide_by.approaching',
            partnershipId: w.partnershipId,
            proposalId: w.proposalId,
            partyId: party,
            dueAt: new Date(Date.now() - 1000),
          })
      })
      // Attempts, not effects: a handler whose transaction rolls back (SQLite's BUSY_SNAPSHOT
      // when the other instance wrote first) runs again, and only a committed run counts.
      const attempts: string[] = []
      const errors: unknown[] = []
      const onReminder: WorkerConfig['onReminder'] = async (trx, reminder) => {
        attempts.push(reminder.id)
        await notify(trx, {
          recipients: [w.alice],
          kind: 'decide_by.approaching',
          partnershipId: reminder.partnership_id,
          proposalId: reminder.proposal_id,
          payload: { proposalCode: 'P-1', decideBy: '2027-05-06' },
        })
      }
      const workers = [
        startDeliveryWorker(t.db, {
          email: emailChannel(mail),
          onReminder,
          batchSize: 4,
          pollMs: 20,
          onError: (error) => errors.push(error),
        }),
        startDeliveryWorker(second, {
          email: emailChannel(mail),
          onReminder,
          batchSize: 4,
          pollMs: 20,
          onError: (error) => errors.push(error),
        }),
      ]
      await mail.waitFor(N + 2, 20_000)
      await new Promise((r) => setTimeout(r, 300))
      await Promise.all(workers.map((x) => x.stop()))

      const reminded = await t.db
        .selectFrom('notifications')
        .select('id')
        .where('kind', '=', 'decide_by.approaching')
        .execute()
      expect(reminded).toHaveLength(2)
      expect(attempts.length).toBeGreaterThanOrEqual(2)
      const reminders = await t.db.selectFrom('scheduled_reminders').select('status').execute()
      expect(reminders.map((r) => r.status)).toEqual(['done', 'done'])
      expect(mail.received).toHaveLength(N + 2)
      const ids = mail.received.map((m) => m.messageId)
      expect(new Set(ids).size).toBe(N + 2)
      // Any error was a lost race that rolled back (two SQLite connections writing at once),
      // never a failure to deliver.
      for (const error of errors) expect(String(error)).toMatch(/BUSY|locked|claim/i)
      const statuses = await t.db.selectFrom('outbox_deliveries').select('status').execute()
      expect(statuses.every((s) => s.status === 'delivered')).toBe(true)
    } finally {
      if (shortWait) await sql`pragma busy_timeout = 5000`.execute(t.db)
      await second.destroy()
    }
  })
})

async function addWebhook(db: Db, partyId: string, url: string) {
  return writeTransaction(db, (trx) =>
    addWebhookEndpoint(trx, {
      partyId,
      partnershipId: null,
      url,
      eventKinds: ['concern.raised', 'proposal.approved'],
      createdBy: null,
    }),
  )
}

async function optOuts(db: Db, userId: string): Promise<string[]> {
  const row = await db
    .selectFrom('notification_preferences')
    .select('opt_outs')
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row ? (JSON.parse(row.opt_outs) as string[]) : []
}

describe('unsubscribe tokens', () => {
  it('verify only with the server secret and a known scope', () => {
    const token = signUnsubscribeToken(SECRET, 'user-1', '*')
    expect(verifyUnsubscribeToken(SECRET, token)).toEqual({ userId: 'user-1', scope: '*' })
    expect(verifyUnsubscribeToken(SECRET, `${token}.extra`)).toBeNull()
    expect(verifyUnsubscribeToken(SECRET, 'garbage')).toBeNull()
    expect(verifyUnsubscribeToken(SECRET, '')).toBeNull()
  })
})
