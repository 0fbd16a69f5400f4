/**
 * The relying party side of OpenID Connect, through openid-client (discovery, PKCE, state, nonce,
 * ID token validation): Concord validates no token by hand. One configuration per party's
 * provider, kept for a few minutes so that a sign-in does not fetch the discovery document twice.
 */
import * as client from 'openid-client'
import { DomainError } from '../../shared/errors'

export interface ProviderSettings {
  issuer: string
  clientId: string
  clientSecret: string
}

const CACHE_MS = 5 * 60_000
const cache = new Map<string, { at: number; config: Promise<client.Configuration> }>()

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
}

/** The provider's configuration (discovery), or VALIDATION naming the issuer when unreachable. */
export async function providerConfiguration(
  settings: ProviderSettings,
): Promise<client.Configuration> {
  const key = JSON.stringify([settings.issuer, settings.clientId, settings.clientSecret])
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.config
  const issuer = new URL(settings.issuer)
  const config = client
    .discovery(
      issuer,
      settings.clientId,
      settings.clientSecret,
      client.ClientSecretBasic(settings.clientSecret),
      {
        // http only to a provider on this machine (tests); the schema refuses it elsewhere.
        execute:
          issuer.protocol === 'http:' && isLoopback(issuer) ? [client.allowInsecureRequests] : [],
        timeout: 10,
      },
    )
    .then((config) => {
      config.timeout = 10
      return config
    })
  cache.set(key, { at: Date.now(), config })
  try {
    return await config
  } catch (error) {
    cache.delete(key)
    throw new DomainError(
      'VALIDATION',
      `Concord could not read the OpenID configuration of ${settings.issuer} (${describe(error)}): check the issuer address.`,
      { field: 'issuer' },
    )
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message
  }
  return String(error)
}

/** What a round trip needs remembered server-side until the callback. */
export interface FlowSecrets {
  state: string
  nonce: string
  codeVerifier: string
}

export function newFlowSecrets(): FlowSecrets {
  return {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
  }
}

/** The provider's authorization URL. `reauth`: the person must sign in again, now. */
export async function authorizationUrl(
  config: client.Configuration,
  secrets: FlowSecrets,
  redirectUri: string,
  options: { reauth: boolean; groupClaim: string; loginHint?: string },
): Promise<URL> {
  const scopes = ['openid', 'email', 'profile']
  // Many providers release the group claim only for a scope of the same name.
  if (options.groupClaim === 'groups') scopes.push('groups')
  const parameters: Record<string, string> = {
    redirect_uri: redirectUri,
    scope: scopes.join(' '),
    response_type: 'code',
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(secrets.codeVerifier),
    code_challenge_method: 'S256',
  }
  if (options.reauth) {
    parameters.prompt = 'login'
    parameters.max_age = '0'
  }
  if (options.loginHint) parameters.login_hint = options.loginHint
  return client.buildAuthorizationUrl(config, parameters)
}

export interface VerifiedIdentity {
  issuer: string
  subject: string
  email: string | null
  emailVerified: boolean
  name: string | null
  groups: string[]
  amr: string[] | null
  acr: string | null
}

/** Reads a claim that lists groups: an array of strings, or one string. */
function groupsOf(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string')
  if (typeof value === 'string') return [value]
  return null
}

/**
 * Redeems the code: openid-client checks the state, the PKCE verifier, the ID token's signature,
 * issuer, audience, expiry and nonce (and auth_time against max_age on a re-authentication).
 * Claims the ID token lacks (email, groups) are taken from the userinfo endpoint.
 */
export async function redeemCode(
  config: client.Configuration,
  callbackUrl: URL,
  secrets: FlowSecrets,
  options: { reauth: boolean; groupClaim: string },
): Promise<VerifiedIdentity> {
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    pkceCodeVerifier: secrets.codeVerifier,
    expectedState: secrets.state,
    expectedNonce: secrets.nonce,
    idTokenExpected: true,
    ...(options.reauth ? { maxAge: 0 } : {}),
  })
  const claims = tokens.claims()
  if (!claims) throw new Error('the provider sent no ID token')
  let extra: Record<string, unknown> = {}
  const wantsMore = claims.email === undefined || groupsOf(claims[options.groupClaim]) === null
  if (wantsMore && config.serverMetadata().userinfo_endpoint && tokens.access_token) {
    extra = await client.fetchUserInfo(config, tokens.access_token, claims.sub)
  }
  const pick = (name: string): unknown => claims[name] ?? extra[name]
  const email = pick('email')
  const amr = claims.amr
  return {
    issuer: claims.iss,
    subject: claims.sub,
    email: typeof email === 'string' && email.length > 0 ? email : null,
    emailVerified: pick('email_verified') === true,
    name: typeof pick('name') === 'string' ? (pick('name') as string) : null,
    groups: groupsOf(pick(options.groupClaim)) ?? [],
    amr: Array.isArray(amr) ? amr.filter((a): a is string => typeof a === 'string') : null,
    acr: typeof claims.acr === 'string' ? claims.acr : null,
  }
}
