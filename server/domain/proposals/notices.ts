/**
 * Who is told what when a proposal changes (issue 13, ADR 0013). `announce` runs inside the
 * mutation's writeTransaction, after its ledger event and automatic steps: the notifications,
 * their email deliveries and the party webhooks commit with the change or not at all.
 *
 * Visibility is the read rule, asked once per recipient: a recipient is told only about a
 * proposal `canSee` lets them read (an unsubmitted draft: its author's party only), and the
 * payload holds only what every such reader may see (the proposal as it is now, joint texts).
 */
import type { Trx } from '../../../db/connect'
import type { Proposal, ScheduledReminder } from '../../../db/schema'
import { businessDaysBetween } from '../../../shared/business-days'
import { proposalCode } from '../../../shared/codes'
import { OPEN_STATES, type ProposalAction, privateTo } from '../../../shared/lifecycle'
import type { NotificationKind, NotificationPayload } from '../../../shared/notification-kinds'
import type { Role } from '../../../shared/roles'
import { type Owner, type Wait, waitKey } from '../../../shared/waits'
import {
  loadPartyCalendar,
  moveRemindersOf,
  scheduleDeadlineReminders,
} from '../../notify/calendar'
import { cancelReminders, notify } from '../../notify/outbox'
import { localDate } from '../../notify/time'
import { enqueueWebhooks } from '../../notify/webhooks'
import { partiesOf } from '../partnerships'
import type { SessionUser } from '../users'
import { canSee } from './access'
import { COOLING_OFF_REMINDER, endCoolingOff } from './escalation'
import type { ProposalEvent } from './events'
import { recusedOn } from './recusals'
import { reviewersOf, signedParties } from './tally'
import { waitsOfProposal } from './waits'

/** Business days of the decide-by reminders; main.ts sets them from the environment. */
const reminderPolicy = { remindBefore: 3, escalateAfter: 2 }

export function setReminderPolicy(policy: { remindBefore: number; escalateAfter: number }) {
  reminderPolicy.remindBefore = policy.remindBefore
  reminderPolicy.escalateAfter = policy.escalateAfter
}

/** Moves one party's pending reminders after its calendar changed (its shutdown days). */
export function moveRemindersOfParty(trx: Trx, partyId: string, now?: Date) {
  return moveRemindersOf(trx, partyId, { ...reminderPolicy, now })
}

type Actor = Pick<SessionUser, 'id' | 'name' | 'partyCode'> | null

/**
 * The people among `ids` who may read `p` now, as `canSee` decides for a signed-in reader;
 * with `party`, only that party's (what is said is that party's internal content).
 */
async function readersOf(
  trx: Trx,
  p: Proposal,
  ids: Iterable<string>,
  party: string | null,
): Promise<string[]> {
  const wanted = [...new Set(ids)]
  if (wanted.length === 0) return []
  const [users, memberships] = await Promise.all([
    trx
      .selectFrom('users')
      .leftJoin('parties', 'parties.id', 'users.party_id')
      .select(['users.id', 'users.status', 'parties.code'])
      .where('users.id', 'in', wanted)
      .execute(),
    trx
      .selectFrom('memberships')
      .select(['user_id', 'role'])
      .where('partnership_id', '=', p.partnership_id)
      .where('user_id', 'in', wanted)
      .execute(),
  ])
  return users
    .filter((u) => {
      if (u.status !== 'active') return false
      if (party !== null && u.code !== party) return false
      const roles = memberships.filter((m) => m.user_id === u.id).map((m) => m.role as Role)
      const reader = { partyCode: u.code, roles: { [p.partnership_id]: roles } }
      return canSee(reader as unknown as SessionUser, p)
    })
    .map((u) => u.id)
}

function followersOf(trx: Trx, proposalId: string) {
  return trx
    .selectFrom('proposal_follows')
    .select('user_id')
    .where('proposal_id', '=', proposalId)
    .execute()
    .then((rows) => rows.map((r) => r.user_id))
}

