/**
 * The browser's round trips to a party's provider (mounted at /auth/oidc by server/app.ts):
 *   GET /auth/oidc/start?party=<party id>&next=<path>   sign in through that party's provider
 *   GET /auth/oidc/reauth?next=<path>                   prove again who one is (prompt=login, max_age=0)
 *   GET /auth/oidc/callback                             where the provider sends the person back
 * The flow's secrets (state, nonce, PKCE verifier) stay in the database (oidc_flows); the
 * browser holds only a short-lived cookie naming the flow, so a callback from another browser
 * (or a replayed one) finds nothing. Refusals go back to the sign-in page as a code it words.
 */
import { Hono, type Context as HonoContext } from 'hono'
import type { Db } from '../../db/connect'
import type { AppConfig } from '../config'
import { CALLBACK_PATH } from '../domain/people/identity-provider'
import {
  authorizationUrl,
  describe,
  type FlowSecrets,
  newFlowSecrets,
  providerConfiguration,
  redeemCode,
} from './oidc'
import { hashToken, lookupSession, readCookie, SESSION_COOKIE, sessionCookie } from './session'
import { reauthenticateWithProvider, signInWithProvider } from './sso-sign-in'

export const FLOW_COOKIE = 'concord_oidc'
/** A person has this long at their provider before the flow is forgotten. */
const FLOW_SECONDS = 600

export interface OidcRouteDeps {
  db: Db
  config: AppConfig
  /** Whether the request came over HTTPS (server/app.ts decides, proxies included). */
  secure: (c: HonoContext) => boolean
  ip: (c: HonoContext) => string | null
}

/** A path inside this app to return to (no other origin, no scheme), or "/". */
export function safeNext(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/'
  if (value.startsWith('/sign-in') || value.startsWith('/auth/')) return '/'
  return value
}

/**
 * Concord's own address as the browser sees it; behind TRUST_PROXY, as the proxy says. The
 * redirect URI sent to the provider is this plus /auth/oidc/callback: register exactly that.
 */
function publicOrigin(c: HonoContext, config: AppConfig): string {
  const url = new URL(c.req.url)
  if (config.trustProxy) {
    const host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim()
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim()
    if (host) return `${proto === 'https' ? 'https' : url.protocol.replace(':', '')}://${host}`
  }
  return url.origin
}

function flowCookie(value: string, secure: boolean, maxAge: number): string {
  const parts = [
    `${FLOW_COOKIE}=${value}`,
    'Path=/auth/oidc',
    'HttpOnly',
    // Lax: the provider's redirect back is a top-level GET from its site, which Lax lets through.
    'SameSite=Lax',
    `Max-Age=${maxAge}`,
  ]
  if (secure) parts.push('Secure')
  return parts.join('; ')
}

function signInError(code: string): string {
  return `/sign-in?sso_error=${encodeURIComponent(code)}`
}

async function providerOf(db: Db, partyId: string) {
  return db
    .selectFrom('identity_providers')
    .innerJoin('parties', 'parties.id', 'identity_providers.party_id')
    .select([
      'parties.id',
      'parties.code',
      'identity_providers.issuer',
      'identity_providers.client_id',
      'identity_providers.client_secret',
      'identity_providers.group_claim',
    ])
    .where('identity_providers.party_id', '=', partyId)
    .executeTakeFirst()
}

