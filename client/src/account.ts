/**
 * Who is signed in, for the app's frame: asked once with the plain client (`auth.me`), set by the
 * sign-in, asked again when a request finds the session gone. Not a React Query query, so the
 * sign-in page loads without React Query (ADR 0026).
 */
import { useSyncExternalStore } from 'react'
import type { Me } from './auth'
import { isUnauthorized, trpcClient } from './trpc-client'

export type Account =
  | { status: 'pending' }
  | { status: 'signedIn'; me: Me }
  | { status: 'signedOut' }
  | { status: 'error'; error: unknown }

let account: Account = { status: 'pending' }
let asked = 0
const listeners = new Set<() => void>()

function set(next: Account) {
  account = next
  for (const listener of listeners) listener()
}

/** Asks the server who this is; an older answer that arrives late is dropped. */
export async function askWhoIAm(): Promise<void> {
  const mine = ++asked
  set({ status: 'pending' })
  try {
    const me = await trpcClient.auth.me.query()
    if (mine === asked) set({ status: 'signedIn', me })
  } catch (error) {
    if (mine === asked)
      set(isUnauthorized(error) ? { status: 'signedOut' } : { status: 'error', error })
  }
}

/** The sign-in answered with the account: no need to ask again. */
export function signedIn(me: Me) {
  asked++
  set({ status: 'signedIn', me })
}

/** A change to the account made here (its language): the frame shows it at once. */
export function updateMe(change: Partial<Me>) {
  if (account.status === 'signedIn') set({ status: 'signedIn', me: { ...account.me, ...change } })
}

export function useAccount(): Account {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => account,
  )
}
