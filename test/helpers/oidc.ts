/**
 * Real OpenID Connect providers for tests (the `oidc-provider` package), one per party, each on
 * its own local port, with test accounts and a `groups` claim. Its development sign-in page
 * accepts any password for a known login (the account id); consent is granted without asking,
 * as a company's provider does for its own applications.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider, { type Configuration } from 'oidc-provider'

export interface TestAccount {
  /** the login typed at the provider, and the `sub` claim */
  id: string
  email: string
  emailVerified?: boolean
  name: string
  groups: string[]
}

export interface TestProvider {
  issuer: string
  clientId: string
  clientSecret: string
  accounts: Map<string, TestAccount>
  stop(): Promise<void>
}

export async function startTestProvider(options: {
  name: string
  /** Concord's callback, e.g. http://127.0.0.1:PORT/auth/oidc/callback */
  redirectUris: string[]
  accounts: TestAccount[]
}): Promise<TestProvider> {
  let handler: ((req: never, res: never) => void) | null = null
  const server: Server = createServer((req, res) => {
    if (handler) (handler as (a: typeof req, b: typeof res) => void)(req, res)
    else res.writeHead(503).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const issuer = `http://127.0.0.1:${port}`
  const clientId = `concord-${options.name}`
  const clientSecret = `secret-of-${options.name}-${port}-0123456789abcdef`
  const accounts = new Map(options.accounts.map((a) => [a.id, a]))
  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true, methods: ['S256'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      groups: ['groups'],
    },
    // The claims go into the ID token too (as Entra ID and many others do with groups).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    cookies: { keys: [`cookie-key-${options.name}`] },
    async findAccount(_ctx, id) {
      const account = accounts.get(id)
      if (!account) return undefined
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: account.email,
            email_verified: account.emailVerified ?? true,
            name: account.name,
            groups: account.groups,
          }
        },
      }
    },
    async loadExistingGrant(ctx) {
      const { oidc } = ctx
      if (!oidc.client || !oidc.session?.accountId) return undefined
      const existing = oidc.session.grantIdFor(oidc.client.clientId)
      if (existing) {
        const grant = await oidc.provider.Grant.find(existing)
        if (grant) return grant
      }
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      })
      grant.addOIDCScope('openid email profile groups')
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups'])
      await grant.save()
      return grant
    },
  }
  const provider = new Provider(issuer, configuration)
  handler = provider.callback() as never
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    async stop() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * A browser's part at the provider, over plain HTTP: follows the authorization URL, signs in
 * on the development sign-in page as `login`, and returns the URL the provider sends the person
 * back to (Concord's callback, with code and state). Cookies are kept per provider host.
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<string> {
  const jar = new Map<string, string>()
  const origin = new URL(authorizationUrl).origin
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const index = pair?.indexOf('=') ?? -1
      if (!pair || index < 1) continue
      jar.set(pair.slice(0, index).trim(), pair.slice(index + 1))
    }
  }
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  let url = authorizationUrl
  let body: URLSearchParams | null = null
  for (let hop = 0; hop < 20; hop++) {
    if (!url.startsWith(origin)) return url
    const res: Response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: cookie(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    })
    remember(res)
    body = null
    const location = res.headers.get('location')
    if (location) {
      url = new URL(location, url).href
      continue
    }
    const html = await res.text()
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]
    if (res.status !== 200 || !action || !html.includes('name="login"'))
      throw new Error(`unexpected answer from the provider (${res.status}): ${html.slice(0, 300)}`)
    url = new URL(action.replaceAll('&amp;', '&'), url).href
    body = new URLSearchParams({ prompt: 'login', login, password: 'any password' })
  }
  throw new Error('too many redirects at the provider')
}
