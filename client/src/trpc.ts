/**
 * The React Query integration of the tRPC client (`./trpc-client`), for the signed-in app. The
 * sign-in page and the app's frame use the plain client, so they load without React Query.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { createTRPCContext } from '@trpc/tanstack-react-query'
import type { AppRouter } from '../../server/routers'
import { isApiError, isUnauthorized } from './trpc-client'

export {
  type ApiError,
  EXPECTS_UNAUTHORIZED,
  isApiError,
  isUnauthorized,
  type RouterInputs,
  type RouterOutputs,
} from './trpc-client'

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>()

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
