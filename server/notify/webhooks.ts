/**
 * Signed webhooks for a party's own systems (its ERP, its chat), delivered through the outbox
 * and signed per the Standard Webhooks specification (`standardwebhooks`).
 *
 * Visibility contract: a party's endpoints only ever receive what that party may see. The
 * caller passes `payloadFor(viewerPartyId)`, which must return the event as that party reads it
 * (built through the same visibility rule as reads, with the other party's internal content
 * dropped), or null to tell that party nothing. This module never filters content itself; it
 * checks that the builder answered for the party it was asked about, and stores the body as
 * built, so what was sent is what the builder produced.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import type { Db, Executor, Trx } from '../../db/connect'
import type { OutboxDelivery } from '../../db/schema'
import { DomainError } from '../../shared/errors'
import { isNotificationKind, type NotificationKind } from '../../shared/notification-kinds'
import { type Channel, newDelivery, type SendOutcome } from './outbox'

/** An event as one party may see it. `viewerPartyId` names that party. */
export interface PartyVisibleEvent {
  viewerPartyId: string
  /** Codes and data that party may read: never another party's internal content. */
  data: Record<string, unknown>
}

export interface WebhookEventInput {
  partnershipId: string
  kind: NotificationKind
  proposalId?: string | null
  /** Called once per party with an endpoint for this event; see the contract above. */
  payloadFor: (viewerPartyId: string) => PartyVisibleEvent | null
  now?: Date
}

/** Standard Webhooks body: `{ type, timestamp, data }`. */
export interface WebhookBody {
  type: NotificationKind
  timestamp: string
  data: Record<string, unknown> & { partnershipId: string; proposalId: string | null }
}

/** Queues the event for every enabled endpoint subscribed to it, in the caller's transaction. */
export async function enqueueWebhooks(trx: Trx, input: WebhookEventInput): Promise<string[]> {
  const now = input.now ?? new Date()
  const endpoints = await trx
    .selectFrom('webhook_endpoints as w')
    .innerJoin('partnership_parties as pp', 'pp.party_id', 'w.party_id')
    .select(['w.id', 'w.party_id', 'w.event_kinds'])
    .where('pp.partnership_id', '=', input.partnershipId)
    .where('w.enabled', '=', 1)
    .where((eb) =>
      eb.or([eb('w.partnership_id', 'is', null), eb('w.partnership_id', '=', input.partnershipId)]),
    )
    .orderBy('w.id')
    .execute()
  const subscribed = endpoints.filter((e) =>
    (JSON.parse(e.event_kinds) as string[]).includes(input.kind),
  )
  const byParty = new Map<string, PartyVisibleEvent | null>()
  const ids: string[] = []
  for (const endpoint of subscribed) {
    if (!byParty.has(endpoint.party_id)) {
      const event = input.payloadFor(endpoint.party_id)
      if (event && event.viewerPartyId !== endpoint.party_id)
        // A builder that ignores its viewer could leak: refuse rather than send.
        throw new Error(
          `webhook payload built for party ${event.viewerPartyId}, asked for ${endpoint.party_id}`,
        )
      byParty.set(endpoint.party_id, event)
    }
    const event = byParty.get(endpoint.party_id)
    if (!event) continue
    const body: WebhookBody = {
      type: input.kind,
      timestamp: now.toISOString(),
      data: {
        ...event.data,
        partnershipId: input.partnershipId,
        proposalId: input.proposalId ?? null,
      },
    }
    const id = randomUUID()
    await trx
      .insertInto('outbox_deliveries')
      .values(
        newDelivery({
          id,
          channel: 'webhook',
          endpointId: endpoint.id,
          payload: JSON.stringify(body),
          due: now.toISOString(),
          createdAt: now.toISOString(),
        }),
      )
      .execute()
    ids.push(id)
  }
  return ids
}

// ---- Endpoints ----------------------------------------------------------------------------

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * A receiver's address: https, or plain http only on this machine (a developer's receiver).
 * Deliveries carry a party's business, so they never cross a network unencrypted; the address
 * holds no user name or password (the signature authenticates, not the address).
 */
export function checkWebhookUrl(text: string): URL {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new DomainError('VALIDATION', 'Enter the full address, starting with https://', {
      field: 'url',
      rule: { name: 'url' },
    })
  }
  const local = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)
  if (url.protocol !== 'https:' && !local)
    throw new DomainError(
      'VALIDATION',
      'A webhook address starts with https:// (plain http only for localhost, in development)',
      { field: 'url', rule: { name: 'https' } },
    )
  if (url.username || url.password)
    throw new DomainError('VALIDATION', 'Put no user name or password in the address', {
      field: 'url',
      rule: { name: 'credentials' },
    })
  return url
}

