/**
 * Notifications wired into the proposal lifecycle (issue 13): the right people are told the right
 * things, in the transaction of the change; nobody is told of another party's private content;
 * email reaches a real SMTP server in the recipient's language, with an unsubscribe link that
 * works without signing in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTransaction } from '../../db/connect'
import { createApp } from '../../server/app'
import { loadProposal } from '../../server/domain/proposals/access'
import { remindAbout } from '../../server/domain/proposals/notices'
import { transition } from '../../server/domain/proposals/transition'
import { loadSessionUser } from '../../server/domain/users'
import { createEmailChannel } from '../../server/notify/email'
import { startDeliveryWorker } from '../../server/notify/outbox'
import { addWebhookEndpoint } from '../../server/notify/webhooks'
import { NOTIFICATION_KINDS } from '../../shared/notification-kinds'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { startMailServer } from '../helpers/mail'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fileProposal,
  proposalInState,
  refusal,
  withCachedCallers,
} from '../helpers/workflow'

const SECRET = 'notifications-test-secret-0123456789abcdef'
const PUBLIC_URL = 'https://concord.example.test'

async function kindsOf(world: DemoWorld, email: string, proposalId: string) {
  const rows = await world.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.recipient_id')
    .select('n.kind')
    .where('u.email', '=', email)
    .where('n.proposal_id', '=', proposalId)
    .orderBy('n.created_at')
    .execute()
  return rows.map((r) => r.kind).sort()
}

/** Every notification and queued webhook body that reached people or systems of `party`. */
async function everythingToldTo(world: DemoWorld, party: string) {
  const notes = await world.db
    .selectFrom('notifications as n')
    .innerJoin('users as u', 'u.id', 'n.recipient_id')
    .innerJoin('parties as pa', 'pa.id', 'u.party_id')
    .select(['n.kind', 'n.payload', 'n.proposal_id'])
    .where('pa.code', '=', party)
    .execute()
  const hooks = await world.db
    .selectFrom('outbox_deliveries as d')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .innerJoin('parties as pa', 'pa.id', 'w.party_id')
    .select(['d.payload'])
    .where('pa.code', '=', party)
    .execute()
  return { notes, hooks, text: JSON.stringify([notes, hooks]) }
}