/** People of a party holding one of these roles in the partnership. */
async function peopleWithRole(trx: Trx, p: Proposal, partyCode: string, roles: Role[]) {
  const rows = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('parties as pa', 'pa.id', 'u.party_id')
    .select('u.id')
    .where('m.partnership_id', '=', p.partnership_id)
    .where('m.role', 'in', roles)
    .where('pa.code', '=', partyCode)
    .execute()
  return rows.map((r) => r.id)
}

/**
 * Who may sign off `p` for a party: its partnership leads, and the leads of the proposal's
 * workstream unless partnership leads must sign; never the author (`relationsFrom`).
 */
export async function eligibleSigners(trx: Trx, p: Proposal, partyCode: string) {
  const ids = new Set(await peopleWithRole(trx, p, partyCode, ['partnership_lead']))
  if (p.needs_partnership_leads !== 1)
    for (const id of await workstreamLeadsOf(trx, p, partyCode)) ids.add(id)
  ids.delete(p.author_id)
  for (const id of await recusedOn(trx, p.id)) ids.delete(id)
  return [...ids]
}

/**
 * Records `kind` for those of `recipients` who may read `p`, and queues the parties' webhooks.
 * `onlyParty`: what is said is that party's own (an internal comment): nobody else hears it.
 */
async function tell(
  trx: Trx,
  p: Proposal,
  kind: NotificationKind,
  recipients: Iterable<string>,
  actor: Actor,
  extra: NotificationPayload = {},
  options: { now?: Date; onlyParty?: string } = {},
) {
  const { now, onlyParty = null } = options
  const payload: NotificationPayload = {
    proposalCode: proposalCode(p),
    proposalTitle: p.title,
    ...(actor ? { actorName: actor.name, actorParty: actor.partyCode } : {}),
    ...extra,
  }
  const readers = await readersOf(trx, p, recipients, onlyParty)
  await notify(trx, {
    recipients: readers,
    kind,
    partnershipId: p.partnership_id,
    proposalId: p.id,
    payload,
    actorId: actor?.id ?? null,
    now,
  })
  const parties = await partiesOf(trx, [p.partnership_id])
  const owner = onlyParty ?? privateTo({ submittedAt: p.submitted_at, authorParty: p.author_party })
  await enqueueWebhooks(trx, {
    partnershipId: p.partnership_id,
    kind,
    proposalId: p.id,
    now,
    // The same read rule: a draft's (or an internal comment's) events reach its own party only.
    payloadFor: (viewerPartyId) => {
      const code = parties.find((x) => x.id === viewerPartyId)?.code
      if (!code || (owner !== null && owner !== code)) return null
      return { viewerPartyId, data: { ...payload } }
    },
  })
}

/** The assigned reviewers who can still review: not those who recused (ADR 0029). */
async function reviewersToAsk(trx: Trx, p: Proposal) {
  const recused = await recusedOn(trx, p.id)
  return (await reviewersOf(trx, p)).map((r) => r.user_id).filter((id) => !recused.has(id))
}

/**
 * The escalation ladder (ADR 0032) is a joint matter: the partnership leads of every party (the
 * steering committee), the author and followers are told; `actor` null when the days moved it.
 */
export async function tellLadder(
  trx: Trx,
  p: Proposal,
  kind: 'proposal.escalated' | 'proposal.reopened',
  actor: Actor,
  extra: NotificationPayload = {},
  now?: Date,
) {
  const leads: string[] = []
  for (const party of await partiesOf(trx, [p.partnership_id]))
    leads.push(...(await peopleWithRole(trx, p, party.code, ['partnership_lead'])))
  await tell(
    trx,
    p,
    kind,
    [...leads, p.author_id, ...(await followersOf(trx, p.id))],
    actor,
    extra,
    {
      now,
    },
  )
}

/** Author, reviewers and followers: those told of an outcome. */
async function stakeholders(trx: Trx, p: Proposal) {
  const reviewers = (await reviewersOf(trx, p)).map((r) => r.user_id)
  return [p.author_id, ...reviewers, ...(await followersOf(trx, p.id))]
}

/**
 * Tells everyone concerned about one transition of `before` into `after` (after the automatic
 * steps). `event` is the action's own ledger event, when it wrote one.
 */