export function oidcRoutes(deps: OidcRouteDeps) {
  const { db, config } = deps
  const app = new Hono()
  const policy = { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs }

  async function begin(
    c: HonoContext,
    partyId: string,
    purpose: 'login' | 'reauth',
    sessionId: string | null,
    onError: string,
  ) {
    const provider = await providerOf(db, partyId)
    if (!provider) return c.redirect(signInError('not_configured'), 302)
    let configuration: Awaited<ReturnType<typeof providerConfiguration>>
    try {
      configuration = await providerConfiguration({
        issuer: provider.issuer,
        clientId: provider.client_id,
        clientSecret: provider.client_secret,
      })
    } catch (error) {
      console.warn(`[oidc] ${provider.code}: ${describe(error)}`)
      return c.redirect(onError, 302)
    }
    const secrets = newFlowSecrets()
    const now = Date.now()
    await db
      .deleteFrom('oidc_flows')
      .where('created_at', '<', new Date(now - FLOW_SECONDS * 1000).toISOString())
      .execute()
    await db
      .insertInto('oidc_flows')
      .values({
        state: secrets.state,
        party_id: partyId,
        code_verifier: secrets.codeVerifier,
        nonce: secrets.nonce,
        purpose,
        session_id: sessionId,
        created_at: new Date(now).toISOString(),
      })
      .execute()
    const next = safeNext(c.req.query('next'))
    const target = await authorizationUrl(
      configuration,
      secrets,
      `${publicOrigin(c, config)}${CALLBACK_PATH}`,
      { reauth: purpose === 'reauth', groupClaim: provider.group_claim },
    )
    c.header(
      'set-cookie',
      flowCookie(
        `${secrets.state}.${Buffer.from(next).toString('base64url')}`,
        deps.secure(c),
        FLOW_SECONDS,
      ),
    )
    c.header('cache-control', 'no-store')
    return c.redirect(target.href, 302)
  }

  app.get('/start', async (c) => {
    const partyId = c.req.query('party') ?? ''
    if (!/^[0-9a-f-]{36}$/i.test(partyId)) return c.redirect(signInError('not_configured'), 302)
    return begin(c, partyId, 'login', null, signInError('provider_unreachable'))
  })

  app.get('/reauth', async (c) => {
    const next = safeNext(c.req.query('next'))
    const token = readCookie(c.req.header('cookie'), SESSION_COOKIE)
    const found = token ? await lookupSession(db, token, policy) : null
    if (found?.status !== 'valid') return c.redirect(signInError('session_ended'), 302)
    const user = await db
      .selectFrom('users')
      .select('party_id')
      .where('id', '=', found.userId)
      .executeTakeFirst()
    if (!user?.party_id) return c.redirect(next, 302)
    return begin(c, user.party_id, 'reauth', found.sessionId, next)
  })

  app.get('/callback', async (c) => {
    c.header('cache-control', 'no-store')
    c.header('set-cookie', flowCookie('', deps.secure(c), 0))
    const [cookieState, encodedNext] = (
      readCookie(c.req.header('cookie'), FLOW_COOKIE) ?? ''
    ).split('.')
    const state = c.req.query('state')
    if (!cookieState || !state || state !== cookieState)
      return c.redirect(signInError('expired'), 302)
    let next = '/'
    try {
      next = safeNext(Buffer.from(encodedNext ?? '', 'base64url').toString('utf8'))
    } catch {
      next = '/'
    }
    // The flow is used once, whatever happens next.
    const flow = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('oidc_flows')
        .selectAll()
        .where('state', '=', state)
        .executeTakeFirst()
      if (row) await trx.deleteFrom('oidc_flows').where('state', '=', state).execute()
      return row
    })
    if (!flow || Date.now() - Date.parse(flow.created_at) > FLOW_SECONDS * 1000)
      return c.redirect(signInError('expired'), 302)
    const reauth = flow.purpose === 'reauth'
    const fail = (code: string) => c.redirect(reauth ? next : signInError(code), 302)
    // The person cancelled at the provider (or it refused them).
    if (c.req.query('error')) return fail('cancelled')
    const provider = await providerOf(db, flow.party_id)
    if (!provider) return fail('not_configured')
    const secrets: FlowSecrets = {
      state: flow.state,
      nonce: flow.nonce,
      codeVerifier: flow.code_verifier,
    }
    let identity: Awaited<ReturnType<typeof redeemCode>>
    try {
      const configuration = await providerConfiguration({
        issuer: provider.issuer,
        clientId: provider.client_id,
        clientSecret: provider.client_secret,
      })
      const url = new URL(c.req.url)
      const callbackUrl = new URL(`${publicOrigin(c, config)}${CALLBACK_PATH}${url.search}`)
      identity = await redeemCode(configuration, callbackUrl, secrets, {
        reauth,
        groupClaim: provider.group_claim,
      })
    } catch (error) {
      console.warn(`[oidc] ${provider.code}: the provider's answer was refused: ${describe(error)}`)
      return fail('failed')
    }
    const party = { id: provider.id, code: provider.code }
    const ip = deps.ip(c)
    if (reauth) {
      // Only the session that started the round trip, in the browser that holds it.
      const token = readCookie(c.req.header('cookie'), SESSION_COOKIE)
      if (!token || !flow.session_id || hashToken(token) !== flow.session_id)
        return c.redirect(signInError('session_ended'), 302)
      await reauthenticateWithProvider(db, party, flow.session_id, identity, { ip })
      return c.redirect(next, 302)
    }
    const token = readCookie(c.req.header('cookie'), SESSION_COOKIE)
    const result = await signInWithProvider(db, party, identity, policy, {
      ip,
      userAgent: c.req.header('user-agent') ?? null,
      previousSessionId: token ? hashToken(token) : null,
    })
    if (!result.ok) return c.redirect(signInError(result.refusal), 302)
    c.header(
      'set-cookie',
      sessionCookie(result.value.token, {
        secure: deps.secure(c),
        maxAgeSeconds: Math.floor(config.sessionAbsoluteMs / 1000),
      }),
      { append: true },
    )
    return c.redirect(next, 302)
  })

  return app
}
