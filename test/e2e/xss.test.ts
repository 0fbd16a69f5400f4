/**
 * Markdown written by users, in a proposal's body and in a comment, rendered on the proposal page:
 * none of a list of XSS payloads runs (no dialog, no script, no event handler, no `javascript:`
 * link). The page's CSP would block inline script anyway, so the test also checks the DOM itself:
 * the sanitizer must not leave the payloads in place for a weaker policy to run.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectAccessible, openBrowser, screenshot, signIn } from '../helpers/browser'
import {
  expectNoPageErrors,
  openComposer,
  openProposal,
  serverWorld,
  submittedProposal,
} from '../helpers/proposal-ui'
import { startTestServer, type TestServer } from '../helpers/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.stop()
})

const PAYLOADS = [
  '<script>window.__xss = "script"; alert(1)</script>',
  '<img src=x onerror="window.__xss = \'img\'; alert(1)">',
  '<svg onload="window.__xss = \'svg\'">',
  '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
  '<a href="javascript:window.__xss=\'raw-a\'">raw link</a>',
  '<details open ontoggle="window.__xss=\'details\'">x</details>',
  '<body onload="window.__xss=\'body\'">',
  "[md link](javascript:window.__xss='md')",
  '[mixed case](JaVaScRiPt:alert(1))',
  '[entity](&#106;avascript:alert(1))',
  '[tab](java\tscript:alert(1))',
  '[spaced](  javascript:alert(1))',
  '[vb](vbscript:msgbox(1))',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![image](javascript:alert(1))',
  '![pixel](https://evil.example/track.png)',
  '<style>body{display:none}</style>',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '[ok link](https://example.com/ok)',
].join('\n\n')

/** What a payload would leave behind in the rendered markdown, if the sanitizer let it through. */
async function leftovers(page: Page) {
  return page.evaluate(() => {
    const found: string[] = []
    for (const root of document.querySelectorAll('.markdown')) {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase()
        if (['script', 'iframe', 'img', 'svg', 'style', 'form', 'object', 'embed'].includes(tag))
          found.push(`<${tag}>`)
        for (const attr of el.getAttributeNames())
          if (attr.startsWith('on')) found.push(`${tag}[${attr}]`)
        const href = el.getAttribute('href')
        if (href !== null) {
          const url = new URL(href, window.location.href)
          if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) found.push(`href=${href}`)
        }
      }
    }
    return found
  })
}

describe('XSS payloads in markdown', () => {
  test('do not run in a proposal body or a comment', async () => {
    const id = await submittedProposal(
      serverWorld(server),
      'member@nissan.example',
      { title: 'Payloads <script>alert(1)</script>', body: `Body payloads:\n\n${PAYLOADS}` },
      ['member@honda.example', 'engineer@nissan.example'],
    )
    const user = await openBrowser(server.url)
    const { page } = user
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    try {
      await signIn(page, 'member@honda.example')
      await openProposal(page, id)
      await page.locator('.proposal-body .markdown').waitFor()
      // The title is text, not markup.
      expect(await page.locator('h1').textContent()).toBe('P-1 Payloads <script>alert(1)</script>')
      // Raw HTML shows as the text it is; safe links stay links.
      expect(await page.locator('.proposal-body').textContent()).toContain('<img src=x onerror=')
      expect(await page.locator('.proposal-body a[href="https://example.com/ok"]').count()).toBe(1)
      expect(await leftovers(page)).toEqual([])

      // The comment goes in through the composer, as a person would post it.
      const composer = await openComposer(page)
      await composer.getByLabel('Comment', { exact: true }).fill(`Comment payloads:\n\n${PAYLOADS}`)
      await composer.getByRole('button', { name: 'Post joint comment' }).click()
      await page.locator('.comment .markdown').waitFor()
      expect(await page.locator('.comment a[href="https://example.com/ok"]').count()).toBe(1)
      expect(await leftovers(page)).toEqual([])

      // Following every link the markdown rendered runs nothing either (the body's and the
      // comment's, each in its section).
      for (const section of ['content', 'discussion'] as const) {
        await openProposal(page, id, section)
        await page.locator('.tab-panel .markdown').first().waitFor()
        const links = page.locator('.tab-panel .markdown a')
        const count = await links.count()
        for (let i = 0; i < count; i++) {
          const href = (await links.nth(i).getAttribute('href')) ?? ''
          if (href.startsWith('https://')) continue // leaving the site is not the question here
          await links.nth(i).click()
          if (new URL(page.url()).pathname !== `/proposals/${id}`)
            await openProposal(page, id, section)
        }
      }
      // Reload once more, and check nothing ran at any point.
      await openProposal(page, id, 'discussion')
      await page.locator('.comment .markdown').waitFor()
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
      expect(dialogs).toEqual([])
      expect(await page.locator('body').isVisible()).toBe(true)
      await expectAccessible(page, 'proposal with payloads')
      await screenshot(page, 'xss-proposal')
      expectNoPageErrors(user)
    } finally {
      await user.close()
    }
  })
})
