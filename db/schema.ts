/**
 * Kysely's view of the database. Times are ISO-8601 text in UTC, ids are random UUIDs made by the
 * application, JSON is stored as text: the same columns behave alike on SQLite and PostgreSQL.
 */
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely'

/** A nullable text column a migration added later: inserts may leave it out (null). */
type LaterText = ColumnType<string | null, string | null | undefined, string | null>

export interface PartnershipTable {
  id: string
  slug: string
  name: string
  description: string
  status: 'forming' | 'active' | 'ended'
  charter_version: number
  /** JSON: ApprovalPolicy */
  approval_policy: string
  next_proposal_number: number
  next_decision_number: number
  created_at: string
}

export interface PartyTable {
  id: string
  code: string
  name: string
  name_ja: string
}

export interface PartnershipPartyTable {
  partnership_id: string
  party_id: string
}

export interface UserTable {
  id: string
  email: string
  name: string
  party_id: string | null
  password_hash: string
  /** pending: an external auditor whose admission not every party has approved yet */
  status: 'active' | 'disabled' | 'pending'
  locale: string
  created_at: string
  disabled_at: string | null
}

export interface MembershipTable {
  partnership_id: string
  user_id: string
  role: string
  created_at: string
}

export interface SessionTable {
  /** SHA-256 of the cookie token: the token itself is never stored. */
  id: string
  user_id: string
  created_at: string
  last_seen_at: string
  expires_at: string
  ip: string | null
  user_agent: string | null
  /** How the person last proved who they are: password | oidc (re-authentication updates these). */
  auth_method: 'password' | 'oidc'
  /** null on sessions older than migration 0005: then created_at counts */
  authenticated_at: string | null
  auth_issuer: string | null
  /** JSON string[] from the ID token's amr claim */
  auth_amr: string | null
  auth_acr: string | null
}

export interface LoginThrottleTable {
  key: string
  failures: number
  window_started_at: string
  blocked_until: string | null
}

export interface CharterItemTable {
  id: string
  partnership_id: string
  code: string
  kind: 'objective' | 'area' | 'constraint' | 'stance' | 'market' | 'procedure'
  /** English; '' when the party wrote only Japanese (migration 0014). */
  title: string
  statement: string
  title_ja: string | null
  statement_ja: string | null
  /** JSON: { en: string[], ja: string[] } */
  screening_terms: string
  status: 'active' | 'retired'
  introduced_version: number
  updated_version: number
  retired_version: number | null
  created_at: string
  /** JSON EscalationProcedure for kind `procedure`, else null (migration 0024) */
  procedure: LaterText
}

export interface CharterItemRevisionTable {
  item_id: string
  version: number
  title: string
  statement: string
  title_ja: string | null
  statement_ja: string | null
  screening_terms: string
  status: 'active' | 'retired'
  created_at: string
  /** JSON EscalationProcedure for kind `procedure`, else null (migration 0024) */
  procedure: LaterText
}

export interface CharterVersionTable {
  partnership_id: string
  version: number
  created_at: string
  decision_id: string | null
  summary: string
  /** JSON: the changes that made this version */
  changes: string
}

export interface WorkstreamTable {
  id: string
  partnership_id: string
  code: string
  /** English; '' when only Japanese was written (migration 0014). */
  name: string
  description: string
  name_ja: string | null
  description_ja: string | null
  status: 'proposed' | 'active' | 'concluded' | 'cancelled'
  created_at: string
}

export interface WorkstreamPersonTable {
  workstream_id: string
  user_id: string
  role: 'lead' | 'member'
}

export interface WorkstreamCharterLinkTable {
  workstream_id: string
  charter_item_id: string
}

export interface LedgerEventTable {
  seq: number
  ts: string
  partnership_id: string | null
  actor_id: string | null
  actor_party: string | null
  action: string
  entity_type: string
  entity_id: string
  visibility: string
  /** JSON text of the payload as hashed */
  payload: string
  payload_hash: string
  prev_hash: string
  hash: string
  /** 1 for events written before migration 0015 (unsalted), 2 since (docs/ledger-spec.md §2). */
  entry_version: number
  /** v2: the payload's 16-byte salt, 32 lowercase hex digits; null for v1. */
  payload_salt: string | null
}

