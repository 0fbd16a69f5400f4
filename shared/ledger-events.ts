/**
 * What each ledger action records: the entity it is about and the shape of its before → after,
 * as one discriminated union (documenso's audit-log types are the model). `appendEvent` is typed
 * by it, so an event with the wrong entity or payload fails the typecheck; readers (the timeline,
 * the diff of an event) narrow on `action` to get the payload's type.
 */
import type { ApprovalPolicy, ScreeningTerms } from './charter'
import type { EscalationBody, EscalationProcedure } from './escalation'
import type { LedgerAction } from './ledger-actions'
import type { ProposalState } from './lifecycle'
import type { ReviewPosition } from './positions'
import type { ProposalContent } from './schemas/proposal'

interface ReviewTally {
  party: string
  approvals: number
  changesRequested: number
  needed: number
}

/** Events before migration 0014 (ADR 0023) carry no Japanese: `titleJa` absent there. */
interface CharterItemState {
  title: string
  statement: string
  titleJa?: string | null
  statementJa?: string | null
  screeningTerms: ScreeningTerms
  status: 'active' | 'retired'
  /** a `procedure` item's escalation ladder (ADR 0032) */
  procedure?: EscalationProcedure
}

/** One change applied by an amendment, as `charter.amended` records it. */
/** How a person proved who they were for an act that binds their party (a fresh sign-in). */
export interface SignerAuthentication {
  method: 'password' | 'oidc'
  at: string
  issuer: string | null
  amr: string[] | null
  acr: string | null
}

export type AppliedChange =
  | {
      op: 'add'
      itemId: string
      after: {
        code: string
        kind: string
        title: string
        statement: string
        titleJa?: string | null
        statementJa?: string | null
        screeningTerms: ScreeningTerms
        version: number
      }
    }
  | {
      op: 'change' | 'retire'
      itemId: string
      code: string
      before: CharterItemState
      after: CharterItemState
    }

/** What a party's own ledger events say of a webhook endpoint: no address path, no secret. */
export interface WebhookEndpointFacts {
  party: string
  host: string
  eventKinds: string[]
  description: string
}

