/**
 * The authorization matrix: for every tRPC procedure, what each kind of actor gets. A procedure
 * without a row fails the suite (authorization.test.ts walks the real router).
 *
 * Procedures that act on a proposal defer to the lifecycle table (shared/lifecycle.ts), whose
 * every cell — each action, from each state, by each kind of actor — is exercised by
 * test/api/lifecycle-matrix.test.ts; here they are exercised for every actor kind on a proposal
 * in one state where the action is open.
 */
import type { ProposalAction, ProposalState } from '../../shared/lifecycle'

export const ACTOR_KINDS = [
  'anonymous',
  'disabled',
  /** of the proposal, for procedures that act on one; otherwise a member like any other */
  'author',
  /** assigned to review the proposal (the other party's) */
  'assignedReviewer',
  'member',
  'otherPartyMember',
  'workstreamLead',
  'partnershipLead',
  'partyAuditor',
  'externalAuditor',
  'admin',
  /** the admin of the other party (NISSAN): every admin act on HONDA's people is theirs to refuse */
  'otherPartyAdmin',
  /** a member of another partnership only */
  'outsider',
] as const
export type ActorKind = (typeof ACTOR_KINDS)[number]

export type Outcome = 'ok' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT'

export type Row =
  | { kind: 'table'; cells: Record<ActorKind, Outcome> }
  | { kind: 'lifecycle'; action: ProposalAction; state: ProposalState }

const signedOut = { anonymous: 'UNAUTHORIZED', disabled: 'UNAUTHORIZED' } as const

/**
 * Away from a proposal, its author and reviewer are members like any other; the other party's
 * admin gets what an admin gets unless the row says otherwise.
 */
type Given = Omit<
  Record<ActorKind, Outcome>,
  'anonymous' | 'disabled' | 'author' | 'assignedReviewer' | 'otherPartyAdmin'
> & { otherPartyAdmin?: Outcome }

function cells(given: Given): Record<ActorKind, Outcome> {
  return {
    ...signedOut,
    author: given.member,
    assignedReviewer: given.otherPartyMember,
    ...given,
    otherPartyAdmin: given.otherPartyAdmin ?? given.admin,
  }
}

function table(given: Given): Row {
  return { kind: 'table', cells: cells(given) }
}

const everyone = {
  member: 'ok',
  otherPartyMember: 'ok',
  workstreamLead: 'ok',
  partnershipLead: 'ok',
  partyAuditor: 'ok',
  externalAuditor: 'ok',
  admin: 'ok',
  outsider: 'ok',
} as const

/** Anyone signed in. */
const SIGNED_IN = table(everyone)

/** Anyone with a role in the partnership; to others it does not exist. */
const MEMBERS = table({ ...everyone, outsider: 'NOT_FOUND' })

/** Auditors and partnership leads: the whole record and its verification. */
const OVERSEERS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'ok',
  partyAuditor: 'ok',
  externalAuditor: 'ok',
  admin: 'FORBIDDEN',
  outsider: 'NOT_FOUND',
})

/**
 * Admins, on their own party's people. The callers act on people of HONDA: NISSAN's admin is
 * refused every act (the cross-party cells of issue 10), and sees only NISSAN's people in a list.
 */
const OWN_PARTY_ADMINS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'FORBIDDEN',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'ok',
  otherPartyAdmin: 'FORBIDDEN',
  outsider: 'FORBIDDEN',
})

/** A party's admins, about their own party's provider (HONDA's here). */
const OWN_PARTY_PROVIDER_ADMINS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'FORBIDDEN',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'ok',
  otherPartyAdmin: 'FORBIDDEN',
  outsider: 'FORBIDDEN',
})

/** Admins of any partnership, each about their own party (listing). */
const ADMINS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'FORBIDDEN',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'ok',
  outsider: 'FORBIDDEN',
})

/** Those who confirm grants and approve admissions: admins and partnership leads. */
const CONFIRMERS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'ok',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'ok',
  outsider: 'NOT_FOUND',
})

/** Partnership leads only: the steering committee's agenda (issue 14). */
const PARTNERSHIP_LEADS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'ok',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'FORBIDDEN',
  outsider: 'NOT_FOUND',
})

/** Hands in HONDA's witness's words: HONDA's partnership lead and admin only (ADR 0035). */
const OWN_WITNESS = table({
  member: 'FORBIDDEN',
  otherPartyMember: 'FORBIDDEN',
  workstreamLead: 'FORBIDDEN',
  partnershipLead: 'ok',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'ok',
  otherPartyAdmin: 'FORBIDDEN',
  outsider: 'NOT_FOUND',
})

