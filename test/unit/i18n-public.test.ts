/**
 * The sign-in page loads only the public part of the messages (client/src/i18n/en-public.ts,
 * issue 16); the rest arrives once someone signs in. So every message the public pages can say
 * must be in that part. This follows the static imports from the entry and from the sign-in page
 * (dynamic imports are the chunks loaded later) and checks every message key named in that code.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { en } from '../../client/src/i18n/en'
import { enPublic } from '../../client/src/i18n/en-public'
import { ja } from '../../client/src/i18n/ja'
import { jaPublic } from '../../client/src/i18n/ja-public'

const CLIENT = path.resolve(import.meta.dirname, '../../client/src')

function resolve(from: string, spec: string): string | null {
  const base = path.resolve(path.dirname(from), spec)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.tsx')])
    if (candidate.startsWith(CLIENT) && /\.tsx?$/.test(candidate) && existsSync(candidate))
      return candidate
  return null
}

/** The client files reached from `roots` through static, non-type imports. */
function staticClosure(roots: string[]): string[] {
  const seen = new Set<string>()
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = readFileSync(file, 'utf8')
    for (const m of source.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gms)) {
      const next = resolve(file, m[1] as string)
      if (next) visit(next)
    }
  }
  for (const root of roots) visit(root)
  return [...seen]
}

const publicFiles = staticClosure([
  path.join(CLIENT, 'main.tsx'),
  path.join(CLIENT, 'features/auth/sign-in-page.tsx'),
])

describe('the public part of the messages', () => {
  it('follows the public pages’ code, not the signed-in app’s', () => {
    const names = publicFiles.map((f) => path.relative(CLIENT, f))
    expect(names).toEqual(
      expect.arrayContaining(['app.tsx', 'ui/public-layout.tsx', 'features/auth/sign-in-page.tsx']),
    )
    expect(names).not.toContain('signed-in-app.tsx')
  })

  it('holds every key the public pages name, literally or as a prefix', () => {
    const keys = new Set(Object.keys(en))
    const named = new Set<string>()
    const missing: string[] = []
    for (const file of publicFiles) {
      const source = readFileSync(file, 'utf8')
      for (const m of source.matchAll(/['`]([a-zA-Z]+\.[a-zA-Z0-9_.]+)['`]/g)) {
        const key = m[1] as string
        if (!keys.has(key)) continue
        named.add(key)
        if (!(key in enPublic)) missing.push(`${path.relative(CLIENT, file)}: ${key}`)
      }
      // A key built from a prefix (`lang.${code}`): every key with that prefix.
      for (const m of source.matchAll(/`([a-zA-Z]+\.[a-zA-Z0-9_.]*)\$\{/g)) {
        for (const key of keys)
          if (key.startsWith(m[1] as string)) {
            named.add(key)
            if (!(key in enPublic)) missing.push(`${path.relative(CLIENT, file)}: ${key}`)
          }
      }
    }
    expect(missing).toEqual([])
    // The scan finds what the sign-in page says (not a check that passes on nothing).
    expect(named).toContain('auth.submit')
    expect(named).toContain('lang.ja')
    expect(named.size).toBeGreaterThan(30)
  })

  it('is the same in Japanese, and the whole dictionaries include it unchanged', () => {
    expect(Object.keys(jaPublic).sort()).toEqual(Object.keys(enPublic).sort())
    for (const [key, text] of Object.entries(enPublic))
      expect(en[key as keyof typeof en]).toBe(text)
    for (const [key, text] of Object.entries(jaPublic))
      expect(ja[key as keyof typeof ja]).toBe(text)
  })
})
