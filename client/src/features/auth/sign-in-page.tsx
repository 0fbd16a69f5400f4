import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { signedIn } from '../../account'
import { type MessageKey, useI18n } from '../../i18n'
import { navigate, safeReturnPath, useLocation } from '../../router'
import { markSignedIn, type SignInNotice } from '../../session'
import { type RouterOutputs, trpcClient } from '../../trpc-client'
import { Page } from '../../ui/page'
import { useErrorMessage } from '../../ui/states'

/** The refusals the server's OIDC callback sends back (server/auth/oidc-routes.ts). */
const SSO_ERRORS = [
  'email_in_use',
  'no_email',
  'disabled',
  'expired',
  'cancelled',
  'failed',
  'not_configured',
  'provider_unreachable',
  'session_ended',
  'not_same_person',
]

/** The parties whose single sign-on is set up; none until they arrive, or when asking fails. */
function useSsoParties(): RouterOutputs['sso']['parties'] {
  const [parties, setParties] = useState<RouterOutputs['sso']['parties']>([])
  useEffect(() => {
    let current = true
    trpcClient.sso.parties
      .query()
      .then((found) => {
        if (current) setParties(found)
      })
      .catch(() => {
        // Password sign-in still works; the buttons simply do not show.
      })
    return () => {
      current = false
    }
  }, [])
  return parties
}

export function SignInPage({ notice }: { notice: SignInNotice | null }) {
  const { t, lang } = useI18n()
  const providers = useSsoParties()
  const location = useLocation()
  const errorMessage = useErrorMessage()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const emailId = useId()
  const passwordId = useId()
  const errorId = useId()
  const passwordRef = useRef<HTMLInputElement>(null)
  // The plain client, not React Query: the sign-in page loads without it (ADR 0026).
  const [login, setLogin] = useState<{ pending: boolean; error: unknown }>({
    pending: false,
    error: null,
  })

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setLogin({ pending: true, error: null })
    try {
      const result = await trpcClient.auth.login.mutate({ email, password })
      markSignedIn(result.user.id)
      // The signed-in app starts with a query cache of its own: nothing of a previous session.
      signedIn(result.user)
      navigate(safeReturnPath(location.search.get('next')), { replace: true })
    } catch (error) {
      setLogin({ pending: false, error })
      setPassword('')
      passwordRef.current?.focus()
    }
  }

  const failed = login.error !== null
  const ssoError = SSO_ERRORS.includes(location.search.get('sso_error') ?? '')
    ? (`auth.sso.error.${location.search.get('sso_error')}` as MessageKey)
    : null
  const next = safeReturnPath(location.search.get('next'))
  return (
    <Page title={t('auth.title')} lead={t('auth.intro')}>
      {notice ? (
        <p className={`notice ${notice === 'expired' ? 'notice-warning' : ''}`} role="status">
          {notice === 'expired' ? t('auth.expired') : t('auth.signedOut')}
        </p>
      ) : null}
      {ssoError ? (
        <p className="notice notice-warning" role="alert">
          {t(ssoError)}
        </p>
      ) : null}
      <form className="card form sign-in-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor={emailId}>{t('auth.email')}</label>
          <input
            id={emailId}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={failed || undefined}
            aria-describedby={failed ? errorId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t('auth.password')}</label>
          <input
            id={passwordId}
            ref={passwordRef}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={failed || undefined}
            aria-describedby={failed ? errorId : undefined}
          />
        </div>
        <div className="form-error-slot">
          {failed ? (
            <div className="form-error" role="alert" id={errorId}>
              <strong>{t('auth.failed')}</strong> {errorMessage(login.error)}
            </div>
          ) : null}
        </div>
        <button type="submit" className="button button-primary" disabled={login.pending}>
          {login.pending ? t('auth.submitting') : t('auth.submit')}
        </button>
      </form>
      {providers.length > 0 ? (
        <section className="card sso-sign-in" aria-labelledby="sso-heading">
          <h2 id="sso-heading">{t('auth.sso.title')}</h2>
          <ul className="sso-parties">
            {providers.map((party) => (
              <li key={party.id}>
                {/* A full page load: the provider's sign-in page is another site. */}
                <a
                  className="button"
                  href={`/auth/oidc/start?party=${encodeURIComponent(party.id)}&next=${encodeURIComponent(next)}`}
                >
                  {t('auth.sso.with', { party: lang === 'ja' ? party.nameJa : party.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Page>
  )
}
