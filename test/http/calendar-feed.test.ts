/**
 * Each person's calendar feed (issue 14, ADR 0033), over real HTTP: `GET /calendar/<secret>.ics`
 * answers without a session with iCalendar (parsed here as RFC 5545 text), one all-day event on
 * the decide-by date of each proposal that waits on that person; a party's draft reaches only its
 * own author's feed; a reset makes the old address a 404 at once; a wrong or malformed secret is
 * the same bare 404. Only a hash of the secret is stored.
 */
import { randomBytes } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { type DemoWorld, demoWorld, testConfig } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import { AHEAD_YEAR, type DemoIndex, demoIndex, proposalInState } from '../helpers/workflow'

const REVIEWERS = ['engineer@honda.example', 'engineer@nissan.example']

/** RFC 5545: unfolds continuation lines, then each VEVENT's properties by name (parameters kept). */
function parseIcs(text: string) {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n')
  expect(lines[0]).toBe('BEGIN:VCALENDAR')
  expect(lines.filter(Boolean).at(-1)).toBe('END:VCALENDAR')
  const events: Record<string, string>[] = []
  let current: Record<string, string> | null = null
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {}
    else if (line === 'END:VEVENT' && current) {
      events.push(current)
      current = null
    } else if (current) {
      const colon = line.indexOf(':')
      const name = line.slice(0, colon)
      current[name] = line
        .slice(colon + 1)
        .replace(/\\n/gi, '\n')
        .replace(/\\([,;\\])/g, '$1')
    }
  }
  return events
}

