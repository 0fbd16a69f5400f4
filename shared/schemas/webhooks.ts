import { z } from 'zod'
import { NOTIFICATION_KINDS, type NotificationKind } from '../notification-kinds'
import { id } from './common'

const KINDS = Object.keys(NOTIFICATION_KINDS) as [NotificationKind, ...NotificationKind[]]

/** A party's endpoints in one partnership (those for every partnership of the party included). */
export const webhookListInput = z.object({ partnershipId: id })

/**
 * A new endpoint. The address is checked by the server (https, or http on this machine for
 * development: server/notify/webhooks.ts), which names the broken rule in `data.rule`.
 */
export const webhookCreateInput = z.object({
  partnershipId: id,
  url: z.string().trim().min(1, 'must not be empty').max(2000),
  /** At least one: the server names the rule when there is none. */
  eventKinds: z.array(z.enum(KINDS)).max(KINDS.length),
  description: z.string().trim().max(200).default(''),
})

export const webhookEndpointInput = z.object({ partnershipId: id, endpointId: id })

export const webhookDeliveriesInput = z.object({
  partnershipId: id,
  endpointId: id,
  limit: z.number().int().min(1).max(100).default(25),
})
