import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client'
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
import { createTRPCContext } from '@trpc/tanstack-react-query'
// Only the router's type crosses over: no server code reaches the bundle.
import type { AppRouter } from '../../server/routers'
import { MAX_BATCH_CALLS } from '../../shared/batch'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

/** What each procedure answers and takes: the one place the client derives them from the router. */
export type RouterOutputs = inferRouterOutputs<AppRouter>
export type RouterInputs = inferRouterInputs<AppRouter>

export type ApiError = TRPCClientError<AppRouter>

export function isApiError(error: unknown): error is ApiError {
  return error instanceof TRPCClientError
}

export function isUnauthorized(error: unknown): boolean {
  return isApiError(error) && error.data?.code === 'UNAUTHORIZED'
}

/**
 * Marks a query or mutation whose UNAUTHORIZED answer is expected and handled where it is made
 * (the "who am I" probe, the sign-in itself), so it does not count as a session that ended.
 */
export const EXPECTS_UNAUTHORIZED = { expectsUnauthorized: true } as const

export function makeQueryClient(onSessionEnded: () => void): QueryClient {
  const handle = (error: unknown, meta: Record<string, unknown> | undefined) => {
    if (isUnauthorized(error) && !meta?.expectsUnauthorized) onSessionEnded()
  }
  return new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => handle(error, query.meta) }),
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => handle(error, mutation.meta),
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // An answer from the server (4xx) will be the same again; only a network blip is worth a retry.
        retry: (count, error) => count < 2 && !(isApiError(error) && error.data),
      },
    },
  })
}

export function makeTrpcClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        // The server refuses longer batches (docs/api.md); the link splits them instead.
        maxItems: MAX_BATCH_CALLS,
        fetch: (url, options) => fetch(url, { ...options, credentials: 'include' }),
      }),
    ],
  })
}

let sessionEndedHandler: () => void = () => {}

/** The app registers what to do when any request finds the session gone. */
export function setSessionEndedHandler(handler: () => void) {
  sessionEndedHandler = handler
}

export function sessionEnded() {
  sessionEndedHandler()
}