/** `entity`: the entity type; `before`/`after`: the payload (null where the event has none). */
interface Events {
  'partnership.created': {
    entity: 'partnership'
    before: null
    after: {
      slug: string
      name: string
      description: string
      parties: string[]
      policy: ApprovalPolicy
    }
  }
  'party.created': {
    entity: 'party'
    before: null
    after: { code: string; name: string; nameJa: string }
  }
  'charter.item_added': {
    entity: 'charter_item'
    before: null
    after: {
      code: string
      kind: string
      title: string
      statement: string
      titleJa?: string | null
      statementJa?: string | null
      screeningTerms: ScreeningTerms | null
      version: number
      decisionId?: string
    }
  }
  'workstream.created': {
    entity: 'workstream'
    before: null
    after: {
      code: string
      name: string
      description: string
      nameJa?: string | null
      descriptionJa?: string | null
      status: string
      links: unknown
    }
  }
  'workstream.person_set': {
    entity: 'workstream'
    before: { userId: string; role: string | null }
    after: { userId: string; role: string | null }
  }
  'workstream.person_removed': {
    entity: 'workstream'
    before: { userId: string; role: string | null }
    after: { userId: string; role: string | null }
  }
  'user.created': {
    entity: 'user'
    before: null
    after: { email: string; name: string; party: string | null; locale: string; status: string }
  }
  'user.disabled': { entity: 'user'; before: { status: string }; after: { status: string } }
  'user.enabled': { entity: 'user'; before: { status: string }; after: { status: string } }
  'membership.roles_set': {
    entity: 'user'
    before: { roles: string[] }
    after: { roles: string[] }
  }
  'session.started': {
    entity: 'user'
    before: null
    /** `method`/`issuer`: a sign-in through the party's provider (absent: a password). */
    after: { ip: string | null; userAgent: string | null; method?: 'oidc'; issuer?: string }
  }
  'identity_provider.configured': {
    entity: 'party'
    before: {
      issuer: string
      clientId: string
      groupClaim: string
      passwordSignIn: boolean
    } | null
    /** Never the client secret: only whether it changed. */
    after: {
      party: string
      issuer: string
      clientId: string
      groupClaim: string
      passwordSignIn: boolean
      secretChanged: boolean
      mappingCleared: boolean
    }
  }
  'identity_provider.mapping_requested': {
    entity: 'party'
    before: null
    after: {
      party: string
      changeId: string
      mapping: { group: string; partnershipId: string; role: string }[]
      replaces: string[]
    }
  }
  'identity_provider.mapping_confirmed': {
    entity: 'party'
    before: { mapping: { group: string; partnershipId: string; role: string }[] }
    after: {
      party: string
      changeId: string
      mapping: { group: string; partnershipId: string; role: string }[]
      requestedBy: string
      authentication: { method: string; at: string; issuer: string | null }
    }
  }
  'identity.linked': {
    entity: 'user'
    before: null
    /** created: the account was made at this first sign-in (else an account of the party was linked) */
    after: { party: string; issuer: string; subject: string; created: boolean }
  }
  'session.ended': {
    entity: 'user'
    before: null
    after: { reason: string; sessions?: number }
  }
  'security.login_failed': {
    entity: 'user'
    before: null
    after: { email: string; ip: string | null; reason: string }
  }
  'security.access_denied': {
    entity: 'user'
    before: null
    /** One refusal, or (with `count`) that many refusals counted within a minute (server/audit/refusals.ts). */
    after:
      | { procedure: string; type: string }
      | {
          procedure: string
          type: string
          count: number
          firstAt: string | null
          lastAt: string | null
        }
  }
  'user.password_changed': {
    entity: 'user'
    before: null
    after: { otherSessionsEnded: number }
  }
  'proposal.created': {
    entity: 'proposal'
    before: null
    after: {
      code: string
      type: 'decision' | 'amendment'
      state: ProposalState
      content: ProposalContent
    }
  }
  'proposal.draft_updated': {
    entity: 'proposal'
    before: { title: string; body: string }
    after: { content: ProposalContent }
  }
  'proposal.reviewers_assigned': {
    entity: 'proposal'
    before: { reviewers: string[] }
    after: { reviewers: string[] }
  }
  'proposal.submitted': {
    entity: 'proposal'
    before: { state: ProposalState }
    after: {
      /** The partnership-wide code the first submission gives (P-n). */
      code?: string
      state: ProposalState
      revision: number
      content: ProposalContent
      policy: ApprovalPolicy
      charterVersion: number
      needsPartnershipLeads: boolean
    }
  }
  'proposal.revised': {
    entity: 'proposal'
    before: { state: ProposalState; revision: number }
    after: { state: ProposalState; revision: number; note: string; content: ProposalContent }
  }
  'proposal.withdrawn': {
    entity: 'proposal'
    before: { state: ProposalState }
    after: { state: ProposalState; reason: string }
  }
  'proposal.ready_for_signoff': {
    entity: 'proposal'
    before: { state: ProposalState }
    after: { state: ProposalState; revision: number; reviews: ReviewTally[] }
  }
  'proposal.approved': {
    entity: 'proposal'
    before: { state: ProposalState }
    after: { state: ProposalState; revision: number; parties: string[] }
  }
  'proposal.rejected': {
    entity: 'proposal'
    before: { state: ProposalState }
    after: { state: ProposalState; party: string; rationale: string }
  }
  'review.recorded': {
    entity: 'proposal'
    before: null
    after: {
      reviewId: string
      revision: number
      /** a position (shared/positions.ts): approve, no objection, abstain or request changes */
      verdict: ReviewPosition
      comment: string
    }
  }
  'review.recused': {
    entity: 'proposal'
    before: null
    after: { recusalId: string; revision: number; party: string; reason: string }
  }
  'concern.raised': {
    entity: 'proposal'
    before: { state: ProposalState }
    after: {
      concernId: string
      title: string
      rationale: string
      state: ProposalState
      /** grounded concerns (ADR 0031); absent on events before migration 0023 */
      grounds?: { kind: string; ref: string; text: string }
      resolvesWhen?: string
    }
  }
  'concern.handed_over': {
    entity: 'proposal'
    before: { concernId: string; heldBy: 'raiser'; raisedBy: string }
    after: {
      concernId: string
      heldBy: 'party_leads'
      party: string
      reason: 'account_disabled' | 'role_removed'
    }
  }
  'concern.resolved': {
    entity: 'proposal'
    before: { concernId: string; status: 'open' }
    after: {
      concernId: string
      status: 'resolved'
      resolution: string
      override: boolean
      /** the raiser had left and their party's partnership leads held it (ADR 0031) */
      heldByLeads?: boolean
      /** An override binds the party: how its lead authenticated for it. */
      authentication?: SignerAuthentication
    }
  }
  'signoff.recorded': {
    entity: 'proposal'
    before: null
    after: {
      signoffId: string
      revision: number
      party: string
      verdict: 'approve' | 'reject'
      rationale: string
      authentication?: SignerAuthentication
      /** signed by a delegate (ADR 0030): the lead signed for, and the delegation in force */
      onBehalfOf?: { id: string; name: string; delegationId: string }
    }
  }
  'decision.issued': {
    entity: 'decision'
    before: null
    after: {
      code: string
      proposalId: string
      proposal: string
      revision: number
      title: string
      workstreamId: string | null
      charterItemIds: string[]
      supersedes: string[]
      effectiveDate: string
    }
  }
  'decision.superseded': {
    entity: 'decision'
    before: { status: 'active'; supersededBy: null }
    after: { status: 'superseded'; supersededBy: string; by: string }
  }
  'charter.item_changed': {
    entity: 'charter_item'
    before: CharterItemState
    after: CharterItemState & { version: number; decisionId: string }
  }
  'charter.item_retired': {
    entity: 'charter_item'
    before: CharterItemState
    after: CharterItemState & { version: number; decisionId: string }
  }
  'charter.amended': {
    entity: 'charter'
    before: { version: number }
    after: { version: number; decisionId: string; proposal: string; changes: AppliedChange[] }
  }
  'comment.added': {
    entity: 'proposal'
    before: null
    after: {
      commentId: string
      visibility: 'joint' | 'internal'
      revision: number
      body: string
    }
  }
  'proposal.followed': { entity: 'proposal'; before: null; after: { userId: string } }
  /**
   * A party's webhook endpoint (ADR 0028), recorded private to that party: the receiver's host
   * only (a path may itself be a secret, as a chat's incoming-webhook address is), never the
   * signing secret.
   */
  'webhook.registered': { entity: 'webhook_endpoint'; before: null; after: WebhookEndpointFacts }
  'webhook.secret_rotated': {
    entity: 'webhook_endpoint'
    before: null
    after: { party: string; host: string }
  }
  'webhook.disabled': { entity: 'webhook_endpoint'; before: null; after: WebhookEndpointFacts }
  'webhook.enabled': { entity: 'webhook_endpoint'; before: null; after: WebhookEndpointFacts }
  'webhook.removed': { entity: 'webhook_endpoint'; before: WebhookEndpointFacts; after: null }
  'webhook.test_sent': {
    entity: 'webhook_endpoint'
    before: null
    after: { party: string; host: string; deliveryId: string }
  }
  /** A party's country (its public holidays) and time zone, private to that party. */
  'calendar.configured': {
    entity: 'party'
    before: { country: string | null; timeZone: string } | null
    after: { party: string; country: string | null; timeZone: string }
  }
  /** A company shutdown day of a party (Golden Week, year-end), private to that party. */
  'calendar.shutdown_day_set': {
    entity: 'party'
    before: { label: string } | null
    after: { party: string; date: string; label: string }
  }
  'calendar.shutdown_day_removed': {
    entity: 'party'
    before: { party: string; date: string; label: string }
    after: null
  }
  // the escalation ladder (ADR 0032, shared/escalation.ts)
  'proposal.escalated': {
    entity: 'proposal'
    before: { state: ProposalState; step: number | null }
    after: {
      state: ProposalState
      /** index of the rung, and the body it went to */
      step: number
      body: EscalationBody
      cause: 'rejection' | 'overdue' | 'cooling_off_ended'
      procedureItemId: string
      procedureCode: string
      escalatedOn: string
      coolingOffUntil: string
      coolingOffByParty: Record<string, string>
    }
  }
  'proposal.cooling_off_ended': {
    entity: 'proposal'
    before: null
    after: { step: number; body: EscalationBody; coolingOffUntil: string; nextStep: number | null }
  }
  'proposal.reopened': {
    entity: 'proposal'
    before: { state: ProposalState; revision: number; step: number }
    after: { state: ProposalState; revision: number; note: string; content: ProposalContent }
  }
  'proposal.unfollowed': { entity: 'proposal'; before: null; after: { userId: string } }
  'notification.preferences_changed': {
    entity: 'user'
    before: null
    after: {
      emailMode: 'immediate' | 'digest' | 'off'
      optOuts: string[]
      timeZone: string
      digestHour: number
      locale: 'en' | 'ja' | null
    }
  }
  /** The address is a credential: when one was made or ended is on record, never the secret. */
  'calendar_feed.reset': { entity: 'user'; before: null; after: { createdAt: string } }
  'calendar_feed.stopped': { entity: 'user'; before: null; after: { hadFeed: boolean } }
  'checkpoint.made': {
    entity: 'checkpoint'
    before: null
    after: { number: number; reason: string; keyId: string }
  }
  'checkpoint.key_rotated': {
    entity: 'checkpoint'
    before: null
    /** The key retired and the key taken on (SPKI, base64); a checkpoint by the old key covers it. */
    after: { fromKeyId: string; fromSpki: string; toKeyId: string; toSpki: string }
  }
  'checkpoint.witness_added': {
    entity: 'checkpoint'
    before: null
    /** The tree (`partnership` or `deployment`), the witness's vkey and its party. */
    after: { log: string; vkey: string; party: string | null }
  }
  'checkpoint.cosigned': {
    entity: 'checkpoint'
    before: null
    /** The checkpoint (tree and size) and the witness's vkey and timestamp. */
    after: { log: string; size: number; vkey: string; timestamp: number }
  }
  'checkpoint.witness_refused': {
    entity: 'checkpoint'
    before: null
    /** The witness (vkey, party), why, the size the log showed and the one it cosigned before. */
    after: {
      log: string
      vkey: string
      party: string | null
      kind: string
      size: number | null
      witnessedSize: number | null
      message: string
    }
  }
}