export async function announce(
  trx: Trx,
  user: SessionUser,
  action: ProposalAction,
  before: Proposal,
  after: Proposal,
  event: ProposalEvent | undefined,
  waitsBefore: readonly Wait[] | null = null,
) {
  const p = after
  const followers = () => followersOf(trx, p.id)
  switch (action) {
    case 'submit':
      await tell(trx, p, 'review.requested', await reviewersToAsk(trx, p), user)
      break
    case 'revise':
      // A new revision makes earlier verdicts stale: every reviewer is asked again.
      await tell(trx, p, 'review.requested', await reviewersToAsk(trx, p), user)
      break
    case 'assign_reviewers':
      if (event?.action === 'proposal.reviewers_assigned' && p.submitted_at !== null) {
        const earlier = new Set(event.before.reviewers)
        const added = event.after.reviewers.filter((id) => !earlier.has(id))
        await tell(trx, p, 'review.requested', added, user)
      }
      break
    case 'review':
      if (event?.action === 'review.recorded' && event.after.verdict === 'request_changes')
        await tell(
          trx,
          p,
          'review.changes_requested',
          [p.author_id, ...(await followers())],
          user,
          { text: event.after.comment },
        )
      break
    case 'raise_concern':
      if (event?.action === 'concern.raised')
        await tell(trx, p, 'concern.raised', [p.author_id, ...(await followers())], user, {
          text: event.after.title,
        })
      break
    case 'resolve_concern':
      if (event?.action === 'concern.resolved') {
        const concern = await trx
          .selectFrom('concerns')
          .select(['raised_by', 'title'])
          .where('id', '=', event.after.concernId)
          .executeTakeFirst()
        await tell(
          trx,
          p,
          'concern.resolved',
          [p.author_id, ...(concern ? [concern.raised_by] : []), ...(await followers())],
          user,
          { text: concern?.title },
        )
      }
      break
    case 'reject':
      if (event?.action === 'proposal.rejected')
        await tell(trx, p, 'proposal.rejected', await stakeholders(trx, p), user, {
          text: event.after.rationale,
          partyCode: event.after.party,
        })
      break
    case 'withdraw':
      await tell(trx, p, 'proposal.withdrawn', await stakeholders(trx, p), user)
      break
    case 'escalate':
      if (event?.action === 'proposal.escalated')
        await tellLadder(trx, p, 'proposal.escalated', user, {
          body: event.after.body,
          coolingOffUntil: event.after.coolingOffUntil,
        })
      break
    case 'reopen':
      // A new revision: every reviewer is asked again, and the ladder's audience told.
      await tell(
        trx,
        p,
        'review.requested',
        (await reviewersOf(trx, p)).map((r) => r.user_id),
        user,
      )
      await tellLadder(trx, p, 'proposal.reopened', user)
      break
    default:
      break
  }

  // The automatic steps: sign-off now owed, or approved.
  if (after.state === 'awaiting_signoff' && before.state !== 'awaiting_signoff') {
    const signed = await signedParties(trx, p)
    for (const party of await partiesOf(trx, [p.partnership_id])) {
      if (signed.has(party.code)) continue
      await tell(trx, p, 'signoff.owed', await eligibleSigners(trx, p, party.code), user, {
        partyCode: party.code,
      })
    }
  }
  if (after.state === 'approved' && before.state !== 'approved') {
    await tell(trx, p, 'proposal.approved', await stakeholders(trx, p), user)
  }

  // A wait this change started, which no notice above tells: its owners are told what lacks.
  if (waitsBefore) await tellNewWaits(trx, user, before, after, waitsBefore)

  await keepReminders(trx, before, after)
}

/**
 * The waits of shared/waits.ts that no other notice announces (reviewers to add, a charter code
 * taken meanwhile), told to their owners when they start. The others have their own notices:
 * review requested, changes requested, concern raised, sign-off owed.
 */
const TOLD_AS_WAIT: readonly Wait['kind'][] = ['reviewers_missing', 'charter_conflict']

