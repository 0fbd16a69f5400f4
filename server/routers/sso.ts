import {
  configureProviderInput,
  mappingChangeInput,
  providerPartyInput,
  requestMappingInput,
} from '../../shared/schemas/sso'
import {
  configureProvider,
  confirmMapping,
  providerParties,
  readProvider,
  requestMapping,
} from '../domain/people/identity-provider'
import { authedProcedure, publicProcedure, router } from '../trpc'

/** Single sign-on per party (OpenID Connect): each party configures its own provider. */
export const ssoRouter = router({
  /** Public: the parties whose people sign in through their provider (the sign-in page's buttons). */
  parties: publicProcedure.query(({ ctx }) => providerParties(ctx.db)),

  /** The party's settings, for its admins and partnership leads; the secret is never returned. */
  provider: authedProcedure
    .input(providerPartyInput)
    .query(({ ctx, input }) => readProvider(ctx.db, ctx.user, input.partyCode)),

  /** An admin of the party connects or changes its provider (the discovery document is read first). */
  configure: authedProcedure
    .input(configureProviderInput)
    .mutation(({ ctx, input }) => configureProvider(ctx.db, ctx.user, input)),

  /** An admin of the party asks for a group → role mapping; it waits for a second person. */
  requestMapping: authedProcedure
    .input(requestMappingInput)
    .mutation(({ ctx, input }) => requestMapping(ctx.db, ctx.user, input)),

  /** A second admin or partnership lead of the party confirms; needs a fresh authentication. */
  confirmMapping: authedProcedure
    .input(mappingChangeInput)
    .mutation(({ ctx, input }) => confirmMapping(ctx.db, ctx.user, ctx.sessionId, input.changeId)),
})
