import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client'
import { createTRPCContext } from '@trpc/tanstack-react-query'
// Only the router's type crosses over: no server code reaches the bundle.
import type { AppRouter } from '../../server/routers'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

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
