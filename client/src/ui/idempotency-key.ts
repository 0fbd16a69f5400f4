import { useCallback, useState } from 'react'

/**
 * One key per form a person fills in: a create sent twice (a double click, a retry after a lost
 * answer) reaches the server with the same key and makes one thing. `renew` after a success, so
 * the next thing the form makes is a new one.
 */
export function useIdempotencyKey(): [string, () => void] {
  const [key, setKey] = useState(() => crypto.randomUUID())
  const renew = useCallback(() => setKey(crypto.randomUUID()), [])
  return [key, renew]
}