describe.each(DATABASE_KINDS)('the calendar feed over HTTP (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  let base: string
  let close: () => Promise<void>
  const codes: Record<'draft' | 'review' | 'signoff', { id: string; code: string }> = {
    draft: { id: '', code: '' },
    review: { id: '', code: '' },
    signoff: { id: '', code: '' },
  }

  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    const server = serve({
      fetch: createApp({ db: world.db, config: testConfig() }).fetch,
      port: 0,
      hostname: '127.0.0.1',
    })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    const lead = await world.as('lead@honda.example')
    const draft = await proposalInState(world, ix, 'draft', {
      author: 'member@honda.example',
      title: 'Honda only: floor price for LFP cells',
      reviewers: REVIEWERS,
      decideBy: `${AHEAD_YEAR}-03-01`,
    })
    codes.draft = { id: draft.id, code: '' }
    const review = await proposalInState(world, ix, 'in_review', {
      author: 'member@honda.example',
      title: 'Feed: thermal test protocol',
      reviewers: REVIEWERS,
      decideBy: `${AHEAD_YEAR}-04-10`,
    })
    codes.review = {
      id: review.id,
      code: (await lead.proposal.get({ proposalId: review.id })).code,
    }
    const signoff = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@nissan.example',
      title: 'Feed: pool the cathode order',
      reviewers: REVIEWERS,
      decideBy: `${AHEAD_YEAR}-05-20`,
    })
    codes.signoff = {
      id: signoff.id,
      code: (await lead.proposal.get({ proposalId: signoff.id })).code,
    }
  })
  afterAll(async () => {
    await close?.()
    await world?.destroy()
  })

  async function feedOf(email: string) {
    const caller = await world.as(email)
    const made = await caller.calendarFeed.reset()
    expect(made.path).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
    return { caller, path: made.path }
  }

  async function get(path: string) {
    // No cookie: the secret in the address is the only credential.
    const res = await fetch(`${base}${path}`)
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
  }

  it('gives a reviewer the decide-by date of the proposal they are asked to review, as an all-day event', async () => {
    const { path } = await feedOf('engineer@nissan.example')
    const res = await get(path)
    expect(res.status).toBe(200)
    expect(res.type).toMatch(/^text\/calendar/)
    const events = parseIcs(res.text)
    const event = events.find((e) => e.UID === `${codes.review.id}.decide-by@concord`)
    expect(event).toBeDefined()
    expect(event?.['DTSTART;VALUE=DATE']).toBe(`${AHEAD_YEAR}0410`)
    expect(event?.['DTEND;VALUE=DATE']).toBe(`${AHEAD_YEAR}0411`)
    expect(event?.SUMMARY).toBe(`${codes.review.code} decide by: Feed: thermal test protocol`)
    // The Honda draft is not theirs to see, nor is anything of it in the feed.
    expect(res.text).not.toContain('floor price')
    expect(res.text).not.toContain(codes.draft.id)
  })

  it("gives a lead the sign-offs their party owes, in their language; the other party's draft never", async () => {
    const nissan = await world.as('lead@nissan.example')
    await nissan.auth.setLanguage({ locale: 'ja' })
    const { path } = await feedOf('lead@nissan.example')
    const events = parseIcs((await get(path)).text)
    const event = events.find((e) => e.UID === `${codes.signoff.id}.decide-by@concord`)
    expect(event?.['DTSTART;VALUE=DATE']).toBe(`${AHEAD_YEAR}0520`)
    expect(event?.SUMMARY).toBe(`${codes.signoff.code} 決定期限：Feed: pool the cathode order`)
    expect(events.map((e) => e.SUMMARY).join('\n')).not.toContain('floor price')
  })

  it('gives the author their own draft; nobody of the other party sees it', async () => {
    const own = parseIcs((await get((await feedOf('member@honda.example')).path)).text)
    const draft = own.find((e) => e.UID === `${codes.draft.id}.decide-by@concord`)
    expect(draft?.['DTSTART;VALUE=DATE']).toBe(`${AHEAD_YEAR}0301`)
    for (const email of ['member@nissan.example', 'engineer@nissan.example']) {
      const text = (await get((await feedOf(email)).path)).text
      expect(text).not.toContain(codes.draft.id)
      expect(text).not.toContain('floor price')
    }
  })

  it('stops answering the old address at once when reset, and keeps only a hash', async () => {
    const first = await feedOf('engineer@honda.example')
    expect((await get(first.path)).status).toBe(200)
    const token = first.path.slice('/calendar/'.length, -'.ics'.length)
    const stored = await world.db.selectFrom('calendar_feeds').select('token_hash').execute()
    expect(stored.some((r) => r.token_hash.includes(token))).toBe(false)
    const status = await first.caller.calendarFeed.status()
    expect(status.active).toBe(true)
    expect(JSON.stringify(status)).not.toContain(token)

    const second = await first.caller.calendarFeed.reset()
    expect(second.path).not.toBe(first.path)
    const old = await get(first.path)
    expect(old.status).toBe(404)
    expect((await get(second.path)).status).toBe(200)

    await first.caller.calendarFeed.stop()
    expect((await get(second.path)).status).toBe(404)
    expect((await first.caller.calendarFeed.status()).active).toBe(false)

    // The address is a credential: each reset and the stop are on record, for Honda's eyes only,
    // without the secret or its hash.
    const events = await world.db
      .selectFrom('ledger_events')
      .select(['action', 'visibility', 'payload'])
      .where('entity_id', '=', ix.user('engineer@honda.example'))
      .where('action', 'in', ['calendar_feed.reset', 'calendar_feed.stopped'])
      .orderBy('seq')
      .execute()
    expect(events.map((e) => [e.action, e.visibility])).toEqual([
      ['calendar_feed.reset', 'party:HONDA'],
      ['calendar_feed.reset', 'party:HONDA'],
      ['calendar_feed.stopped', 'party:HONDA'],
    ])
    const hashes = await world.db.selectFrom('calendar_feeds').select('token_hash').execute()
    for (const e of events) {
      const text = e.payload
      for (const secret of [first.path, second.path])
        expect(text).not.toContain(secret.slice(10, 53))
      for (const h of hashes) expect(text).not.toContain(h.token_hash)
    }
  })

  it("stops answering when its owner's account is disabled by their party's admin", async () => {
    const { path } = await feedOf('member@nissan.example')
    expect((await get(path)).status).toBe(200)
    const admin = await world.as('admin@nissan.example')
    await admin.admin.disableUser({ userId: ix.user('member@nissan.example') })
    const gone = await get(path)
    expect(gone.status).toBe(404)
    expect(gone.text).toBe('Not found')
  })

  it('answers a wrong or malformed secret with the same bare 404', async () => {
    const answers = await Promise.all(
      [
        `/calendar/${randomBytes(32).toString('base64url')}.ics`,
        '/calendar/short.ics',
        `/calendar/${randomBytes(32).toString('base64url')}`,
        "/calendar/'or'1'='1.ics",
      ].map(get),
    )
    for (const a of answers) {
      expect(a.status).toBe(404)
      expect(a.text).toBe('Not found')
    }
  })
})