export interface ProposalTable {
  id: string
  partnership_id: string
  /** The partnership-wide number (P-n), taken at first submission; null while a draft. */
  number: number | null
  /** Before submission, the handle private to the author's party (HONDA-DRAFT-n). */
  draft_number: number | null
  /** The list's sort key: when it entered the joint record (submission), or its creation while a draft. */
  listed_at: string
  type: 'decision' | 'amendment'
  workstream_id: string | null
  author_id: string
  author_party: string
  title: string
  state:
    | 'draft'
    | 'in_review'
    | 'awaiting_signoff'
    | 'approved'
    | 'rejected'
    | 'withdrawn'
    // the escalation ladder (migration 0024, ADR 0032)
    | 'escalated'
  current_revision: number
  /** Bumped by every change to the proposal or its reviews, concerns and sign-offs. */
  version: number
  decide_by: string | null
  /** JSON ApprovalPolicy, frozen at submission */
  policy: string | null
  /** charter version frozen at submission */
  charter_version: number | null
  /** 1 when only partnership leads may sign (amendments, stance-touching decisions) */
  needs_partnership_leads: number
  submitted_at: string | null
  closed_at: string | null
  created_at: string
  updated_at: string
  /** JSON EscalationStanding (shared/escalation.ts); null when never escalated (migration 0024) */
  escalation: string | null
}

export interface ProposalRevisionTable {
  proposal_id: string
  number: number
  title: string
  body: string
  workstream_id: string | null
  /** JSON string[] */
  charter_item_ids: string
  /** JSON ImpactStatement[] */
  impacts: string
  /** JSON decision ids */
  supersedes: string
  /** JSON { changes: AmendmentChange[] } or null */
  amendment: string | null
  decide_by: string | null
  note: string
  created_by: string
  created_at: string
}

export interface ProposalCharterLinkTable {
  proposal_id: string
  charter_item_id: string
}

export interface ProposalReviewerTable {
  proposal_id: string
  user_id: string
  party: string
  assigned_by: string
  assigned_at: string
}

export interface ReviewTable {
  id: string
  proposal_id: string
  revision: number
  reviewer_id: string
  party: string
  /** a position (shared/positions.ts; 0021): approve, no_objection, abstain, request_changes */
  verdict: 'approve' | 'no_objection' | 'abstain' | 'request_changes'
  comment: string
  created_at: string
}

export interface ConcernTable {
  id: string
  proposal_id: string
  revision: number
  raised_by: string
  party: string
  title: string
  rationale: string
  status: 'open' | 'resolved'
  resolved_by: string | null
  resolution: string | null
  override: number
  created_at: string
  resolved_at: string | null
  // grounded concerns (migration 0023, ADR 0031); older rows: 'other', '', '', ''
  grounds_kind: 'charter_item' | 'policy_clause' | 'other'
  grounds_ref: string
  grounds_text: string
  resolves_when: string
  /** set when the raiser left and the partnership leads of `party` hold the concern */
  handed_over_at: string | null
  handed_over_reason: 'account_disabled' | 'role_removed' | null
}

export interface SignoffTable {
  id: string
  proposal_id: string
  revision: number
  signer_id: string
  party: string
  verdict: 'approve' | 'reject'
  rationale: string
  created_at: string
  /** How the signer authenticated (0012): 'password' | 'oidc'; null on older sign-offs. */
  auth_method: string | null
  auth_at: string | null
  auth_issuer: string | null
  /** JSON array of the provider's amr values */
  auth_amr: string | null
  auth_acr: string | null
  /** The lead a delegate signed for (0022, ADR 0030); null: signed in their own right. */
  on_behalf_of: string | null
}

export interface DecisionTable {
  id: string
  partnership_id: string
  number: number
  proposal_id: string
  revision: number
  workstream_id: string | null
  title: string
  status: 'active' | 'superseded'
  superseded_by: string | null
  effective_date: string
  created_at: string
}