/**
 * The actions that can start one of those waits on their own proposal: a change of reviewers, a
 * new revision, a return to review. Only these pay for reading the waits before and after.
 */
export const STARTS_TOLD_WAITS: readonly ProposalAction[] = [
  'assign_reviewers',
  'revise',
  'raise_concern',
  // a recusal, or an abstention, can leave a party short of reviewers who can count (ADR 0029)
  'recuse',
  'review',
]

async function tellNewWaits(
  trx: Trx,
  user: SessionUser,
  before: Proposal,
  after: Proposal,
  waitsBefore: readonly Wait[],
) {
  // A draft's waits are its author's checklist.
  if (after.state === 'draft') return
  const known = new Set(before.state === 'draft' ? [] : waitsBefore.map(waitKey))
  for (const wait of await waitsOfProposal(trx, after)) {
    if (!TOLD_AS_WAIT.includes(wait.kind) || known.has(waitKey(wait))) continue
    const owners = await ownerIds(trx, after, wait.owners)
    await tell(trx, after, 'wait.owned', owners, user, {
      reasonCode: wait.kind,
      ...(wait.kind === 'reviewers_missing'
        ? { partyCode: wait.party, have: wait.have, needed: wait.needed }
        : {}),
      ...(wait.kind === 'charter_conflict' ? { text: wait.codes.join(', ') } : {}),
    })
  }
}

/** The people who own a wait: the rule's owners, resolved to people of the partnership. */
async function ownerIds(trx: Trx, p: Proposal, owners: readonly Owner[]): Promise<string[]> {
  const ids = new Set<string>()
  for (const owner of owners) {
    if (owner.who === 'author') ids.add(p.author_id)
    else if (owner.who === 'person') ids.add(owner.userId)
    else if (owner.who === 'party_leads')
      for (const id of await peopleWithRole(trx, p, owner.party, ['partnership_lead'])) ids.add(id)
    else if (owner.action === 'sign_off')
      for (const id of await eligibleSigners(trx, p, owner.party)) ids.add(id)
    else if (owner.action === 'assign_reviewers')
      for (const id of await workstreamLeadsOf(trx, p, owner.party)) ids.add(id)
  }
  return [...ids]
}

/** The leads of the proposal's workstream of a party, who may assign its reviewers. */
async function workstreamLeadsOf(trx: Trx, p: Proposal, partyCode: string) {
  if (!p.workstream_id) return []
  const leads = new Set(await peopleWithRole(trx, p, partyCode, ['workstream_lead']))
  const ofWorkstream = await trx
    .selectFrom('workstream_people')
    .select('user_id')
    .where('workstream_id', '=', p.workstream_id)
    .where('role', '=', 'lead')
    .execute()
  return ofWorkstream.map((r) => r.user_id).filter((id) => leads.has(id))
}

/** Decide-by reminders follow the proposal: scheduled once joint, moved, cancelled on close. */
async function keepReminders(trx: Trx, before: Proposal, after: Proposal) {
  const open = OPEN_STATES.includes(after.state) && after.submitted_at !== null
  if (after.state === 'escalated') {
    // On the ladder (ADR 0032): the deadline reminders go; the end of cooling-off stays.
    await cancelReminders(trx, after.id, [
      'decide_by.approaching',
      'decide_by.overdue',
      'signoff.escalated',
    ])
    return
  }
  if (!open || after.decide_by === null) {
    if (before.submitted_at !== null || after.submitted_at !== null)
      await cancelReminders(trx, after.id)
    return
  }
  const scheduledBefore =
    before.submitted_at !== null && OPEN_STATES.includes(before.state) && before.decide_by
  if (scheduledBefore === after.decide_by) return
  const parties = await partiesOf(trx, [after.partnership_id])
  await scheduleDeadlineReminders(trx, {
    partnershipId: after.partnership_id,
    proposalId: after.id,
    decideBy: after.decide_by,
    partyIds: parties.map((x) => x.id),
    remindBefore: reminderPolicy.remindBefore,
    escalateAfter: reminderPolicy.escalateAfter,
  })
}

