/**
 * The built client as the server sends it: precompressed at build (brotli and gzip), chosen
 * from Accept-Encoding, hashed assets cached for good, the page itself revalidated. The client
 * is built here, into a folder of this test's own, so the build step is tested with the server
 * and client/dist (which the browser tests use) is left alone.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { negotiateEncoding } from '../../server/static'
import { testConfig } from '../helpers/api'
import { freshDatabase, type TestDatabase } from '../helpers/db'

const root = path.resolve(import.meta.dirname, '../..')

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}

let outDir: string
let database: TestDatabase
let app: ReturnType<typeof createApp>
let manifest: Record<string, ManifestChunk>
let entry: ManifestChunk

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'concord-assets-'))
  execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--logLevel',
      'error',
    ],
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    { cwd: root, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } },
  )
  manifest = JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8'))
  entry = Object.values(manifest).find((chunk) => chunk.isEntry) as ManifestChunk
  database = await freshDatabase('sqlite')
  app = createApp({ db: database.db, config: testConfig(), clientDir: outDir })
})

afterAll(async () => {
  await database?.destroy()
  rmSync(outDir, { recursive: true, force: true })
})

function original(file: string): Buffer {
  return readFileSync(path.join(outDir, file))
}

async function bytesOf(res: Response): Promise<Buffer> {
  return Buffer.from(await res.arrayBuffer())
}

describe('compressed assets', () => {
  it('sends brotli to a browser that accepts it, and the bytes decompress to the built file', async () => {
    const res = await app.request(`/${entry.file}`, {
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    const body = await bytesOf(res)
    expect(Number(res.headers.get('content-length'))).toBe(body.length)
    expect(brotliDecompressSync(body).equals(original(entry.file))).toBe(true)
    // Compressed at build, not on the fly: what is sent is the file the build wrote beside it.
    expect(body.equals(original(`${entry.file}.br`))).toBe(true)
    expect(body.length).toBeLessThan(original(entry.file).length / 3)
  })

  it('sends gzip to one that accepts only gzip', async () => {
    const res = await app.request(`/${entry.file}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(gunzipSync(await bytesOf(res)).equals(original(entry.file))).toBe(true)
  })

  it('sends the file as built to one that accepts no compression', async () => {
    for (const header of [undefined, 'identity', 'br;q=0, gzip;q=0', 'deflate']) {
      const res = await app.request(`/${entry.file}`, {
        headers: header === undefined ? {} : { 'accept-encoding': header },
      })
      expect(res.headers.get('content-encoding'), String(header)).toBeNull()
      expect(res.headers.get('vary'), String(header)).toBe('Accept-Encoding')
      expect((await bytesOf(res)).equals(original(entry.file)), String(header)).toBe(true)
    }
  })

  it('compresses the stylesheets and the lazy chunks too', async () => {
    const files = new Set<string>()
    for (const chunk of Object.values(manifest)) {
      if (chunk.file.endsWith('.js')) files.add(chunk.file)
      for (const css of (chunk as { css?: string[] }).css ?? []) files.add(css)
    }
    let compressed = 0
    for (const file of files) {
      const res = await app.request(`/${file}`, { headers: { 'accept-encoding': 'br' } })
      expect(res.status, file).toBe(200)
      const body = await bytesOf(res)
      // A file too small to gain from compression is sent as it is.
      if (res.headers.get('content-encoding') === 'br') {
        expect(brotliDecompressSync(body).equals(original(file)), file).toBe(true)
        compressed += 1
      } else expect(body.equals(original(file)), file).toBe(true)
    }
    expect(compressed).toBeGreaterThan(files.size / 2)
  })

  it('follows the weights the browser gives (q values, *)', () => {
    const both = ['br', 'gzip'] as const
    expect(negotiateEncoding('gzip, br', both)).toBe('br')
    expect(negotiateEncoding('br;q=0.5, gzip', both)).toBe('gzip')
    expect(negotiateEncoding('*', both)).toBe('br')
    expect(negotiateEncoding('*;q=0, gzip', both)).toBe('gzip')
    expect(negotiateEncoding('br;q=0', both)).toBeNull()
    expect(negotiateEncoding('BR', ['gzip'])).toBeNull()
    expect(negotiateEncoding(undefined, both)).toBeNull()
  })

  it('answers the same over a real socket (the Node adapter passes the encoding through)', async () => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    try {
      const { port } = server.address() as AddressInfo
      const answer = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>(
        (resolve, reject) => {
          const req = request(
            {
              host: '127.0.0.1',
              port,
              path: `/${entry.file}`,
              headers: { 'accept-encoding': 'br' },
            },
            (res) => {
              const chunks: Buffer[] = []
              res.on('data', (chunk: Buffer) => chunks.push(chunk))
              res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
              res.on('error', reject)
            },
          )
          req.on('error', reject)
          req.end()
        },
      )
      expect(answer.headers['content-encoding']).toBe('br')
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(brotliDecompressSync(answer.body).equals(original(entry.file))).toBe(true)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  })
})

describe('caching', () => {
  it('marks hashed assets immutable for a year', async () => {
    const res = await app.request(`/${entry.file}`)
    expect(entry.file).toMatch(/^assets\/index-[\w-]{8}\.js$/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it('has the page revalidated every time, at / and at every route of the app', async () => {
    for (const url of ['/', '/index.html', '/proposals', '/p/12', '/sign-in?next=%2Fdashboard']) {
      const res = await app.request(url, { headers: { 'accept-encoding': 'br, gzip' } })
      expect(res.status, url).toBe(200)
      expect(res.headers.get('cache-control'), url).toBe('no-cache')
      expect(res.headers.get('content-type'), url).toMatch(/^text\/html/)
      expect(res.headers.get('content-encoding'), url).toBe('br')
      const html = brotliDecompressSync(await bytesOf(res))
      expect(html.equals(original('index.html')), url).toBe(true)
    }
  })

  it('answers 304 to a browser that has the page already', async () => {
    const first = await app.request('/')
    const etag = first.headers.get('etag') as string
    expect(etag).toMatch(/^W\/".+"$/)
    const again = await app.request('/proposals', { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(again.headers.get('cache-control')).toBe('no-cache')
    expect(await again.text()).toBe('')
  })

  it('answers 404 for an asset that does not exist, never the page in its place', async () => {
    const res = await app.request('/assets/index-AAAAAAAA.js')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type') ?? '').not.toMatch(/html/)
  })

  it('answers HEAD with the headers and no body', async () => {
    const res = await app.request(`/${entry.file}`, {
      method: 'HEAD',
      headers: { 'accept-encoding': 'br' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await bytesOf(res)).length).toBe(0)
  })

  it('does not publish the build manifest', async () => {
    const res = await app.request('/.vite/manifest.json')
    expect(await res.text()).not.toContain('isEntry')
  })

  it('keeps the security headers on static files', async () => {
    const res = await app.request(`/${entry.file}`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
  })
})

describe('dictionaries', () => {
  /** Every chunk the entry imports statically: what the first page load fetches. */
  function initialChunks(): Set<string> {
    const seen = new Set<string>()
    const visit = (key: string) => {
      if (seen.has(key)) return
      seen.add(key)
      for (const imported of manifest[key]?.imports ?? []) visit(imported)
    }
    for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key)
    return seen
  }

  it('builds each language into chunks of its own, loaded only when that language is shown', () => {
    const initial = initialChunks()
    // Each language in two parts: what the public pages say, and the whole app's messages.
    for (const key of [
      'src/i18n/en.ts',
      'src/i18n/ja.ts',
      'src/i18n/en-public.ts',
      'src/i18n/ja-public.ts',
    ]) {
      expect(manifest[key], key).toBeDefined()
      expect(initial.has(key), `${key} is not in the first load`).toBe(false)
      expect(entry.dynamicImports ?? [], key).toContain(key)
    }
    // The Japanese words are in the Japanese chunks alone, not in the entry: the sign-in page's
    // in the public part, the signed-in app's in the whole.
    const entryCode = original(entry.file).toString('utf8')
    const jaPublic = original(manifest['src/i18n/ja-public.ts']?.file as string).toString('utf8')
    const jaWhole = original(manifest['src/i18n/ja.ts']?.file as string).toString('utf8')
    for (const words of [
      'パートナーシップの記録システム',
      '自社のウィットネスが台帳のチェックポイントを拒否しました',
    ])
      expect(entryCode).not.toContain(words)
    expect(jaPublic).toContain('パートナーシップの記録システム')
    expect(jaPublic).not.toContain('自社のウィットネスが台帳のチェックポイントを拒否しました')
    expect(jaWhole).toContain('自社のウィットネスが台帳のチェックポイントを拒否しました')
  })
})