/**
 * Every action with its types. An action of shared/ledger-actions.ts without an entry above still
 * appends, with an untyped payload: give it an entry when you add it.
 */
export type LedgerEventTypes = {
  [A in LedgerAction]: A extends keyof Events
    ? Events[A]
    : { entity: string; before: unknown; after: unknown }
}

export type LedgerEntityType = LedgerEventTypes[LedgerAction]['entity']

/** The stored payload of an event of this action. */
export type LedgerPayload<A extends LedgerAction> = {
  before: LedgerEventTypes[A]['before']
  after: LedgerEventTypes[A]['after']
}

/** An event about to be appended, for one action: its entity type and payload follow from it. */
export type NewLedgerEvent<A extends LedgerAction = LedgerAction> = {
  [K in A]: {
    partnershipId: string | null
    action: K
    entityType: LedgerEventTypes[K]['entity']
    entityId: string
    /** `joint` (default), or `party:<CODE>` for content only that party may read. */
    visibility?: string
    after: LedgerEventTypes[K]['after']
  } & (null extends LedgerEventTypes[K]['before']
    ? { before?: LedgerEventTypes[K]['before'] }
    : { before: LedgerEventTypes[K]['before'] })
}[A]

/** A stored event's action, entity type and typed payload, narrowed by `action`. */
export type TypedLedgerEvent = {
  [K in LedgerAction]: { action: K; entityType: LedgerEventTypes[K]['entity'] } & LedgerPayload<K>
}[LedgerAction]

/**
 * The payload of a read event, typed by its action: `null` unless the event is of that action
 * and carries a payload (a redacted event carries none). The server wrote it through the typed
 * `appendEvent`; a reader that checks the chain (shared/audit-verify.ts) knows it was not
 * changed since.
 */
export function payloadOf<A extends LedgerAction>(
  event: { action: string; payload?: unknown },
  action: A,
): LedgerPayload<A> | null {
  if (event.action !== action) return null
  const payload = event.payload
  if (typeof payload !== 'object' || payload === null || !('after' in payload)) return null
  return payload as LedgerPayload<A>
}
