import { useI18n } from '../i18n'

/** How a signer proved who they were when they signed, as the sign-off recorded it. */
export interface SignerAuthentication {
  method: 'password' | 'oidc'
  at: string
  issuer: string | null
  amr: string[] | null
  acr: string | null
}

/**
 * "Confirmed by password at 10:42" or "Confirmed through the party's sign-in (issuer, mfa) at
 * 10:42", as an e-signature certificate states it. Sign-offs made before it was recorded say so.
 */
export function SignerAuthenticationNote({
  authentication,
}: {
  authentication: SignerAuthentication | null
}) {
  const { t, formatDateTime } = useI18n()
  if (!authentication) {
    return <span className="signer-auth muted">{t('signoff.auth.unknown')}</span>
  }
  const at = authentication.at ? formatDateTime(authentication.at) : ''
  const factors = authentication.amr?.length ? ` (${authentication.amr.join(', ')})` : ''
  return (
    <span className="signer-auth muted">
      {authentication.method === 'oidc'
        ? t('signoff.auth.oidc', { issuer: `${authentication.issuer ?? ''}${factors}`, at })
        : t('signoff.auth.password', { at })}
    </span>
  )
}
