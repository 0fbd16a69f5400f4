/**
 * Debian's Chromium driven by playwright-core, launched as conventions/TOOLCHAIN.md says: one
 * persistent context (its own profile directory) per user, so cookies never mix between users.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { DEMO_PASSWORD } from './api'

export const CHROMIUM = '/usr/bin/chromium'
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const ARTIFACTS = path.resolve(import.meta.dirname, '../artifacts')

export interface BrowserUser {
  context: BrowserContext
  page: Page
  /** Uncaught page errors and console errors (CSP violations, React warnings ...). */
  errors: string[]
  close(): Promise<void>
}

/**
 * A refused API call shows in the console as "Failed to load resource: ... 401". Those answers
 * are part of the flows under test (signed out, wrong password, refused action) and the UI
 * handles them; any other console error is a finding.
 */
function isExpectedApiRefusal(text: string, url: string | undefined): boolean {
  return (
    /Failed to load resource: the server responded with a status of 4\d\d/.test(text) &&
    Boolean(url?.includes('/trpc/'))
  )
}

export async function openBrowser(
  baseURL: string,
  options: {
    locale?: string
    timezoneId?: string
    viewport?: { width: number; height: number }
  } = {},
): Promise<BrowserUser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'concord-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    baseURL,
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'Europe/London',
    viewport: options.viewport ?? { width: 1280, height: 860 },
  })
  context.setDefaultTimeout(15_000)
  const errors: string[] = []
  const watch = (page: Page) => {
    page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() !== 'error') return
      if (isExpectedApiRefusal(message.text(), message.location().url)) return
      errors.push(`console: ${message.text()}`)
    })
  }
  context.on('page', watch)
  const page = context.pages()[0] ?? (await context.newPage())
  watch(page)
  return {
    context,
    page,
    errors,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Signs in from the sign-in page the app is on or is about to redirect to. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  if (page.url() === 'about:blank') await page.goto('/sign-in')
  await page.locator('input[name="email"]').waitFor()
  await page.locator('input[name="email"]').fill(email)
  await page.locator('input[name="password"]').fill(password)
  await page.locator('form button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'))
  await page.locator('main h1').waitFor()
}

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

interface AxeResult {
  violations: {
    id: string
    impact: string | null
    help: string
    nodes: { target: unknown[]; failureSummary?: string }[]
  }[]
}

/**
 * Runs axe-core on the page and fails on serious or critical violations. The page's CSP allows
 * no inline script, so axe goes in through the DevTools protocol (page.evaluate), which a CSP
 * does not govern; the page itself stays under its real policy.
 */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  await page.waitForLoadState('load')
  const loaded = await page.evaluate(() => 'axe' in window)
  if (!loaded) await page.evaluate(axeSource)
  const result = (await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is a global put there just above
    const axe = (window as any).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })) as AxeResult
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length > 0) {
    const lines = bad.map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes
          .slice(0, 3)
          .map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`.replace(/\n/g, ' '))
          .join('\n    ')}`,
    )
    throw new Error(`Accessibility violations on ${label}:\n${lines.join('\n')}`)
  }
}

/** A full-page screenshot under test/artifacts/ (not committed), for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true })
  const file = path.join(ARTIFACTS, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
