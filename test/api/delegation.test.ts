/**
 * Delegation within a party (issue 14, ADR 0030): a lead lends signing power to a person of the
 * same party for a day range, once a second person of the party approved; a delegate's sign-off
 * says whom it was for; it ends by itself, or when revoked; the other party sees it and can
 * change nothing of it.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { notificationPath } from '../../shared/notification-kinds'
import { type DemoWorld, demoWorld } from '../helpers/api'
import { DATABASE_KINDS } from '../helpers/db'
import {
  currentVersion,
  type DemoIndex,
  demoIndex,
  fingerprint,
  ledgerRows,
  proposalInState,
  refusal,
} from '../helpers/workflow'

const REVIEWERS = ['battery.lead@honda.example', 'battery.lead@nissan.example']
const MORI = 'lead@honda.example'
const ITO = 'software.lead@honda.example'
const HONDA_ADMIN = 'admin@honda.example'

function ruleOf(error: { cause?: unknown }): string | undefined {
  return (error.cause as { rule?: { name: string } } | undefined)?.rule?.name
}

/** The text of a PDF, as a PDF text extractor (pdf.js) reads it. */
async function pdfText(base64: string): Promise<string> {
  const data = new Uint8Array(Buffer.from(base64, 'base64'))
  const pdf = await getDocument({ data, useSystemFonts: false, disableFontFace: true }).promise
  let text = ''
  for (let n = 1; n <= pdf.numPages; n++) {
    for (const item of (await (await pdf.getPage(n)).getTextContent()).items) {
      if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '')
    }
  }
  return text
}

function dayOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
}