export interface CommentTable {
  id: string
  proposal_id: string
  revision: number
  author_id: string
  party: string
  visibility: 'joint' | 'internal'
  body: string
  created_at: string
}

/** A role in a partnership: power roles wait for a second person (docs/decisions/0010). */
export interface RoleGrantTable {
  id: string
  partnership_id: string
  user_id: string
  role: string
  status: 'pending' | 'active' | 'revoked' | 'cancelled'
  source: 'admin' | 'operator' | 'provider'
  requested_by: string | null
  requested_at: string
  confirmed_by: string | null
  confirmed_at: string | null
  ended_by: string | null
  ended_at: string | null
}

export interface AuditorAdmissionTable {
  id: string
  partnership_id: string
  user_id: string
  status: 'pending' | 'admitted' | 'cancelled'
  requested_by: string
  requested_at: string
  decided_at: string | null
}

export interface AuditorAdmissionApprovalTable {
  admission_id: string
  party_id: string
  approved_by: string
  approved_at: string
}

export interface IdentityProviderTable {
  party_id: string
  issuer: string
  client_id: string
  /** Never returned by any read. */
  client_secret: string
  group_claim: string
  /** JSON RoleMappingEntry[] in force */
  role_mapping: string
  password_sign_in: number
  updated_by: string | null
  updated_at: string
}

export interface RoleMappingChangeTable {
  id: string
  party_id: string
  role_mapping: string
  status: 'pending' | 'active' | 'cancelled'
  requested_by: string
  requested_at: string
  confirmed_by: string | null
  confirmed_at: string | null
}

export interface ExternalIdentityTable {
  party_id: string
  issuer: string
  subject: string
  user_id: string
  created_at: string
}

export interface OidcFlowTable {
  state: string
  party_id: string
  code_verifier: string
  nonce: string
  purpose: 'login' | 'reauth'
  session_id: string | null
  created_at: string
}

/** Refused calls counted between their ledger events (migration 0006, server/trpc.ts). */
export interface SecurityRefusalTable {
  user_id: string
  procedure: string
  type: string
  actor_party: string | null
  event_minute: string
  pending: number
  first_pending_at: string | null
  last_pending_at: string | null
}

export interface Database {
  security_refusals: SecurityRefusalTable
  role_grants: RoleGrantTable
  delegations: DelegationTable
  auditor_admissions: AuditorAdmissionTable
  auditor_admission_approvals: AuditorAdmissionApprovalTable
  identity_providers: IdentityProviderTable
  role_mapping_changes: RoleMappingChangeTable
  external_identities: ExternalIdentityTable
  oidc_flows: OidcFlowTable
  proposals: ProposalTable
  proposal_revisions: ProposalRevisionTable
  proposal_charter_links: ProposalCharterLinkTable
  proposal_reviewers: ProposalReviewerTable
  reviews: ReviewTable
  concerns: ConcernTable
  signoffs: SignoffTable
  decisions: DecisionTable
  comments: CommentTable
  partnerships: PartnershipTable
  parties: PartyTable
  partnership_parties: PartnershipPartyTable
  users: UserTable
  memberships: MembershipTable
  sessions: SessionTable
  login_throttle: LoginThrottleTable
  charter_items: CharterItemTable
  charter_item_revisions: CharterItemRevisionTable
  charter_versions: CharterVersionTable
  workstreams: WorkstreamTable
  workstream_people: WorkstreamPersonTable
  workstream_charter_links: WorkstreamCharterLinkTable
  ledger_events: LedgerEventTable
}

export type Partnership = Selectable<PartnershipTable>
export type Party = Selectable<PartyTable>
export type User = Selectable<UserTable>
export type NewUser = Insertable<UserTable>
export type UserUpdate = Updateable<UserTable>
export type Session = Selectable<SessionTable>
export type CharterItem = Selectable<CharterItemTable>
export type Workstream = Selectable<WorkstreamTable>
export type LedgerEventRow = Selectable<LedgerEventTable>
export type Proposal = Selectable<ProposalTable>
export type ProposalRevision = Selectable<ProposalRevisionTable>
export type Decision = Selectable<DecisionTable>
export type Concern = Selectable<ConcernTable>

