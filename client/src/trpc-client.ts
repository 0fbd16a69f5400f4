/**
 * The plain tRPC client and what the first page needs to read its answers: no React Query here,
 * so the sign-in page and the app's frame load without it (ADR 0026). The React Query integration
 * (`./trpc`) wraps this same client for the signed-in app.
 */
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client'
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server'
// Only the router's type crosses over: no server code reaches the bundle.
import type { AppRouter } from '../../server/routers'
import { MAX_BATCH_CALLS } from '../../shared/batch'

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

function makeTrpcClient() {
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

/** The one client of the page: the frame, the sign-in page and the signed-in app share it. */
export const trpcClient = makeTrpcClient()

let sessionEndedHandler: () => void = () => {}

/** The app registers what to do when any request finds the session gone. */
export function setSessionEndedHandler(handler: () => void) {
  sessionEndedHandler = handler
}

export function sessionEnded() {
  sessionEndedHandler()
}
