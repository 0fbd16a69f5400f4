import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useRef, useState } from 'react'
import { type MessageKey, useI18n } from '../../i18n'
import { navigate, safeReturnPath, useLocation } from '../../router'
import { markSignedIn, type SignInNotice } from '../../session'
import { EXPECTS_UNAUTHORIZED, useTRPC } from '../../trpc'
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

export function SignInPage({ notice }: { notice: SignInNotice | null }) {
  const { t, lang } = useI18n()
  const trpc = useTRPC()
  const providers = useQuery(trpc.sso.parties.queryOptions())
  const queryClient = useQueryClient()
  const location = useLocation()
  const errorMessage = useErrorMessage()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const emailId = useId()
  const passwordId = useId()
  const errorId = useId()
  const passwordRef = useRef<HTMLInputElement>(null)
  const meKey = trpc.auth.me.queryKey()

  const login = useMutation(
    trpc.auth.login.mutationOptions({
      meta: EXPECTS_UNAUTHORIZED,
      onSuccess: (result) => {
        markSignedIn(result.user.id)
        // Nothing cached for the previous session survives into this one.
        queryClient.removeQueries({
          predicate: (query) => JSON.stringify(query.queryKey) !== JSON.stringify(meKey),
        })
        queryClient.setQueryData(meKey, result.user)
        navigate(safeReturnPath(location.search.get('next')), { replace: true })
      },
      onError: () => {
        setPassword('')
        passwordRef.current?.focus()
      },
    }),
  )

  const submit = (event: FormEvent) => {
    event.preventDefault()
    login.mutate({ email, password })
  }

  const failed = login.isError
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
      <form className="card form sign-in-form" onSubmit={submit} noValidate>
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
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? t('auth.submitting') : t('auth.submit')}
        </button>
      </form>
      {providers.data && providers.data.length > 0 ? (
        <section className="card sso-sign-in" aria-labelledby="sso-heading">
          <h2 id="sso-heading">{t('auth.sso.title')}</h2>
          <ul className="sso-parties">
            {providers.data.map((party) => (
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
