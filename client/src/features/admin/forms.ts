import { isApiError } from '../../trpc'

/** The server's message when it names this input field (the error formatter sends `field`). */
export function fieldError(error: unknown, field: string): string | null {
  if (!isApiError(error) || !error.data) return null
  const named = error.data.field
  return named === field || named?.startsWith(`${field}.`) ? error.message : null
}
