/**
 * Kysely's view of the database. Times are ISO-8601 text in UTC, ids are random UUIDs made by the
 * application, JSON is stored as text: the same columns behave alike on SQLite and PostgreSQL.
 */
import type { Insertable, Selectable, Updateable } from 'kysely'

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
  status: 'active' | 'disabled'
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
  kind: 'objective' | 'area' | 'constraint' | 'stance' | 'market'
  title: string
  statement: string
  /** JSON: { en: string[], ja: string[] } */
  screening_terms: string
  status: 'active' | 'retired'
  introduced_version: number
  updated_version: number
  retired_version: number | null
  created_at: string
}

export interface CharterItemRevisionTable {
  item_id: string
  version: number
  title: string
  statement: string
  screening_terms: string
  status: 'active' | 'retired'
  created_at: string
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
  name: string
  description: string
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
}

export interface ProposalTable {
  id: string
  partnership_id: string
  number: number
  type: 'decision' | 'amendment'
  workstream_id: string | null
  author_id: string
  author_party: string
  title: string
  state: 'draft' | 'in_review' | 'awaiting_signoff' | 'approved' | 'rejected' | 'withdrawn'
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
  verdict: 'approve' | 'request_changes'
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

export interface Database {
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