/** People of a party who take part: members and leads, not auditors or admins. */
const PARTICIPANTS = table({
  member: 'ok',
  otherPartyMember: 'ok',
  workstreamLead: 'ok',
  partnershipLead: 'ok',
  partyAuditor: 'FORBIDDEN',
  externalAuditor: 'FORBIDDEN',
  admin: 'FORBIDDEN',
  outsider: 'NOT_FOUND',
})

/**
 * A party's own systems and calendar (webhooks, shutdown days; ADR 0028): its admins in the
 * partnership only. The other party's admin acts on their own party's (`ok` for a list or a new
 * one), and a HONDA endpoint or shutdown day does not exist for them (`NOT_FOUND`).
 */
const PARTY_SYSTEMS_ADMINS = (otherPartyAdmin: Outcome) =>
  table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'FORBIDDEN',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin,
    outsider: 'NOT_FOUND',
  })

const lifecycle = (action: ProposalAction, state: ProposalState): Row => ({
  kind: 'lifecycle',
  action,
  state,
})

export const AUTHORIZATION: Record<string, Row> = {
  // A disabled account cannot sign in: the same refusal as a wrong password.
  'auth.login': { kind: 'table', cells: { ...cells(everyone), anonymous: 'ok' } },
  'auth.logout': SIGNED_IN,
  'auth.me': SIGNED_IN,
  'auth.setLanguage': SIGNED_IN,
  'auth.sessions': SIGNED_IN,
  'auth.endOtherSessions': SIGNED_IN,
  'auth.changePassword': SIGNED_IN,
  'partnership.list': SIGNED_IN,
  'partnership.get': MEMBERS,
  'partnership.members': MEMBERS,
  'charter.get': MEMBERS,
  'charter.history': MEMBERS,
  'workstream.list': MEMBERS,
  'workstream.get': MEMBERS,
  'inbox.get': MEMBERS,
  'proposal.list': MEMBERS,
  'proposal.get': MEMBERS,
  'proposal.diff': MEMBERS,
  'comment.list': MEMBERS,
  'decision.list': MEMBERS,
  'decision.get': MEMBERS,
  'decision.recordPdf': MEMBERS,
  'decision.finality': MEMBERS,
  'decision.certificate': MEMBERS,
  'decision.export': MEMBERS,
  'stats.dashboard': MEMBERS,
  'audit.checkpoints': MEMBERS,
  'audit.timeline': MEMBERS,
  'audit.events': MEMBERS,
  'audit.verify': OVERSEERS,
  'audit.verifyCheckpoint': OVERSEERS,
  // A write to the ledger: partnership leads and admins; auditors change nothing.
  'audit.createCheckpoint': CONFIRMERS,
  'audit.list': OVERSEERS,
  'audit.export': OVERSEERS,
  'audit.bundle': OVERSEERS,
  // The Merkle trees (docs/ledger-spec.md): proofs and checkpoints for every member; a party's
  // admin registers the party's witness.
  'audit.prove': MEMBERS,
  'audit.consistency': MEMBERS,
  'audit.treeCheckpoint': MEMBERS,
  // ADR 0035: a witness's words (a cosignature, a refusal) are handed in by a lead or an admin of
  // the witness's own party (HONDA's here): never an auditor, never the other party's admin.
  'audit.cosign': OWN_WITNESS,
  'audit.witnessRefused': OWN_WITNESS,
  'audit.witnessStatus': MEMBERS,
  'audit.addWitness': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'FORBIDDEN',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin: 'ok',
    outsider: 'NOT_FOUND',
  }),
  'auth.reauthenticate': SIGNED_IN,
  'admin.listUsers': ADMINS,
  'admin.createUser': OWN_PARTY_ADMINS,
  'admin.disableUser': OWN_PARTY_ADMINS,
  'admin.enableUser': OWN_PARTY_ADMINS,
  'admin.setWorkstreamPerson': OWN_PARTY_ADMINS,
  'admin.endSessions': OWN_PARTY_ADMINS,
  // Roles are set per partnership, by that partnership's admins, on their own party's people.
  'admin.setRoles': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'FORBIDDEN',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  // Any party's admin may ask; every party approves (people.approveAdmission).
  'admin.requestAuditorAdmission': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'FORBIDDEN',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    outsider: 'NOT_FOUND',
  }),
  'people.roster': MEMBERS,
  'search.query': MEMBERS,
  'code.resolve': MEMBERS,
  // Notifications: each person's own; following needs a proposal one may read.
  'notification.list': SIGNED_IN,
  'notification.unreadCount': SIGNED_IN,
  'notification.markRead': SIGNED_IN,
  'notification.markAllRead': SIGNED_IN,
  'notification.following': MEMBERS,
  'notification.follow': MEMBERS,
  'notification.unfollow': MEMBERS,
  // Opening a proposal: who may read it may record their own visit.
  'visit.proposal': MEMBERS,
  'notification.preferences': SIGNED_IN,
  'notification.setPreferences': SIGNED_IN,
  // The sign-in page's buttons: open to everyone, signed in or not.
  'sso.parties': {
    kind: 'table',
    cells: { ...cells(everyone), anonymous: 'ok', disabled: 'ok' },
  },
  // A party's provider is that party's own business: its admins (and its partnership leads, to
  // read). The callers ask about HONDA's: NISSAN's admin is refused like everyone else.
  'sso.provider': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'FORBIDDEN',
  }),
  'sso.configure': OWN_PARTY_PROVIDER_ADMINS,
  'sso.requestMapping': OWN_PARTY_PROVIDER_ADMINS,
  // A mapping asked for by HONDA's admin: a second HONDA person confirms, never the asker.
  'sso.confirmMapping': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'FORBIDDEN',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'FORBIDDEN',
  }),
  'people.pendingGrants': CONFIRMERS,
  'people.admissions': CONFIRMERS,
  // A grant to a HONDA person asked for by HONDA's admin: a second HONDA person confirms.
  'people.confirmGrant': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'FORBIDDEN',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  'people.cancelGrant': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  // An admission asked for by HONDA's admin: HONDA has approved; NISSAN's turn.
  'people.approveAdmission': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'CONFLICT',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'CONFLICT',
    otherPartyAdmin: 'ok',
    outsider: 'NOT_FOUND',
  }),
  // Delegation within a party (ADR 0030): every participant reads every party's; only the
  // lead's own party acts. The fixture: HONDA's workstream lead delegates to a HONDA member.
  'people.delegations': MEMBERS,
  'people.delegateCandidates': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'ok',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  'people.createDelegation': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'ok',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  'people.approveDelegation': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    // the lead who asked: a second person must approve
    workstreamLead: 'FORBIDDEN',
    partnershipLead: 'ok',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  'people.revokeDelegation': table({
    member: 'FORBIDDEN',
    otherPartyMember: 'FORBIDDEN',
    workstreamLead: 'ok',
    partnershipLead: 'FORBIDDEN',
    partyAuditor: 'FORBIDDEN',
    externalAuditor: 'FORBIDDEN',
    admin: 'ok',
    otherPartyAdmin: 'FORBIDDEN',
    outsider: 'NOT_FOUND',
  }),
  'proposal.create': PARTICIPANTS,
  'proposal.updateDraft': lifecycle('update_draft', 'draft'),
  'proposal.assignReviewers': lifecycle('assign_reviewers', 'in_review'),
  'proposal.submit': lifecycle('submit', 'draft'),
  'proposal.revise': lifecycle('revise', 'in_review'),
  'proposal.withdraw': lifecycle('withdraw', 'in_review'),
  'proposal.review': lifecycle('review', 'in_review'),
  'proposal.raiseConcern': lifecycle('raise_concern', 'in_review'),
  'proposal.resolveConcern': lifecycle('resolve_concern', 'in_review'),
  'proposal.signOff': lifecycle('sign_off', 'awaiting_signoff'),
  'proposal.reject': lifecycle('reject', 'awaiting_signoff'),
  'proposal.recuse': lifecycle('recuse', 'in_review'),
  'comment.add': lifecycle('comment', 'in_review'),
  // the escalation ladder (ADR 0032)
  'proposal.escalate': lifecycle('escalate', 'rejected'),
  'proposal.reopen': lifecycle('reopen', 'escalated'),
  'proposal.escalated': MEMBERS,
  // Webhooks and shutdown days (issue 13, ADR 0028); the callers act on HONDA's.
  'webhook.list': PARTY_SYSTEMS_ADMINS('ok'),
  'webhook.create': PARTY_SYSTEMS_ADMINS('ok'),
  'webhook.rotateSecret': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  'webhook.disable': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  'webhook.enable': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  'webhook.remove': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  'webhook.test': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  'webhook.deliveries': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  'calendar.get': PARTY_SYSTEMS_ADMINS('ok'),
  'calendar.set': PARTY_SYSTEMS_ADMINS('ok'),
  'calendar.setShutdownDay': PARTY_SYSTEMS_ADMINS('ok'),
  'calendar.removeShutdownDay': PARTY_SYSTEMS_ADMINS('NOT_FOUND'),
  // The steering committee's agenda and each person's calendar feed (issue 14, ADR 0033).
  'agenda.get': PARTNERSHIP_LEADS,
  'agenda.export': PARTNERSHIP_LEADS,
  'calendarFeed.status': SIGNED_IN,
  'calendarFeed.reset': SIGNED_IN,
  'calendarFeed.stop': SIGNED_IN,
  // Each party's clock on a proposal: whoever may read the proposal (ADR 0034).
  'calendar.clocks': MEMBERS,
}
