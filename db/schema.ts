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

export interface Database {
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