describe.each(DATABASE_KINDS)('delegation within a party (%s)', (kind) => {
  let world: DemoWorld
  let ix: DemoIndex
  beforeAll(async () => {
    world = await demoWorld(kind)
    ix = await demoIndex(world)
    // The demo's own delegation (Mori → Ito) would make these tests' first steps moot: end it.
    await world.db.updateTable('delegations').set({ status: 'revoked' }).execute()
  })
  afterAll(() => world?.destroy())

  /** Mori asks to let Ito sign for him, and Honda's admin approves. */
  async function approvedDelegation(range = { startsOn: dayOffset(-1), endsOn: dayOffset(7) }) {
    const mori = await world.as(MORI)
    const { delegationId } = await mori.people.createDelegation({
      partnershipId: world.partnershipId,
      delegateId: ix.user(ITO),
      reason: 'Travelling to the Geneva show.',
      ...range,
    })
    await (await world.as(HONDA_ADMIN)).people.approveDelegation({ delegationId })
    return delegationId
  }

  const signAs = async (email: string, id: string, onBehalfOf?: string) => {
    const caller = await world.as(email)
    return caller.proposal.signOff({
      proposalId: id,
      expectedVersion: await currentVersion(caller, id),
      verdict: 'approve',
      rationale: 'Within the agreed budget.',
      onBehalfOf,
    })
  }

  it('takes a second person of the party; then the delegate signs "for" the lead, on every record', async () => {
    const mori = await world.as(MORI)
    const { delegationId, status } = await mori.people.createDelegation({
      partnershipId: world.partnershipId,
      delegateId: ix.user(ITO),
      startsOn: dayOffset(-1),
      endsOn: dayOffset(7),
      reason: 'Travelling to the Geneva show.',
    })
    expect(status).toBe('pending')
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Second source for LFP cells',
      reviewers: REVIEWERS,
    })
    // Pending: nothing in force yet.
    const early = await refusal(signAs(ITO, id, ix.user(MORI)))
    expect(early.code).toBe('FORBIDDEN')
    expect(ruleOf(early)).toBe('delegationNotInForce')
    // The lead who asked is not the second person; nor is the delegate.
    const self = await refusal((await world.as(MORI)).people.approveDelegation({ delegationId }))
    expect(self.code).toBe('FORBIDDEN')
    expect(ruleOf(self)).toBe('delegationSecondPerson')
    const delegate = await refusal((await world.as(ITO)).people.approveDelegation({ delegationId }))
    expect(delegate.code).toBe('FORBIDDEN')
    // A member holds no confirming role.
    const member = await refusal(
      (await world.as('member@honda.example')).people.approveDelegation({ delegationId }),
    )
    expect(ruleOf(member)).toBe('delegationApproverRole')
    // The other party's lead and admin cannot approve it.
    for (const email of ['lead@nissan.example', 'admin@nissan.example']) {
      const refused = await refusal(
        (await world.as(email)).people.approveDelegation({ delegationId }),
      )
      expect(refused.code).toBe('FORBIDDEN')
      expect(ruleOf(refused)).toBe('delegationOwnPartyOnly')
    }
    const admin = await world.as(HONDA_ADMIN)
    const approved = await admin.people.approveDelegation({ delegationId })
    expect(approved.state).toBe('active')

    // Ito is a lead of another workstream: in her own right she cannot sign this one.
    const own = await refusal(signAs(ITO, id))
    expect(own.code).toBe('FORBIDDEN')
    const itoView = await (await world.as(ITO)).proposal.get({ proposalId: id })
    expect(itoView.myActions).not.toContain('sign_off')
    expect(itoView.delegateSigning).toEqual([
      expect.objectContaining({
        delegationId,
        onBehalfOf: { id: ix.user(MORI), name: 'Takeshi Mori' },
        actions: ['sign_off', 'reject'],
      }),
    ])
    await signAs(ITO, id, ix.user(MORI))

    // The other party sees whom the signature was for.
    const nissan = await world.as('lead@nissan.example')
    const seen = await nissan.proposal.get({ proposalId: id })
    const key = seen.signoffStatus.find((s) => s.party === 'HONDA')
    expect(key?.status).toBe('approved')
    expect(key?.by?.name).toBe('Aiko Ito')
    expect(key?.for?.name).toBe('Takeshi Mori')
    expect(seen.signoffs.find((s) => s.party === 'HONDA')?.onBehalfOf?.name).toBe('Takeshi Mori')
    // … and the delegation itself: who may sign for whom, until when.
    const listed = await nissan.people.delegations({ partnershipId: world.partnershipId })
    expect(listed.find((d) => d.id === delegationId)).toMatchObject({
      party: 'HONDA',
      delegator: { name: 'Takeshi Mori' },
      delegate: { name: 'Aiko Ito' },
      endsOn: dayOffset(7),
      state: 'active',
      approvedBy: { name: 'Daisuke Ono' },
      canApprove: false,
      canRevoke: false,
    })

    // Every step is in the ledger, the sign-off naming the lead and the delegation.
    const rows = await ledgerRows(world.db)
    const payloads = (action: string) =>
      rows
        .filter((r) => r.action === action)
        .map((r) => JSON.parse(r.payload ?? '{}').after)
        .filter(
          (a) => a?.delegationId === delegationId || a?.onBehalfOf?.delegationId === delegationId,
        )
    expect(payloads('delegation.requested')).toHaveLength(1)
    expect(payloads('delegation.requested')[0]).toMatchObject({
      party: 'HONDA',
      startsOn: dayOffset(-1),
      endsOn: dayOffset(7),
    })
    expect(payloads('delegation.approved')).toHaveLength(1)
    expect(payloads('signoff.recorded')).toEqual([
      expect.objectContaining({
        party: 'HONDA',
        onBehalfOf: { id: ix.user(MORI), name: 'Takeshi Mori', delegationId },
      }),
    ])

    // Nissan signs too: the decision's record names the delegate and the lead.
    await signAs('lead@nissan.example', id)
    const view = await nissan.proposal.get({ proposalId: id })
    expect(view.state).toBe('approved')
    const decision = await nissan.decision.get({ decisionId: view.decision?.id ?? '' })
    const honda = decision.signoffs.find((s) => s.party === 'HONDA')
    expect(honda?.signer.name).toBe('Aiko Ito')
    expect(honda?.onBehalfOf?.name).toBe('Takeshi Mori')
    // The printed record, in both languages.
    const decisionId = view.decision?.id ?? ''
    const en = await pdfText((await nissan.decision.recordPdf({ decisionId, lang: 'en' })).base64)
    expect(en).toContain('Aiko Ito for Takeshi Mori')
    const ja = await pdfText((await mori.decision.recordPdf({ decisionId, lang: 'ja' })).base64)
    expect(ja).toContain('Takeshi Moriの代理 Aiko Ito')
    await mori.people.revokeDelegation({ delegationId })
  })

  it('nobody signs their own proposal: neither the delegate nor the lead may be its author', async () => {
    const delegationId = await approvedDelegation()
    const byIto = await proposalInState(world, ix, 'awaiting_signoff', {
      author: ITO,
      title: 'Shared OTA update channel',
      workstream: 'WS-SW',
      reviewers: ['software.lead@nissan.example', 'member@honda.example'],
    })
    const refused = await refusal(signAs(ITO, byIto.id, ix.user(MORI)))
    expect(refused.code).toBe('FORBIDDEN')
    const byMori = await proposalInState(world, ix, 'awaiting_signoff', {
      author: MORI,
      title: 'Steering committee cadence',
      reviewers: REVIEWERS,
    })
    const before = await fingerprint(world.db, byMori.id)
    const forMori = await refusal(signAs(ITO, byMori.id, ix.user(MORI)))
    expect(forMori.code).toBe('FORBIDDEN')
    expect(await fingerprint(world.db, byMori.id)).toEqual(before)
    const view = await (await world.as(ITO)).proposal.get({ proposalId: byMori.id })
    expect(view.delegateSigning).toEqual([])
    await (await world.as(MORI)).people.revokeDelegation({ delegationId })
  })

  it('ends by itself after its last day: signing as the delegate is refused then', async () => {
    const delegationId = await approvedDelegation()
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Cell chemistry roadmap',
      reviewers: REVIEWERS,
    })
    // Time passes: the range it was approved for now lies in the past.
    await world.db
      .updateTable('delegations')
      .set({
        starts_on: '2020-01-01',
        ends_on: '2020-01-31',
        starts_at: '2019-12-31T15:00:00.000Z',
        ends_at: '2020-01-31T15:00:00.000Z',
      })
      .where('id', '=', delegationId)
      .execute()
    const before = await fingerprint(world.db, id)
    const refused = await refusal(signAs(ITO, id, ix.user(MORI)))
    expect(refused.code).toBe('FORBIDDEN')
    expect(ruleOf(refused)).toBe('delegationNotInForce')
    expect(await fingerprint(world.db, id)).toEqual(before)
    const ito = await world.as(ITO)
    expect((await ito.proposal.get({ proposalId: id })).delegateSigning).toEqual([])
    const listed = await ito.people.delegations({ partnershipId: world.partnershipId })
    expect(listed.find((d) => d.id === delegationId)?.state).toBe('expired')
    // An expired delegation is over: there is nothing left to revoke.
    const over = await refusal((await world.as(MORI)).people.revokeDelegation({ delegationId }))
    expect(over.code).toBe('CONFLICT')
  })

  it('the day range is in the party calendar: the last day is included, until it ends there', async () => {
    await (await world.as(HONDA_ADMIN)).calendar.set({
      partnershipId: world.partnershipId,
      country: 'JP',
      timeZone: 'Asia/Tokyo',
    })
    const mori = await world.as(MORI)
    // The next 1 March to come (a delegation starts within a year of asking).
    const now = new Date()
    const y = now.getUTCFullYear() + (now.getUTCMonth() >= 2 ? 1 : 0)
    const created = await mori.people.createDelegation({
      partnershipId: world.partnershipId,
      delegateId: ix.user(ITO),
      startsOn: `${y}-03-01`,
      endsOn: `${y}-03-31`,
      reason: '',
    })
    // Honda keeps Asia/Tokyo (UTC+9): 1 March starts at 15:00 UTC the day before, and 31 March
    // ends at 15:00 UTC on the 31st.
    const lastOfFebruary = new Date(Date.UTC(y, 2, 0)).toISOString().slice(0, 10)
    expect(created.startsAt).toBe(`${lastOfFebruary}T15:00:00.000Z`)
    expect(created.endsAt).toBe(`${y}-03-31T15:00:00.000Z`)
    const listed = await mori.people.delegations({ partnershipId: world.partnershipId })
    expect(listed.find((d) => d.id === created.delegationId)).toMatchObject({
      state: 'pending',
      timeZone: 'Asia/Tokyo',
      canRevoke: true,
    })
    const backwards = await refusal(
      mori.people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user(ITO),
        startsOn: `${y}-03-31`,
        endsOn: `${y}-03-01`,
        reason: '',
      }),
    )
    expect(ruleOf(backwards)).toBe('delegationEndsBeforeStart')
    // A start years away is refused in words, before any date arithmetic (year 10000 broke it).
    for (const [startsOn, endsOn] of [
      ['2999-03-01', '2999-03-31'],
      ['9999-12-01', '9999-12-31'],
    ] as const) {
      const early = await refusal(
        mori.people.createDelegation({
          partnershipId: world.partnershipId,
          delegateId: ix.user(ITO),
          startsOn,
          endsOn,
          reason: '',
        }),
      )
      expect(early.code).toBe('BAD_REQUEST')
      expect(ruleOf(early)).toBe('delegationTooFarAhead')
    }
    const past = await refusal(
      mori.people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user(ITO),
        startsOn: '2020-01-01',
        endsOn: '2020-01-02',
        reason: '',
      }),
    )
    expect(ruleOf(past)).toBe('delegationEnded')
    // Withdrawn while pending: cancelled, and a ledger event says so.
    const cancelled = await mori.people.revokeDelegation({ delegationId: created.delegationId })
    expect(cancelled.state).toBe('cancelled')
  })

  it('revoked by the lead or the party admin: the delegate is refused from then on', async () => {
    const { id } = await proposalInState(world, ix, 'awaiting_signoff', {
      author: 'member@honda.example',
      title: 'Recycling partner shortlist',
      reviewers: REVIEWERS,
    })
    for (const revoker of [MORI, HONDA_ADMIN]) {
      const delegationId = await approvedDelegation()
      // The delegate cannot end it, nor can the other party's admin or lead.
      for (const email of [ITO, 'admin@nissan.example', 'lead@nissan.example']) {
        const refused = await refusal(
          (await world.as(email)).people.revokeDelegation({ delegationId }),
        )
        expect(refused.code).toBe('FORBIDDEN')
      }
      const done = await (await world.as(revoker)).people.revokeDelegation({ delegationId })
      expect(done.state).toBe('revoked')
      const refused = await refusal(signAs(ITO, id, ix.user(MORI)))
      expect(ruleOf(refused)).toBe('delegationNotInForce')
      const again = await refusal(
        (await world.as(revoker)).people.revokeDelegation({ delegationId }),
      )
      expect(again.code).toBe('CONFLICT')
      const revoked = (await ledgerRows(world.db)).filter(
        (r) =>
          r.action === 'delegation.revoked' &&
          JSON.parse(r.payload ?? '{}').after?.delegationId === delegationId,
      )
      expect(revoked).toHaveLength(1)
    }
  })

  it('tells its own party only: the second person when asked, the delegate and the lead when approved or ended', async () => {
    const told = async (kind: string, since: string) =>
      (
        await world.db
          .selectFrom('notifications as n')
          .innerJoin('users as u', 'u.id', 'n.recipient_id')
          .select(['u.email', 'n.payload'])
          .where('n.kind', '=', kind)
          .where('n.created_at', '>=', since)
          .execute()
      ).map((n) => ({ email: n.email, payload: JSON.parse(n.payload) }))
    const since = new Date().toISOString()
    const range = { startsOn: dayOffset(1), endsOn: dayOffset(5) }
    const { delegationId } = await (await world.as(MORI)).people.createDelegation({
      partnershipId: world.partnershipId,
      delegateId: ix.user(ITO),
      reason: 'Board meeting week.',
      ...range,
    })
    const asked = await told('delegation.requested', since)
    const askedEmails = asked.map((n) => n.email)
    // Honda's admin (a second person) is asked; neither the two concerned, nor anyone at Nissan.
    expect(askedEmails).toContain(HONDA_ADMIN)
    expect(askedEmails).not.toContain(MORI)
    expect(askedEmails).not.toContain(ITO)
    expect(askedEmails.filter((e) => !e.endsWith('@honda.example'))).toEqual([])
    expect(asked[0]?.payload).toMatchObject({ partyCode: 'HONDA', ...range })
    expect(asked[0]?.payload.delegateName).toBeTruthy()

    await (await world.as(HONDA_ADMIN)).people.approveDelegation({ delegationId })
    const approved = (await told('delegation.approved', since)).map((n) => n.email).sort()
    // The lead and the delegate; not the admin who approved it.
    expect(approved).toEqual([ITO, MORI].sort())

    await (await world.as(MORI)).people.revokeDelegation({ delegationId })
    const ended = await told('delegation.ended', since)
    expect(ended.map((n) => n.email)).toEqual([ITO])
    expect(ended[0]?.payload.reasonCode).toBe('revoked')
    // The notification opens the delegations on the workstreams page.
    expect(notificationPath('delegation.ended', null)).toBe('/workstreams#delegations')
  })

  it('the other party and people of no party cannot make a delegation for a party', async () => {
    const events = (await ledgerRows(world.db)).length
    // Nissan's lead naming a Honda delegate: nobody signs for another party.
    const cross = await refusal(
      (await world.as('lead@nissan.example')).people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user(ITO),
        startsOn: dayOffset(0),
        endsOn: dayOffset(3),
        reason: '',
      }),
    )
    expect(cross.code).toBe('FORBIDDEN')
    expect(ruleOf(cross)).toBe('delegateOtherParty')
    // Nissan's admin holds no signing power to lend.
    const admin = await refusal(
      (await world.as('admin@nissan.example')).people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user('member@nissan.example'),
        startsOn: dayOffset(0),
        endsOn: dayOffset(3),
        reason: '',
      }),
    )
    expect(ruleOf(admin)).toBe('delegatorNotLead')
    // An external auditor (of no party, as the operator is of none) manages no party's delegation.
    const external = await world.as('auditor@external-audit.example')
    const fromNoParty = await refusal(
      external.people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user(ITO),
        startsOn: dayOffset(0),
        endsOn: dayOffset(3),
        reason: '',
      }),
    )
    expect(fromNoParty.code).toBe('FORBIDDEN')
    expect(
      (await ledgerRows(world.db)).slice(events).filter((r) => r.action.startsWith('delegation.')),
    ).toEqual([])
    const pending = await (await world.as(MORI)).people.createDelegation({
      partnershipId: world.partnershipId,
      delegateId: ix.user(ITO),
      startsOn: dayOffset(0),
      endsOn: dayOffset(3),
      reason: '',
    })
    const approve = await refusal(
      external.people.approveDelegation({ delegationId: pending.delegationId }),
    )
    expect(approve.code).toBe('FORBIDDEN')
    const revoke = await refusal(
      external.people.revokeDelegation({ delegationId: pending.delegationId }),
    )
    expect(revoke.code).toBe('FORBIDDEN')
    // A person of another party as the delegate of a Honda lead is refused too.
    const foreignDelegate = await refusal(
      (await world.as(MORI)).people.createDelegation({
        partnershipId: world.partnershipId,
        delegateId: ix.user('member@nissan.example'),
        startsOn: dayOffset(0),
        endsOn: dayOffset(3),
        reason: '',
      }),
    )
    expect(ruleOf(foreignDelegate)).toBe('delegateOtherParty')
  })
})
