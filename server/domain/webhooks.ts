/**
 * A party's webhook endpoints as its admins manage them (issue 13, ADR 0028). Sovereignty: an
 * endpoint is its party's own business. Only an admin of that party lists, registers, rotates,
 * disables, removes or tests it, or reads its delivery log; to anyone else (the other party's
 * admins included) it does not exist. Every change is one transaction with its ledger event,
 * private to the party, naming the receiver's host only and never the secret.
 */
import { randomUUID } from 'node:crypto'
import { type Db, type Executor, type Trx, writeTransaction } from '../../db/connect'
import type { WebhookEndpoint } from '../../db/schema'
import { DomainError } from '../../shared/errors'
import type { WebhookEndpointFacts } from '../../shared/ledger-events'
import { appendEvent } from '../audit/ledger'
import { newDelivery } from '../notify/outbox'
import { addWebhookEndpoint, createWebhookSecret, webhookDeliveryLog } from '../notify/webhooks'
import { actorOf, type SessionUser } from './users'

/** The admin's party, or FORBIDDEN for a person of no party (they administer nobody's systems). */
function partyOf(admin: SessionUser): { id: string; code: string } {
  if (!admin.partyId || !admin.partyCode)
    throw new DomainError(
      'FORBIDDEN',
      "You belong to no party, so you manage no party's webhooks.",
      { rule: { name: 'noParty' } },
    )
  return { id: admin.partyId, code: admin.partyCode }
}

function privateTo(party: { code: string }) {
  return `party:${party.code}`
}

function facts(party: { code: string }, row: WebhookEndpoint): WebhookEndpointFacts {
  return {
    party: party.code,
    host: new URL(row.url).host,
    eventKinds: JSON.parse(row.event_kinds) as string[],
    description: row.description,
  }
}

/** One endpoint of the admin's own party in this partnership; NOT_FOUND otherwise. */
async function ownEndpoint(
  executor: Executor,
  admin: SessionUser,
  partnershipId: string,
  endpointId: string,
) {
  const party = partyOf(admin)
  const row = await executor
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', endpointId)
    .where('party_id', '=', party.id)
    .where((eb) =>
      eb.or([eb('partnership_id', 'is', null), eb('partnership_id', '=', partnershipId)]),
    )
    .executeTakeFirst()
  // Another party's endpoint is that party's own: it does not exist for this admin.
  if (!row) throw new DomainError('NOT_FOUND', 'No such webhook endpoint.', { field: 'endpointId' })
  return { party, row }
}

function view(row: WebhookEndpoint) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventKinds: JSON.parse(row.event_kinds) as string[],
    enabled: row.enabled === 1,
    /** null: every partnership of the party */
    partnershipId: row.partnership_id,
    createdAt: row.created_at,
  }
}

export async function listWebhooks(db: Db, admin: SessionUser, partnershipId: string) {
  const party = partyOf(admin)
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('party_id', '=', party.id)
    .where((eb) =>
      eb.or([eb('partnership_id', 'is', null), eb('partnership_id', '=', partnershipId)]),
    )
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const last = await Promise.all(rows.map((r) => webhookDeliveryLog(db, r.id, 1)))
  return {
    party: party.code,
    endpoints: rows.map((row, i) => {
      const d = last[i]?.[0]
      return {
        ...view(row),
        lastDelivery: d
          ? {
              status: d.status,
              attempts: d.attempts,
              lastStatusCode: d.log.at(-1)?.statusCode ?? null,
              at: d.log.at(-1)?.startedAt ?? d.createdAt,
            }
          : null,
      }
    }),
  }
}

/** Registers an endpoint; the secret is in this answer and in no later one. */
export function createWebhook(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; url: string; eventKinds: string[]; description: string },
) {
  const party = partyOf(admin)
  return writeTransaction(db, async (trx) => {
    const { id, secret } = await addWebhookEndpoint(trx, {
      partyId: party.id,
      partnershipId: input.partnershipId,
      url: input.url,
      eventKinds: input.eventKinds,
      description: input.description,
      createdBy: admin.id,
    })
    const row = await trx
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await appendEvent(trx, actorOf(admin), {
      partnershipId: input.partnershipId,
      action: 'webhook.registered',
      entityType: 'webhook_endpoint',
      entityId: id,
      visibility: privateTo(party),
      after: facts(party, row),
    })
    return { endpoint: view(row), secret }
  })
}

/**
 * A new secret replaces the old at once: deliveries still waiting are signed with the new one
 * when they go out (signing happens at sending). Shown once, like the first.
 */
export function rotateWebhookSecret(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; endpointId: string },
) {
  return writeTransaction(db, async (trx) => {
    const { party, row } = await ownEndpoint(trx, admin, input.partnershipId, input.endpointId)
    const secret = createWebhookSecret()
    await trx.updateTable('webhook_endpoints').set({ secret }).where('id', '=', row.id).execute()
    await appendEvent(trx, actorOf(admin), {
      partnershipId: input.partnershipId,
      action: 'webhook.secret_rotated',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      visibility: privateTo(party),
      after: { party: party.code, host: new URL(row.url).host },
    })
    return { endpoint: view({ ...row, secret }), secret }
  })
}