describe.each(DATABASE_KINDS)('notifications (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex

  beforeAll(async () => {
    world = withCachedCallers(await demoWorld(kind))
    ix = await demoIndex(world)
  })
  afterAll(async () => {
    await world.destroy()
  })

  it('tells reviewers, the author, the owing party’s signers and followers what waits on them', async () => {
    const { id } = await proposalInState(world, ix, 'approved', {
      author: 'member@honda.example',
      title: 'Joint cell tender for 2027',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      concernBy: 'lead@nissan.example',
    })
    // Reviewers were asked; the author heard of the concern, its resolution and the outcome.
    expect(await kindsOf(world, 'engineer@honda.example', id)).toEqual([
      'proposal.approved',
      'review.requested',
    ])
    expect(await kindsOf(world, 'member@nissan.example', id)).toEqual([
      'proposal.approved',
      'review.requested',
    ])
    expect(await kindsOf(world, 'member@honda.example', id)).toEqual([
      'concern.raised',
      'concern.resolved',
      'proposal.approved',
    ])
    // Sign-off owed went to the eligible leads of each party (a decision of WS-BAT: its leads
    // and the partnership leads), each with their own party named.
    for (const email of ['lead@honda.example', 'battery.lead@honda.example'])
      expect(await kindsOf(world, email, id)).toContain('signoff.owed')
    // The one who raised and resolved the concern is not told of their own acts.
    expect(await kindsOf(world, 'lead@nissan.example', id)).toEqual(['signoff.owed'])
    const owed = await world.db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.recipient_id')
      .innerJoin('parties as pa', 'pa.id', 'u.party_id')
      .select(['n.payload', 'pa.code'])
      .where('n.proposal_id', '=', id)
      .where('n.kind', '=', 'signoff.owed')
      .execute()
    expect(owed.length).toBe(4)
    for (const row of owed) expect(JSON.parse(row.payload).partyCode).toBe(row.code)
    // Someone who merely works in the partnership was told nothing.
    expect(await kindsOf(world, 'software.lead@nissan.example', id)).toEqual([])
  })

  it('tells the author and reviewers of a rejection, with its reason; followers too', async () => {
    const { id, caller } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'Shared cathode supplier',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    const watcher = await world.as('software.lead@nissan.example')
    const version = (
      await caller.proposal.submit({
        proposalId: id,
        expectedVersion: await currentVersion(caller, id),
      })
    ).version
    expect(await watcher.notification.follow({ proposalId: id })).toEqual({
      proposalId: id,
      following: true,
    })
    expect(await watcher.notification.following({ proposalId: id })).toMatchObject({
      following: true,
    })
    const nissanLead = await world.as('lead@nissan.example')
    await nissanLead.proposal.reject({
      proposalId: id,
      expectedVersion: version,
      rationale: 'The supplier cannot meet our volumes.',
    })
    for (const email of [
      'member@honda.example',
      'engineer@honda.example',
      'member@nissan.example',
      'software.lead@nissan.example',
    ]) {
      const list = await (await world.as(email)).notification.list({ limit: 50 })
      const rejected = list.items.find((n) => n.proposalId === id && n.kind === 'proposal.rejected')
      expect(rejected?.payload).toMatchObject({
        text: 'The supplier cannot meet our volumes.',
        partyCode: 'NISSAN',
        actorName: 'Rina Nakamura',
      })
      expect(rejected?.payload.proposalCode).toMatch(/^P-\d+$/)
    }
    // The rejecter is not told of their own act.
    expect(await kindsOf(world, 'lead@nissan.example', id)).toEqual([])
  })

  it('a change that rolls back notifies nobody', async () => {
    const { id } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'A submission that fails late',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    const before = await world.db
      .selectFrom('outbox_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    const user = await loadSessionUser(
      world.db,
      (
        await world.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'member@honda.example')
          .executeTakeFirstOrThrow()
      ).id,
    )
    if (!user) throw new Error('no user')
    // The real submission, notifications and all, in a transaction that then fails.
    await expect(
      writeTransaction(world.db, async (trx) => {
        const p = await loadProposal(trx, user, id)
        await transition(trx, user, p, 'submit', {
          expectedVersion: p.version,
          apply: async () => ({ changes: { submitted_at: new Date().toISOString() }, result: 0 }),
        })
        const told = await trx
          .selectFrom('notifications')
          .select('id')
          .where('proposal_id', '=', id)
          .execute()
        expect(told.length).toBe(2)
        throw new Error('the disk is full')
      }),
    ).rejects.toThrow('the disk is full')
    expect(await kindsOf(world, 'engineer@honda.example', id)).toEqual([])
    expect(await kindsOf(world, 'member@nissan.example', id)).toEqual([])
    const after = await world.db
      .selectFrom('outbox_deliveries')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  it('nobody of Nissan is told of a Honda draft or a Honda internal comment, by notification or webhook', async () => {
    const nissanAdmin = await world.db
      .selectFrom('parties')
      .select('id')
      .where('code', '=', 'NISSAN')
      .executeTakeFirstOrThrow()
    await writeTransaction(world.db, (trx) =>
      addWebhookEndpoint(trx, {
        partyId: nissanAdmin.id,
        partnershipId: world.partnershipId,
        url: 'https://erp.nissan.example/hooks',
        eventKinds: Object.keys(NOTIFICATION_KINDS),
        createdBy: null,
      }),
    )
    // A Honda draft with a Nissan reviewer already assigned, followed by Honda people, withdrawn
    // before submission: its own party may hear of it, Nissan never.
    const { id: draftId, caller: author } = await fileProposal(world, ix, 'member@honda.example', {
      title: 'HONDA-SECRET draft title',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    const nissan = await world.as('member@nissan.example')
    expect((await refusal(nissan.notification.follow({ proposalId: draftId }))).code).toBe(
      'NOT_FOUND',
    )
    await (await world.as('engineer@honda.example')).notification.follow({ proposalId: draftId })
    await author.comment.add({
      proposalId: draftId,
      body: 'HONDA-SECRET mention @member@nissan.example and @engineer@honda.example',
      visibility: 'joint',
    })
    await author.proposal.withdraw({
      proposalId: draftId,
      expectedVersion: await currentVersion(author, draftId),
      reason: 'Not yet.',
    })
    expect(await kindsOf(world, 'engineer@honda.example', draftId)).toEqual([
      'mention',
      'proposal.withdrawn',
    ])
    expect(await kindsOf(world, 'member@nissan.example', draftId)).toEqual([])

    // A submitted proposal: an internal Honda comment mentioning a Nissan and a Honda person.
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Joint recycling pilot',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
    })
    await author.comment.add({
      proposalId: id,
      body: 'HONDA-SECRET internal: @member@nissan.example @lead@honda.example',
      visibility: 'internal',
    })
    await author.comment.add({
      proposalId: id,
      body: 'Joint question for @member@nissan.example',
      visibility: 'joint',
    })
    expect(await kindsOf(world, 'lead@honda.example', id)).toEqual(['mention'])
    expect(await kindsOf(world, 'member@nissan.example', id)).toEqual([
      'mention',
      'review.requested',
    ])
    const toNissan = await everythingToldTo(world, 'NISSAN')
    expect(toNissan.text).not.toContain('HONDA-SECRET')
    expect(toNissan.text).not.toMatch(/HONDA-DRAFT-/)
    expect(toNissan.notes.some((n) => n.proposal_id === draftId)).toBe(false)
    // Nissan's systems did hear of the joint events.
    expect(toNissan.hooks.some((h) => h.payload?.includes('Joint question'))).toBe(true)
    // Honda's own people did hear of their internal comment.
    expect((await everythingToldTo(world, 'HONDA')).text).toContain('HONDA-SECRET internal')
  })

  // The stuck amendment of the issue, and who is told of it: test/api/waits.test.ts.

  it('lists newest first, pages, counts unread, marks read; refuses garbage politely', async () => {
    const me = await world.as('member@nissan.example')
    const all = await me.notification.list({ limit: 100 })
    expect(all.items.length).toBeGreaterThan(2)
    const times = all.items.map((n) => n.createdAt)
    expect([...times].sort().reverse()).toEqual(times)
    const first = await me.notification.list({ limit: 2 })
    expect(first.nextCursor).not.toBeNull()
    const second = await me.notification.list({ limit: 2, cursor: first.nextCursor })
    expect(second.items.map((n) => n.id)).toEqual(all.items.slice(2, 4).map((n) => n.id))
    const unread = (await me.notification.unreadCount()).count
    expect(unread).toBe(all.items.length)
    const firstId = all.items[0]?.id as string
    expect(await me.notification.markRead({ ids: [firstId] })).toEqual({ updated: 1 })
    expect((await me.notification.unreadCount()).count).toBe(unread - 1)
    expect((await me.notification.list({ unreadOnly: true, limit: 100 })).items.length).toBe(
      unread - 1,
    )
    // Someone else's notification cannot be marked by me.
    const other = await world.as('member@honda.example')
    const theirs = (await other.notification.list({ limit: 1 })).items[0]?.id as string
    expect(await me.notification.markRead({ ids: [theirs] })).toEqual({ updated: 0 })
    expect(await me.notification.markAllRead()).toEqual({ updated: unread - 1 })
    expect((await me.notification.unreadCount()).count).toBe(0)
    expect((await refusal(me.notification.list({ cursor: 'nonsense' }))).code).toBe('BAD_REQUEST')
    expect((await refusal(me.notification.markRead({ ids: ['x'] }))).code).toBe('BAD_REQUEST')
    expect((await refusal(world.anonymous().notification.unreadCount())).code).toBe('UNAUTHORIZED')
  })

  it('email preferences: read, changed, validated', async () => {
    const me = await world.as('member@honda.example')
    expect(await me.notification.preferences()).toEqual({
      emailMode: 'immediate',
      optOuts: [],
      timeZone: 'UTC',
      digestHour: 8,
      locale: null,
      // The test configuration sets no SMTP_URL: this deployment sends no email, and says so.
      emailAvailable: false,
    })
    const changed = await me.notification.setPreferences({
      emailMode: 'digest',
      optOuts: ['mentions', 'reviews'],
      timeZone: 'Asia/Tokyo',
      digestHour: 9,
      locale: 'ja',
    })
    expect(changed).toEqual({
      emailMode: 'digest',
      optOuts: ['reviews', 'mentions'],
      timeZone: 'Asia/Tokyo',
      digestHour: 9,
      locale: 'ja',
      emailAvailable: false,
    })
    const bad = await refusal(
      me.notification.setPreferences({
        emailMode: 'immediate',
        optOuts: [],
        timeZone: 'Mars/Olympus',
        digestHour: 8,
      }),
    )
    expect(bad.code).toBe('BAD_REQUEST')
    expect(bad.message).toContain('time zone')
  })

  it('sends email in Japanese to a Japanese-language lead, with an unsubscribe link that works without signing in', async () => {
    const mail = await startMailServer()
    const email = createEmailChannel({
      smtpUrl: mail.url,
      mailFrom: 'Concord <concord@example.test>',
      publicUrl: PUBLIC_URL,
      secret: SECRET,
    })
    const worker = startDeliveryWorker(world.db, { email, poll: false })
    try {
      // Clear what earlier tests queued, so this test counts its own mail.
      await world.db
        .updateTable('outbox_deliveries')
        .set({ status: 'skipped' })
        .where('status', '=', 'pending')
        .execute()
      const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
        author: 'member@nissan.example',
        title: '電池の共同調達',
        reviewers: ['engineer@honda.example', 'battery.lead@nissan.example'],
        workstream: 'WS-BAT',
      })
      await worker.runOnce()
      const received = await mail.waitFor(1)
      const toLead = received.filter((m) => {
        const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : []
        return to.some((a) => a.value.some((v) => v.address === 'lead@honda.example'))
      })
      const message = toLead.find((m) => m.subject?.includes('電池の共同調達'))
      expect(message?.subject).toContain('承認を待っています')
      expect(message?.text).toContain('Takeshi Mori 様')
      expect(message?.text).toContain(`${PUBLIC_URL}/proposals/${id}`)
      expect(message?.headers.get('content-language')).toBe('ja')
      const link = /https:\/\/\S+\/notifications\/unsubscribe\?token=\S+/
        .exec(message?.text ?? '')?.[0]
        ?.replace(/^.*?(https)/, '$1')
      expect(link).toBeDefined()
      const stopSignoffs = (message?.text ?? '')
        .split('\n')
        .find((l) => l.includes('「承認」のメールを停止'))
      const url = new URL((stopSignoffs ?? '').split(/\s/).find((w) => w.startsWith('https')) ?? '')
      const app = createApp({ db: world.db, config: testConfig(), notifySecret: SECRET })
      const page = await app.request(`${url.pathname}${url.search}`)
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('lang="ja"')
      expect(html).toContain('メールを停止する')
      // GET changed nothing; the button's POST does.
      const lead = await world.as('lead@honda.example')
      expect((await lead.notification.preferences()).optOuts).toEqual([])
      const done = await app.request(`${url.pathname}${url.search}`, { method: 'POST' })
      expect(done.status).toBe(200)
      expect(await done.text()).toContain('停止しました')
      expect((await lead.notification.preferences()).optOuts).toEqual(['signoffs'])
      const forged = await app.request(`${url.pathname}?token=${url.searchParams.get('token')}x`)
      expect(forged.status).toBe(400)
    } finally {
      await worker.stop()
      email?.close()
      await mail.close()
    }
  })

  it('schedules decide-by reminders once submitted, tells who is waited on when one falls due, cancels them on close', async () => {
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Battery passport format',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      decideBy: '2027-05-06',
    })
    const reminders = await world.db
      .selectFrom('scheduled_reminders')
      .selectAll()
      .where('proposal_id', '=', id)
      .execute()
    expect(reminders.map((r) => r.kind).sort()).toEqual([
      'decide_by.approaching',
      'decide_by.approaching',
      'decide_by.overdue',
      'decide_by.overdue',
      'signoff.escalated',
      'signoff.escalated',
    ])
    const nissanOverdue = await world.db
      .selectFrom('scheduled_reminders as r')
      .innerJoin('parties as pa', 'pa.id', 'r.party_id')
      .selectAll('r')
      .where('r.proposal_id', '=', id)
      .where('r.kind', '=', 'decide_by.overdue')
      .where('pa.code', '=', 'NISSAN')
      .executeTakeFirstOrThrow()
    await writeTransaction(world.db, (trx) =>
      remindAbout(trx, nissanOverdue, new Date('2027-05-07T09:00:00Z')),
    )
    // Nissan's pending reviewer is told; Honda's people are not (the reminder is Nissan's).
    expect(await kindsOf(world, 'member@nissan.example', id)).toContain('decide_by.overdue')
    expect(await kindsOf(world, 'engineer@honda.example', id)).not.toContain('decide_by.overdue')
    const author = await world.as('member@honda.example')
    await author.proposal.withdraw({
      proposalId: id,
      expectedVersion: await currentVersion(author, id),
      reason: 'Superseded by the EU regulation.',
    })
    const left = await world.db
      .selectFrom('scheduled_reminders')
      .select('status')
      .where('proposal_id', '=', id)
      .execute()
    expect(left.every((r) => r.status === 'cancelled')).toBe(true)
  })

  it('sends a decide-by reminder to whoever the waits rule says the proposal waits on, of the reminder’s party', async () => {
    // Nissan's lead raised a concern: the proposal now waits on them (to resolve it) too, though
    // they are neither a reviewer nor a signer; Honda's pending reviewer is Honda's reminder's.
    const { id } = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Cell supplier audit',
      reviewers: ['engineer@honda.example', 'member@nissan.example'],
      concernBy: 'lead@nissan.example',
      decideBy: '2027-06-10',
    })
    const nissanApproaching = await world.db
      .selectFrom('scheduled_reminders as r')
      .innerJoin('parties as pa', 'pa.id', 'r.party_id')
      .selectAll('r')
      .where('r.proposal_id', '=', id)
      .where('r.kind', '=', 'decide_by.approaching')
      .where('pa.code', '=', 'NISSAN')
      .executeTakeFirstOrThrow()
    await writeTransaction(world.db, (trx) =>
      remindAbout(trx, nissanApproaching, new Date('2027-06-07T09:00:00Z')),
    )
    expect(await kindsOf(world, 'lead@nissan.example', id)).toContain('decide_by.approaching')
    expect(await kindsOf(world, 'member@nissan.example', id)).toContain('decide_by.approaching')
    // Honda's people, the author included, are Honda's reminder's; Nissan's others are not waited on.
    for (const email of ['engineer@honda.example', 'member@honda.example', 'lead@honda.example'])
      expect(await kindsOf(world, email, id), email).not.toContain('decide_by.approaching')
    expect(await kindsOf(world, 'engineer@nissan.example', id)).not.toContain(
      'decide_by.approaching',
    )
  })
})
