/**
 * The initial JavaScript budget (issue 5): what index.html loads, plus everything that imports
 * statically, at most 150 kB gzipped. Pages and markdown load later, on demand.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { expect, test } from 'vitest'
import { CLIENT_DIST } from '../helpers/server'

interface ManifestChunk {
  file: string
  src?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}

const manifest = JSON.parse(
  readFileSync(path.join(CLIENT_DIST, '.vite/manifest.json'), 'utf8'),
) as Record<string, ManifestChunk>

function initialChunks(): Set<string> {
  const initial = new Set<string>()
  const visit = (key: string) => {
    if (initial.has(key)) return
    initial.add(key)
    for (const imported of manifest[key]?.imports ?? []) visit(imported)
  }
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key)
  return initial
}

test('the initial JavaScript is at most 150 kB gzipped', () => {
  const initial = initialChunks()
  expect(initial.size).toBeGreaterThan(0)
  let gzipped = 0
  for (const key of initial) {
    const file = manifest[key]?.file
    if (!file) throw new Error(`manifest entry ${key} has no file`)
    gzipped += gzipSync(readFileSync(path.join(CLIENT_DIST, file))).length
  }
  expect(gzipped).toBeLessThanOrEqual(150_000)
})

test('index.html loads exactly the entry, and has no inline script or style (the CSP forbids them)', () => {
  const html = readFileSync(path.join(CLIENT_DIST, 'index.html'), 'utf8')
  const entry = Object.values(manifest).find((c) => c.isEntry)
  expect(html).toContain(`src="/${entry?.file}"`)
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
  expect(html).not.toMatch(/<style/)
  expect(html).not.toMatch(/\sstyle=/)
})

test('pages and the markdown renderer are not part of the initial load', () => {
  const initial = initialChunks()
  const pages = Object.keys(manifest).filter((key) => key.startsWith('src/features/'))
  expect(pages).toEqual(
    expect.arrayContaining([
      'src/features/charter/charter-page.tsx',
      'src/features/admin/admin-page.tsx',
      'src/features/workstreams/workstreams-page.tsx',
    ]),
  )
  for (const key of [...pages, 'src/ui/markdown-view.tsx']) {
    if (!manifest[key]) continue // markdown-view is in the build once a page renders markdown
    expect(manifest[key]?.isDynamicEntry, `${key} is a lazy chunk`).toBe(true)
    expect(initial.has(key), `${key} is not loaded up front`).toBe(false)
  }
  // Whatever imports it, react-markdown's code never sits in the initial chunks.
  for (const key of initial) {
    const code = readFileSync(path.join(CLIENT_DIST, manifest[key]?.file ?? ''), 'utf8')
    expect(code).not.toContain('remarkjs/react-markdown')
  }
})

test("the sign-in page's JavaScript holds neither the signed-in app nor the schema library", () => {
  // What the sign-in page loads: the entry, its static imports, and the page's own chunk.
  const signIn = initialChunks()
  const visit = (key: string) => {
    if (signIn.has(key)) return
    signIn.add(key)
    for (const imported of manifest[key]?.imports ?? []) visit(imported)
  }
  visit('src/features/auth/sign-in-page.tsx')
  expect(manifest['src/signed-in-app.tsx']?.isDynamicEntry).toBe(true)
  expect(signIn.has('src/signed-in-app.tsx')).toBe(false)
  for (const key of signIn) {
    const code = readFileSync(path.join(CLIENT_DIST, manifest[key]?.file ?? ''), 'utf8')
    // zod's classes carry their names as strings; the server validates, the client needs none.
    expect(code, `${key} holds zod`).not.toContain('$ZodType')
    expect(code, `${key} holds the signed-in header`).not.toContain('notifications.bellUnread')
  }
})

test('the sign-in page loads the public part of the messages, not the whole dictionary', () => {
  for (const lang of ['en', 'ja']) {
    const whole = manifest[`src/i18n/${lang}.ts`]
    const part = manifest[`src/i18n/${lang}-public.ts`]
    expect(whole?.isDynamicEntry).toBe(true)
    expect(part?.isDynamicEntry).toBe(true)
    const partCode = readFileSync(path.join(CLIENT_DIST, part?.file ?? ''), 'utf8')
    expect(partCode).toContain('auth.submit')
    // The signed-in app's messages stay in the whole dictionary's chunk.
    expect(partCode).not.toContain('nav.proposals')
    expect(partCode).not.toContain('notifications.bellUnread')
    const wholeCode = readFileSync(path.join(CLIENT_DIST, whole?.file ?? ''), 'utf8')
    expect(wholeCode).toContain('notifications.bellUnread')
    expect(wholeCode).toContain('nav.proposals')
    // Nothing loaded at first imports the whole dictionary.
    expect(initialChunks().has(`src/i18n/${lang}.ts`)).toBe(false)
  }
})