// ---- Notifications, outbox, reminders, calendars (migration 0009, docs/decisions/0013) ----
// Added to `Database` by declaration merging, so these lines stay together at the end.

export interface NotificationTable {
  id: string
  recipient_id: string
  partnership_id: string
  kind: string
  proposal_id: string | null
  /** JSON: codes and data the recipient may see (shared/notification-kinds.ts), never sentences */
  payload: string
  created_at: string
  read_at: string | null
}

export interface OutboxDeliveryTable {
  id: string
  channel: 'email' | 'webhook'
  notification_id: string | null
  endpoint_id: string | null
  /** email: 1 while it waits for the recipient's daily digest */
  digest: number
  /** webhook: JSON event body, already filtered for the endpoint's party */
  payload: string | null
  status: 'pending' | 'delivered' | 'failed' | 'skipped'
  attempts: number
  next_attempt_at: string
  claimed_by: string | null
  claimed_until: string | null
  delivered_at: string | null
  last_error: string | null
  created_at: string
}

export interface DeliveryAttemptTable {
  delivery_id: string
  attempt: number
  worker: string
  started_at: string
  duration_ms: number
  ok: number
  status_code: number | null
  error: string | null
}

export interface ProposalFollowTable {
  user_id: string
  proposal_id: string
  created_at: string
}

export interface NotificationPreferenceTable {
  user_id: string
  email_mode: 'immediate' | 'digest' | 'off'
  /** JSON NotificationCategory[] opted out of */
  opt_outs: string
  time_zone: string
  /** null: the user's own locale */
  locale: string | null
  digest_hour: number
  updated_at: string
}

export interface WebhookEndpointTable {
  id: string
  party_id: string
  /** null: every partnership the party is in */
  partnership_id: string | null
  url: string
  /** Standard Webhooks secret (whsec_...). Never returned by any read. */
  secret: string
  /** JSON NotificationKind[] */
  event_kinds: string
  enabled: number
  description: string
  created_by: string | null
  created_at: string
}

export interface PartyCalendarTable {
  party_id: string
  /** ISO 3166-1 alpha-2 for date-holidays; null: weekends only */
  country: string | null
  region: string | null
  time_zone: string
  updated_at: string
}

export interface PartyShutdownDayTable {
  party_id: string
  /** YYYY-MM-DD */
  date: string
  label: string
  created_by: string | null
  created_at: string
}

export interface ScheduledReminderTable {
  id: string
  key: string
  kind: string
  partnership_id: string
  proposal_id: string | null
  party_id: string | null
  due_at: string
  status: 'pending' | 'done' | 'cancelled' | 'failed'
  attempts: number
  claimed_by: string | null
  claimed_until: string | null
  done_at: string | null
  last_error: string | null
  created_at: string
}

export interface Database {
  notifications: NotificationTable
  outbox_deliveries: OutboxDeliveryTable
  delivery_attempts: DeliveryAttemptTable
  proposal_follows: ProposalFollowTable
  notification_preferences: NotificationPreferenceTable
  webhook_endpoints: WebhookEndpointTable
  party_calendars: PartyCalendarTable
  party_shutdown_days: PartyShutdownDayTable
  scheduled_reminders: ScheduledReminderTable
}

export type NotificationRow = Selectable<NotificationTable>
export type OutboxDelivery = Selectable<OutboxDeliveryTable>
export type ScheduledReminder = Selectable<ScheduledReminderTable>
export type WebhookEndpoint = Selectable<WebhookEndpointTable>

/** A create's idempotency key and its first result (0008). */
export interface IdempotencyKeyTable {
  user_id: string
  key: string
  procedure: string
  request_hash: string
  /** JSON of the first result */
  result: string
  created_at: string
}

export interface Database {
  idempotency_keys: IdempotencyKeyTable
}

