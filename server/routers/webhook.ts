import {
  webhookCreateInput,
  webhookDeliveriesInput,
  webhookEndpointInput,
  webhookListInput,
} from '../../shared/schemas/webhooks'
import {
  createWebhook,
  listWebhooks,
  removeWebhook,
  rotateWebhookSecret,
  sendWebhookTest,
  setWebhookEnabled,
  webhookDeliveries,
} from '../domain/webhooks'
import { partnershipProcedure, router } from '../trpc'

/**
 * A party's webhook endpoints, managed by that party's admins in a partnership they administer
 * (server/domain/webhooks.ts): another party's endpoints do not exist for them.
 */
const partyAdmin = partnershipProcedure('admin')

export const webhookRouter = router({
  list: partyAdmin
    .input(webhookListInput)
    .query(({ ctx, input }) => listWebhooks(ctx.db, ctx.user, input.partnershipId)),
  /** Returns the signing secret: the only time it is shown. */
  create: partyAdmin
    .input(webhookCreateInput)
    .mutation(({ ctx, input }) => createWebhook(ctx.db, ctx.user, input)),
  rotateSecret: partyAdmin
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.db, ctx.user, input)),
  disable: partyAdmin
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => setWebhookEnabled(ctx.db, ctx.user, input, false)),
  enable: partyAdmin
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => setWebhookEnabled(ctx.db, ctx.user, input, true)),
  remove: partyAdmin
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => removeWebhook(ctx.db, ctx.user, input)),
  test: partyAdmin
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) => sendWebhookTest(ctx.db, ctx.user, input)),
  deliveries: partyAdmin
    .input(webhookDeliveriesInput)
    .query(({ ctx, input }) => webhookDeliveries(ctx.db, ctx.user, input)),
})
