/**
 * What this tab remembers about the session, in sessionStorage so that it survives the trip
 * through the sign-in page (and a reload) but not the closing of the tab.
 */
import { useCallback, useEffect, useRef, useState } from 'react'

const SIGNED_IN = 'concord.signedIn'
const NOTICE = 'concord.notice'
const DRAFT_PREFIX = 'concord.draft.'

export type SignInNotice = 'expired' | 'signed_out'

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}

function write(key: string, value: string | null) {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, value)
  } catch {
    // Storage may be full or off; losing a draft is better than failing the page.
  }
}

/** Someone signed in in this tab: a later "please sign in" means their session ended. */
export function markSignedIn(userId: string) {
  write(SIGNED_IN, userId)
}

/** Called when the server says the session is gone; returns whether one had been open here. */
export function noteSessionEnded(): boolean {
  const hadSession = read(SIGNED_IN) !== null
  if (hadSession) write(NOTICE, 'expired')
  write(SIGNED_IN, null)
  return hadSession
}

export function noteSignedOut(userId: string) {
  write(SIGNED_IN, null)
  write(NOTICE, 'signed_out')
  // An explicit sign-out drops this person's drafts; an expiry keeps them for their return.
  try {
    const prefix = `${DRAFT_PREFIX}${userId}.`
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(prefix)) write(key, null)
  } catch {
    // nothing to clear
  }
}

/** The notice for the sign-in page, shown once. */
export function takeNotice(): SignInNotice | null {
  const value = read(NOTICE)
  write(NOTICE, null)
  return value === 'expired' || value === 'signed_out' ? value : null
}

/**
 * Form state kept in sessionStorage, per user and form, so that an expired session does not cost
 * the user what they typed. Never use it for secrets (passwords).
 */
export function useDraft<T extends object>(
  userId: string,
  form: string,
  initial: T,
): [T, (next: T | ((previous: T) => T)) => void, () => void] {
  const key = `${DRAFT_PREFIX}${userId}.${form}`
  const initialRef = useRef(initial)
  const [value, setValue] = useState<T>(() => {
    const saved = read(key)
    if (!saved) return initial
    try {
      return { ...initial, ...(JSON.parse(saved) as Partial<T>) }
    } catch {
      return initial
    }
  })
  useEffect(() => {
    write(key, JSON.stringify(value))
  }, [key, value])
  const clear = useCallback(() => {
    write(key, null)
    setValue(initialRef.current)
  }, [key])
  return [value, setValue, clear]
}