/** Disables or enables an endpoint; a disabled one is sent nothing (waiting deliveries are skipped). */
export function setWebhookEnabled(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; endpointId: string },
  enabled: boolean,
) {
  return writeTransaction(db, async (trx) => {
    const { party, row } = await ownEndpoint(trx, admin, input.partnershipId, input.endpointId)
    if ((row.enabled === 1) === enabled) return view(row)
    await trx
      .updateTable('webhook_endpoints')
      .set({ enabled: enabled ? 1 : 0 })
      .where('id', '=', row.id)
      .execute()
    await appendEvent(trx, actorOf(admin), {
      partnershipId: input.partnershipId,
      action: enabled ? 'webhook.enabled' : 'webhook.disabled',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      visibility: privateTo(party),
      after: facts(party, row),
    })
    return view({ ...row, enabled: enabled ? 1 : 0 })
  })
}

/** Removes an endpoint with its deliveries and their log (the ledger keeps that it existed). */
export function removeWebhook(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; endpointId: string },
  now = new Date(),
) {
  return writeTransaction(db, async (trx) => {
    const { party, row } = await ownEndpoint(trx, admin, input.partnershipId, input.endpointId)
    const sending = await trx
      .selectFrom('outbox_deliveries')
      .select('id')
      .where('endpoint_id', '=', row.id)
      .where('claimed_until', '>', now.toISOString())
      .executeTakeFirst()
    if (sending)
      throw new DomainError(
        'CONFLICT',
        'A delivery to this endpoint is being sent right now; disable it, then remove it in a minute.',
        { field: 'endpointId', rule: { name: 'sending' } },
      )
    const deliveries = trx
      .selectFrom('outbox_deliveries')
      .select('id')
      .where('endpoint_id', '=', row.id)
    await trx.deleteFrom('delivery_attempts').where('delivery_id', 'in', deliveries).execute()
    await trx.deleteFrom('outbox_deliveries').where('endpoint_id', '=', row.id).execute()
    await trx.deleteFrom('webhook_endpoints').where('id', '=', row.id).execute()
    await appendEvent(trx, actorOf(admin), {
      partnershipId: input.partnershipId,
      action: 'webhook.removed',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      visibility: privateTo(party),
      before: facts(party, row),
      after: null,
    })
    return { ok: true as const }
  })
}

/**
 * Queues a `webhook.test` event for this endpoint alone, through the outbox like any other (so
 * it is signed, retried and logged the same way). A delivery written is a change: it has its
 * (party-private) ledger event like any other.
 */
export function sendWebhookTest(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; endpointId: string },
  now = new Date(),
) {
  return writeTransaction(db, async (trx: Trx) => {
    const { party, row } = await ownEndpoint(trx, admin, input.partnershipId, input.endpointId)
    if (row.enabled !== 1)
      throw new DomainError('INVALID_TRANSITION', 'Enable the endpoint before testing it.', {
        field: 'endpointId',
        rule: { name: 'disabled' },
      })
    const id = randomUUID()
    const body = {
      type: 'webhook.test',
      timestamp: now.toISOString(),
      data: { partnershipId: input.partnershipId, proposalId: null, party: party.code },
    }
    await trx
      .insertInto('outbox_deliveries')
      .values(
        newDelivery({
          id,
          channel: 'webhook',
          endpointId: row.id,
          payload: JSON.stringify(body),
          due: now.toISOString(),
          createdAt: now.toISOString(),
        }),
      )
      .execute()
    await appendEvent(trx, actorOf(admin), {
      partnershipId: input.partnershipId,
      action: 'webhook.test_sent',
      entityType: 'webhook_endpoint',
      entityId: row.id,
      visibility: privateTo(party),
      after: { party: party.code, host: new URL(row.url).host, deliveryId: id },
    })
    return { deliveryId: id }
  })
}

/** The endpoint's delivery log, newest first: status, attempts, the receiver's last answer. */
export async function webhookDeliveries(
  db: Db,
  admin: SessionUser,
  input: { partnershipId: string; endpointId: string; limit: number },
) {
  const { row } = await ownEndpoint(db, admin, input.partnershipId, input.endpointId)
  const log = await webhookDeliveryLog(db, row.id, input.limit)
  return {
    items: log.map((d) => ({
      id: d.id,
      type: d.type,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.log.at(-1)?.statusCode ?? null,
      lastError: d.lastError,
      createdAt: d.createdAt,
      lastAttemptAt: d.log.at(-1)?.startedAt ?? null,
      deliveredAt: d.deliveredAt,
      nextAttemptAt: d.nextAttemptAt,
      log: d.log,
    })),
  }
}
