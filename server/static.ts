import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Context as HonoContext } from 'hono'
import { getMimeType } from 'hono/utils/mime'

/** The encodings the build writes beside each file (vite.config.ts), in order of preference. */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const
type Coding = (typeof ENCODINGS)[number]['coding']

/** A file name Vite gave a content hash (`index-BSLwpl-F.js`): its bytes never change. */
const HASHED_ASSET = /^\/assets\/.+-[\w-]{8}\.\w+$/

const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

export interface ClientFile {
  type: string
  cacheControl: string
  etag: string
  bodies: { identity: Uint8Array } & Partial<Record<Coding, Uint8Array>>
}

function walk(dir: string, prefix: string, into: string[]) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // .vite/manifest.json is for the build's own checks, not for browsers.
    if (entry.name.startsWith('.')) continue
    if (entry.isDirectory()) walk(path.join(dir, entry.name), `${prefix}/${entry.name}`, into)
    else into.push(`${prefix}/${entry.name}`)
  }
}

/**
 * The built client, read once at start: a map from URL path to the file's bytes as written and
 * as the build compressed them. Reading into memory (under 2 MB) means no request touches the
 * disk, no URL can name a file outside the folder, and a rebuild in place does not pull files
 * from under a running server.
 */
export function loadClientFiles(clientDir: string): Map<string, ClientFile> {
  const names: string[] = []
  walk(clientDir, '', names)
  const present = new Set(names)
  const files = new Map<string, ClientFile>()
  for (const name of names) {
    if (ENCODINGS.some(({ suffix }) => name.endsWith(suffix) && present.has(name.slice(0, -3))))
      continue
    const identity = readFileSync(path.join(clientDir, name))
    const bodies: ClientFile['bodies'] = { identity }
    for (const { coding, suffix } of ENCODINGS)
      if (present.has(name + suffix))
        bodies[coding] = readFileSync(path.join(clientDir, name + suffix))
    files.set(name, {
      type: getMimeType(name) ?? 'application/octet-stream',
      cacheControl: HASHED_ASSET.test(name) ? IMMUTABLE : REVALIDATE,
      // Weak: the same validator stands for every encoding of the same bytes.
      etag: `W/"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
      bodies,
    })
  }
  return files
}

/**
 * The codings the request accepts, by the RFC 9110 rules for Accept-Encoding: a coding is
 * acceptable when named (or matched by `*`) with a q above 0. Brotli wins ties: it is smaller.
 */
export function negotiateEncoding(header: string | undefined, available: readonly Coding[]) {
  if (!header) return null
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';')
    if (!name) continue
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const weight = q ? Number(q.slice(2)) : 1
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0)
  }
  let best: Coding | null = null
  let bestWeight = 0
  for (const coding of available) {
    const weight = weights.get(coding) ?? weights.get('*') ?? 0
    if (weight > bestWeight) {
      best = coding
      bestWeight = weight
    }
  }
  return best
}

/** Answers with one file of the built client, compressed as the browser accepts. */
export function sendClientFile(c: HonoContext, file: ClientFile): Response {
  const available = ENCODINGS.map(({ coding }) => coding).filter((coding) => file.bodies[coding])
  const headers: Record<string, string> = {
    'content-type': file.type,
    'cache-control': file.cacheControl,
    etag: file.etag,
  }
  if (available.length > 0) headers.vary = 'Accept-Encoding'
  const ifNoneMatch = c.req.header('if-none-match')
  const tags = ifNoneMatch?.split(',').map((tag) => tag.trim().replace(/^W\//, '')) ?? []
  if (tags.some((tag) => tag === '*' || tag === file.etag.slice(2)))
    return c.body(null, 304, headers)
  const coding = negotiateEncoding(c.req.header('accept-encoding'), available)
  const body = (coding && file.bodies[coding]) || file.bodies.identity
  if (coding) headers['content-encoding'] = coding
  headers['content-length'] = String(body.byteLength)
  return c.body(body as Uint8Array<ArrayBuffer>, 200, headers)
}
