/**
 * The JavaScript the sign-in page loads, against a bare Vite + React skeleton built with the same
 * Vite (issue 16: gzipped ≤ 1.5× the skeleton's). Builds both into scratch folders (client/dist
 * is left alone) and counts the entry with everything it imports statically, the sign-in page's
 * lazy chunk and the English messages it says (their public part): gzipped (level 9, for both)
 * and as the server sends it (the build's .br files).
 *
 *   npx tsx bench/assets.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { constants, gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { build } from 'vite'

const root = path.resolve(import.meta.dirname, '..')

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
}

/** The files of the chunks named and of everything they import statically. */
function closure(manifest: Record<string, ManifestChunk>, keys: string[]): string[] {
  const seen = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return
    seen.add(key)
    for (const imported of manifest[key].imports ?? []) visit(imported)
  }
  for (const key of keys) visit(key)
  return [...seen].map((key) => (manifest[key] as ManifestChunk).file)
}

function sizes(outDir: string, files: string[]) {
  let raw = 0
  let gzip = 0
  let wire = 0
  for (const file of files) {
    const bytes = readFileSync(path.join(outDir, file))
    raw += bytes.length
    gzip += gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).length
    try {
      wire += readFileSync(path.join(outDir, `${file}.br`)).length
    } catch {
      wire += bytes.length // not precompressed: sent as it is
    }
  }
  return { raw, gzip, wire }
}

function readManifest(outDir: string): Record<string, ManifestChunk> {
  return JSON.parse(readFileSync(path.join(outDir, '.vite/manifest.json'), 'utf8'))
}

export interface AssetFigures {
  concord: { raw: number; gzip: number; wire: number; files: number }
  skeleton: { raw: number; gzip: number; wire: number }
  ratio: number
}

export async function benchAssets(): Promise<AssetFigures> {
  // Inside the project, so the skeleton resolves react from its node_modules.
  const scratch = path.join(root, 'node_modules/.cache')
  mkdirSync(scratch, { recursive: true })
  const work = mkdtempSync(path.join(scratch, 'concord-bench-assets-'))
  try {
    const concordOut = path.join(work, 'concord')
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir: concordOut, emptyOutDir: true },
    })
    const manifest = readManifest(concordOut)
    const entries = Object.keys(manifest).filter((key) => manifest[key]?.isEntry)
    const signIn = closure(manifest, [
      ...entries,
      'src/features/auth/sign-in-page.tsx',
      // What the sign-in page says: the public part of the English messages (the rest loads
      // once someone signs in).
      'src/i18n/en-public.ts',
    ]).filter((file) => file.endsWith('.js'))

    const skeletonRoot = path.join(work, 'skeleton')
    mkdirSync(skeletonRoot)
    writeFileSync(
      path.join(skeletonRoot, 'index.html'),
      '<!doctype html><html><body><div id="root"></div><script type="module" src="/main.jsx"></script></body></html>',
    )
    writeFileSync(
      path.join(skeletonRoot, 'main.jsx'),
      `import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
createRoot(document.getElementById('root')).render(<StrictMode><p>Hello</p></StrictMode>)
`,
    )
    const skeletonOut = path.join(skeletonRoot, 'dist')
    await build({
      configFile: false,
      root: skeletonRoot,
      logLevel: 'silent',
      plugins: [react()],
      build: { outDir: skeletonOut, manifest: true },
    })
    const skeletonManifest = readManifest(skeletonOut)
    const skeletonFiles = closure(
      skeletonManifest,
      Object.keys(skeletonManifest).filter((key) => skeletonManifest[key]?.isEntry),
    )
    const concord = { ...sizes(concordOut, signIn), files: signIn.length }
    const skeleton = sizes(skeletonOut, skeletonFiles)
    return { concord, skeleton, ratio: concord.gzip / skeleton.gzip }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

async function main() {
  const { concord, skeleton, ratio } = await benchAssets()
  const kb = (n: number) => `${(n / 1000).toFixed(1)} kB`
  console.log(
    `sign-in page JS (${concord.files} files): ${kb(concord.raw)} raw, ${kb(concord.gzip)} gzipped, ${kb(concord.wire)} on the wire (brotli)`,
  )
  console.log(
    `bare Vite + React skeleton: ${kb(skeleton.raw)} raw, ${kb(skeleton.gzip)} gzipped; ratio ${ratio.toFixed(2)}× (target ≤ 1.5×)`,
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