/**
 * The worker's reminder handler: when a decide-by reminder or an escalation falls due, tells
 * the people of that party whom the proposal still waits on. A reminder that no longer applies
 * (closed, signed) tells nobody and is marked done.
 */
export async function remindAbout(trx: Trx, reminder: ScheduledReminder, now = new Date()) {
  if (reminder.kind === COOLING_OFF_REMINDER && reminder.proposal_id) {
    await endCoolingOff(trx, reminder.proposal_id, now)
    return
  }
  if (!reminder.proposal_id || !reminder.party_id) return
  const p = await trx
    .selectFrom('proposals')
    .selectAll()
    .where('id', '=', reminder.proposal_id)
    .executeTakeFirst()
  if (!p || p.submitted_at === null || !OPEN_STATES.includes(p.state) || !p.decide_by) return
  const party = await trx
    .selectFrom('parties')
    .select(['id', 'code'])
    .where('id', '=', reminder.party_id)
    .executeTakeFirst()
  if (!party) return
  const signed = await signedParties(trx, p)
  const owesSignoff = p.state === 'awaiting_signoff' && !signed.has(party.code)
  const calendar = await loadPartyCalendar(trx, party.id)
  const today = localDate(now, calendar.timeZone)
  const extra: NotificationPayload = {
    decideBy: p.decide_by,
    businessDays: businessDaysBetween(today, p.decide_by, calendar),
    partyCode: party.code,
  }
  if (reminder.kind === 'signoff.escalated') {
    if (!owesSignoff) return
    const leads = await peopleWithRole(trx, p, party.code, ['partnership_lead'])
    await tell(trx, p, 'signoff.escalated', leads, null, extra, { now })
    return
  }
  if (reminder.kind !== 'decide_by.approaching' && reminder.kind !== 'decide_by.overdue') return
  // The one waits rule (shared/waits.ts) says whom the proposal waits on; the reminder is this
  // party's, counted on its calendar, so it goes to this party's people among them.
  const waits = await waitsOfProposal(trx, p)
  const owners = await ownerIds(
    trx,
    p,
    waits.flatMap((w) => w.owners),
  )
  const waitingOn = owners.length
    ? (
        await trx
          .selectFrom('users as u')
          .innerJoin('parties as pa', 'pa.id', 'u.party_id')
          .select('u.id')
          .where('u.id', 'in', owners)
          .where('pa.code', '=', party.code)
          .execute()
      ).map((u) => u.id)
    : []
  await tell(trx, p, reminder.kind as NotificationKind, waitingOn, null, extra, { now })
}

const MENTION = /@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g

/**
 * Tells the people a comment mentions (`@their-email`) who may read it: an internal comment
 * only its own party's people, and its text reaches nobody else.
 */
export async function announceComment(
  trx: Trx,
  user: SessionUser,
  p: Proposal,
  comment: { body: string; visibility: 'joint' | 'internal'; party: string },
) {
  const emails = [...comment.body.matchAll(MENTION)].map((m) => (m[1] ?? '').toLowerCase())
  if (emails.length === 0) return
  const mentioned = await trx
    .selectFrom('users')
    .select('id')
    .where('email', 'in', [...new Set(emails)])
    .execute()
  const text = comment.body.length > 280 ? `${comment.body.slice(0, 279)}…` : comment.body
  await tell(
    trx,
    p,
    'mention',
    mentioned.map((u) => u.id),
    user,
    { text },
    { onlyParty: comment.visibility === 'internal' ? comment.party : undefined },
  )
}

/**
 * A concern whose raiser left now waits on the partnership leads of the raiser's party (ADR 0031):
 * tell them, in the transaction that handed it over.
 */
export async function tellConcernHeld(trx: Trx, proposalId: string, party: string) {
  const p = await trx
    .selectFrom('proposals')
    .selectAll()
    .where('id', '=', proposalId)
    .executeTakeFirstOrThrow()
  const leads = await peopleWithRole(trx, p, party, ['partnership_lead'])
  await tell(trx, p, 'wait.owned', leads, null, { reasonCode: 'concern_open', partyCode: party })
}