// ---- The ledger's Merkle trees (migration 0013, docs/ledger-spec.md §2–§8) ----

/** The hash of one complete subtree of a ledger tree; level 0 rows are the leaves. */
export interface LedgerTreeHashTable {
  /** A partnership id, or 'deployment' for the deployment-wide events. */
  log: string
  level: number
  idx: number
  /** Lowercase hex of the 32-byte hash. */
  hash: string
  /** The event a leaf (level 0) is; null above. */
  seq: number | null
}

/** A C2SP checkpoint the server signed over a tree. */
export interface LedgerTreeCheckpointTable {
  log: string
  size: number
  /** Lowercase hex. */
  root_hash: string
  note: string
  key_id: string
  spki: string
  made_at: string
}

/** A witness's cosignature line on a checkpoint. */
export interface LedgerCosignatureTable {
  log: string
  size: number
  witness: string
  line: string
  timestamp: number
  received_at: string
}

/** A witness whose cosignatures the server takes for a log. */
export interface LedgerWitnessTable {
  log: string
  vkey: string
  party_code: string | null
  added_at: string
}

export interface Database {
  ledger_tree_hashes: LedgerTreeHashTable
  ledger_tree_checkpoints: LedgerTreeCheckpointTable
  ledger_cosignatures: LedgerCosignatureTable
  ledger_witnesses: LedgerWitnessTable
}

/** When a person last opened a proposal (0018): theirs alone, never in the ledger. */
export interface ProposalVisitTable {
  user_id: string
  proposal_id: string
  visited_at: string
}

export interface Database {
  proposal_visits: ProposalVisitTable
}

// ---- The dashboard's counts, kept by triggers (migration 0020, docs/decisions/0026) ----

/** Proposals of a partnership by workstream ('' for none), state and draft owner. */
export interface StatsProposalCountTable {
  partnership_id: string
  workstream_key: string
  state: ProposalTable['state']
  /** The author's party while never submitted (only that party counts it); '' once submitted. */
  draft_party: string
  n: number
}

/** Decisions of a partnership by month (YYYY-MM of `created_at`). */
export interface StatsDecisionMonthTable {
  partnership_id: string
  month: string
  n: number
}

/**
 * When a proposal last became ready for sign-off: the `ts` of its latest
 * `proposal.ready_for_signoff` ledger event, kept by a trigger on the ledger's insert.
 */
export interface StatsReadyTable {
  proposal_id: string
  ready_at: string
}

export interface Database {
  stats_ready: StatsReadyTable
  stats_proposal_counts: StatsProposalCountTable
  stats_decision_months: StatsDecisionMonthTable
}

// ---- A person's calendar feed (migration 0025, docs/decisions/0033) ----

/** The hash of the secret in a person's calendar feed address; theirs alone, never in the ledger. */
export interface CalendarFeedTable {
  user_id: string
  token_hash: string
  created_at: string
}

// ---- Positions and recusal (migration 0021, docs/decisions/0029) ----

/** A person who stepped aside from a proposal for a conflict of interest, with the reason. */
export interface RecusalTable {
  id: string
  proposal_id: string
  user_id: string
  party: string
  /** the revision current when they recused; the recusal holds for the whole proposal */
  revision: number
  reason: string
  created_at: string
}

export interface Database {
  calendar_feeds: CalendarFeedTable
  recusals: RecusalTable
}

/** Delegation within a party (0022, ADR 0030): a lead's signing power lent for a day range. */
export interface DelegationTable {
  id: string
  partnership_id: string
  party_id: string
  delegator_id: string
  delegate_id: string
  /** YYYY-MM-DD, first and last day (inclusive) in `time_zone`, the party's at creation */
  starts_on: string
  ends_on: string
  time_zone: string
  /** ISO instants: start of starts_on; start of the day after ends_on */
  starts_at: string
  ends_at: string
  reason: string
  status: 'pending' | 'approved' | 'cancelled' | 'revoked'
  requested_by: string
  requested_at: string
  approved_by: string | null
  approved_at: string | null
  ended_by: string | null
  ended_at: string | null
}
