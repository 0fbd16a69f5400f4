/**
 * Acts that bind a party ask for a fresh authentication (server: requireFreshAuthentication).
 * `useFreshAuthentication` runs such an act; when the server answers REAUTH_REQUIRED it asks for
 * the password again, renews the session's proof (auth.reauthenticate), and runs the act again.
 * A person signed in through their party's provider goes through that provider instead
 * (GET /auth/oidc/reauth: prompt=login, max_age=0) and comes back to this page to do it again.
 */
import { useMutation } from '@tanstack/react-query'
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react'
import { useMe } from '../../auth'
import { useI18n } from '../../i18n'
import { EXPECTS_UNAUTHORIZED, isApiError, useTRPC } from '../../trpc'
import { useErrorMessage } from '../../ui/states'

export function needsFreshAuthentication(error: unknown): boolean {
  return (
    isApiError(error) &&
    (error.data as { domainCode?: string | null } | undefined)?.domainCode === 'REAUTH_REQUIRED'
  )
}

export function useFreshAuthentication(): {
  /** Runs the act; if it needs a fresh sign-in, asks for it and runs the act again. */
  run: (act: () => Promise<unknown>) => Promise<void>
  /** The password prompt, rendered while it is needed (put it next to the act's button). */
  prompt: ReactNode
} {
  const [pending, setPending] = useState<null | (() => Promise<unknown>)>(null)
  const { t } = useI18n()
  const me = useMe()
  const viaProvider = me.authentication.method === 'oidc'
  // Back from the provider: did it renew this session's proof?
  const [returned] = useState(() => takeProviderReturn(me.authentication.at))
  const run = async (act: () => Promise<unknown>) => {
    try {
      await act()
    } catch (error) {
      if (needsFreshAuthentication(error)) setPending(() => act)
      else throw error
    }
  }
  const prompt = pending ? (
    viaProvider ? (
      <ProviderAgain at={me.authentication.at} onCancel={() => setPending(null)} />
    ) : (
      <PasswordAgain
        onDone={async () => {
          setPending(null)
          await pending()
        }}
        onCancel={() => setPending(null)}
      />
    )
  ) : returned ? (
    <p className={`notice ${returned === 'renewed' ? '' : 'notice-warning'}`} role="status">
      {t(returned === 'renewed' ? 'auth.reauth.providerDone' : 'auth.reauth.providerNotDone')}
    </p>
  ) : null
  return { run, prompt }
}

const PROVIDER_TRIP = 'concord.reauth.before'

/** Once, after the trip through the provider: whether the session's proof moved on. */
function takeProviderReturn(at: string): 'renewed' | 'not_renewed' | null {
  try {
    const before = sessionStorage.getItem(PROVIDER_TRIP)
    if (before === null) return null
    sessionStorage.removeItem(PROVIDER_TRIP)
    return Date.parse(at) > Date.parse(before) ? 'renewed' : 'not_renewed'
  } catch {
    return null
  }
}

function ProviderAgain({ at, onCancel }: { at: string; onCancel: () => void }) {
  const { t } = useI18n()
  const id = useId()
  const next = window.location.pathname + window.location.search
  return (
    <section className="form reauth-form" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="notice notice-warning" role="status">
        {t('auth.reauth.provider')}
      </p>
      <div className="form-actions">
        {/* A full page load: the provider's sign-in page is another site. */}
        <a
          className="button button-primary"
          href={`/auth/oidc/reauth?next=${encodeURIComponent(next)}`}
          onClick={() => {
            try {
              sessionStorage.setItem(PROVIDER_TRIP, at)
            } catch {
              // without storage, the page simply does not say whether it worked
            }
          }}
        >
          {t('auth.reauth.providerGo')}
        </a>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </section>
  )
}

function PasswordAgain({
  onDone,
  onCancel,
}: {
  onDone: () => Promise<void>
  onCancel: () => void
}) {
  const { t } = useI18n()
  const trpc = useTRPC()
  const errorMessage = useErrorMessage()
  const [password, setPassword] = useState('')
  const id = useId()
  const input = useRef<HTMLInputElement>(null)
  // A wrong password answers UNAUTHORIZED: that is this form's business, not a session that ended.
  const reauth = useMutation(
    trpc.auth.reauthenticate.mutationOptions({ meta: EXPECTS_UNAUTHORIZED }),
  )
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await reauth.mutateAsync({ password })
    } catch {
      setPassword('')
      input.current?.focus()
      return
    }
    setPassword('')
    await onDone()
  }
  return (
    <form className="form reauth-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`} className="notice notice-warning" role="status">
        {t('auth.reauth.needed')}
      </p>
      <div className="field">
        <label htmlFor={id}>{t('auth.reauth.password')}</label>
        <input
          id={id}
          ref={input}
          type="password"
          autoComplete="current-password"
          // biome-ignore lint/a11y/noAutofocus: the person just asked for this act; the prompt is its next step
          autoFocus
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {reauth.isError ? (
        <p className="form-error" role="alert">
          {errorMessage(reauth.error)}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={reauth.isPending}>
          {t('auth.reauth.submit')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
