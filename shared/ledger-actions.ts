/** Every action the ledger records: dotted, past tense, one list. */
export const LEDGER_ACTIONS = [
  'partnership.created',
  'party.created',
  'charter.item_added',
  'workstream.created',
  'workstream.person_set',
  'workstream.person_removed',
  'user.created',
  'user.disabled',
  'user.enabled',
  'membership.roles_set',
  'session.started',
  'session.ended',
  'security.login_failed',
  'security.access_denied',
  'user.password_changed',
  // party governance (docs/decisions/0010-party-governance.md)
  'grant.requested',
  'grant.confirmed',
  'grant.cancelled',
  'grant.revoked',
  'auditor.admission_requested',
  'auditor.admission_approved',
  'auditor.admitted',
  'session.reauthenticated',
  'identity_provider.configured',
  'identity_provider.mapping_requested',
  'identity_provider.mapping_confirmed',
  'identity.linked',
  // the decision workflow
  'proposal.created',
  'proposal.draft_updated',
  'proposal.reviewers_assigned',
  'proposal.submitted',
  'proposal.revised',
  'proposal.withdrawn',
  'proposal.ready_for_signoff',
  'proposal.approved',
  'proposal.rejected',
  'review.recorded',
  // positions and recusal (issue 14, ADR 0029): a person steps aside from a proposal
  'review.recused',
  'concern.raised',
  'concern.resolved',
  // grounded concerns (ADR 0031): a departed raiser's open concern passes to their party's leads
  'concern.handed_over',
  'signoff.recorded',
  'decision.issued',
  'decision.superseded',
  'charter.item_changed',
  'charter.item_retired',
  'charter.amended',
  'comment.added',
  // notifications (issue 13): a person's own follows and email settings, private to their party
  'proposal.followed',
  'proposal.unfollowed',
  'notification.preferences_changed',
  // a person's calendar feed address made anew or stopped (ADR 0033): to their own party only
  'calendar_feed.reset',
  'calendar_feed.stopped',
  // audit (server/audit/checkpoints.ts): a signed checkpoint was made over the ledger's head
  'checkpoint.made',
  // audit (server/audit/rotate-key.ts): the checkpoint signing key was replaced, signed by the old
  'checkpoint.key_rotated',
  // audit (server/audit/witness.ts): a party's witness key was registered for a Merkle tree
  'checkpoint.witness_added',
  // audit (server/audit/witness.ts): a witness cosigned a tree checkpoint (ledger-spec §8)
  'checkpoint.cosigned',
  // audit (server/audit/witness-refusal.ts): a party's witness refused a checkpoint (ADR 0035)
  'checkpoint.witness_refused',
  // a party's own systems and calendar (issue 13, ADR 0028): private to that party
  'webhook.registered',
  'webhook.secret_rotated',
  'webhook.disabled',
  'webhook.enabled',
  'webhook.removed',
  'webhook.test_sent',
  'calendar.configured',
  'calendar.shutdown_day_set',
  'calendar.shutdown_day_removed',
  // delegation within a party (issue 14, ADR 0030): joint, the other party sees who signs for whom
  'delegation.requested',
  'delegation.approved',
  'delegation.cancelled',
  'delegation.revoked',
  // the escalation ladder (ADR 0032): joint, like the proposal they are about
  'proposal.escalated',
  'proposal.cooling_off_ended',
  'proposal.reopened',
] as const

export type LedgerAction = (typeof LEDGER_ACTIONS)[number]