/** A new Standard Webhooks secret: whsec_ + 32 random bytes in base64. */
export function createWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`
}

export interface NewEndpoint {
  partyId: string
  partnershipId: string | null
  url: string
  eventKinds: string[]
  description?: string
  createdBy: string | null
  now?: Date
}

/**
 * Registers an endpoint; returns its id and secret (the secret is shown to the admin once).
 * The caller checks that the actor administers `partyId` and writes the ledger event.
 */
export async function addWebhookEndpoint(
  trx: Trx,
  input: NewEndpoint,
): Promise<{ id: string; secret: string }> {
  const url = checkWebhookUrl(input.url)
  const unknown = input.eventKinds.filter((k) => !isNotificationKind(k))
  if (input.eventKinds.length === 0 || unknown.length > 0)
    throw new DomainError(
      'VALIDATION',
      unknown.length > 0
        ? `Unknown event kinds: ${unknown.join(', ')}`
        : 'Choose at least one event kind',
      {
        field: 'eventKinds',
        rule:
          unknown.length > 0
            ? { name: 'unknown', params: { kinds: unknown.join(', ') } }
            : { name: 'required' },
      },
    )
  const id = randomUUID()
  const secret = createWebhookSecret()
  await trx
    .insertInto('webhook_endpoints')
    .values({
      id,
      party_id: input.partyId,
      partnership_id: input.partnershipId,
      url: url.toString(),
      secret,
      event_kinds: JSON.stringify([...new Set(input.eventKinds)].sort()),
      enabled: 1,
      description: input.description ?? '',
      created_by: input.createdBy,
      created_at: (input.now ?? new Date()).toISOString(),
    })
    .execute()
  return { id, secret }
}

/** The delivery log of one endpoint, newest first: each delivery and its attempts. */
export async function webhookDeliveryLog(executor: Executor, endpointId: string, limit = 50) {
  const deliveries = await executor
    .selectFrom('outbox_deliveries')
    .select([
      'id',
      'status',
      'attempts',
      'next_attempt_at',
      'delivered_at',
      'last_error',
      'created_at',
      'payload',
    ])
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(limit)
    .execute()
  const ids = deliveries.map((d) => d.id)
  const attempts =
    ids.length === 0
      ? []
      : await executor
          .selectFrom('delivery_attempts')
          .selectAll()
          .where('delivery_id', 'in', ids)
          .orderBy('attempt')
          .execute()
  return deliveries.map((d) => ({
    id: d.id,
    type: (JSON.parse(d.payload ?? '{}') as { type?: string }).type ?? null,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
    deliveredAt: d.delivered_at,
    lastError: d.last_error,
    createdAt: d.created_at,
    log: attempts
      .filter((a) => a.delivery_id === d.id)
      .map((a) => ({
        attempt: a.attempt,
        startedAt: a.started_at,
        durationMs: a.duration_ms,
        ok: a.ok === 1,
        statusCode: a.status_code,
        error: a.error,
      })),
  }))
}

// ---- The channel --------------------------------------------------------------------------

/** The worker's webhook channel: signs each body and POSTs it; any 2xx is delivered. */
export function createWebhookChannel(options: { timeoutMs?: number } = {}): Channel {
  const timeoutMs = options.timeoutMs ?? 10_000
  return {
    async send(db: Db, deliveries: OutboxDelivery[]) {
      const outcomes = new Map<string, SendOutcome>()
      const endpointIds = [
        ...new Set(deliveries.map((d) => d.endpoint_id).filter((id): id is string => !!id)),
      ]
      const endpoints =
        endpointIds.length === 0
          ? []
          : await db
              .selectFrom('webhook_endpoints')
              .select(['id', 'url', 'secret', 'enabled'])
              .where('id', 'in', endpointIds)
              .execute()
      const byId = new Map(endpoints.map((e) => [e.id, e]))
      for (const delivery of deliveries) {
        const endpoint = delivery.endpoint_id ? byId.get(delivery.endpoint_id) : undefined
        if (endpoint?.enabled !== 1 || !delivery.payload) {
          outcomes.set(delivery.id, { ok: false, skipped: true, error: 'endpoint disabled' })
          continue
        }
        // The id stays the same on every attempt (receivers drop repeats); the timestamp is
        // the attempt's, as the specification asks.
        const timestamp = new Date()
        const signature = new Webhook(endpoint.secret).sign(
          delivery.id,
          timestamp,
          delivery.payload,
        )
        try {
          const response = await fetch(endpoint.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Concord-Webhooks/1',
              'webhook-id': delivery.id,
              'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
              'webhook-signature': signature,
            },
            body: delivery.payload,
            redirect: 'manual',
            signal: AbortSignal.timeout(timeoutMs),
          })
          await response.body?.cancel()
          outcomes.set(
            delivery.id,
            response.ok
              ? { ok: true, statusCode: response.status }
              : { ok: false, statusCode: response.status, error: `HTTP ${response.status}` },
          )
        } catch (error) {
          outcomes.set(delivery.id, {
            ok: false,
            statusCode: null,
            error: error instanceof Error ? error.message : String(error),
          })
        }
      }
      return outcomes
    },
  }
}
