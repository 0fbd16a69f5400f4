import { gzipSync } from 'node:zlib'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { compression } from 'vite-plugin-compression2'

/** The budget for the JavaScript the first page load needs (issue 5): 150 kB gzipped. */
export const INITIAL_JS_BUDGET_BYTES = 150 * 1000

/**
 * Prints the gzipped size of the initial JavaScript (the entry chunk and everything it imports
 * statically) and fails the build when it exceeds the budget. Lazy routes are not counted.
 */
function initialJsBudget(): Plugin {
  return {
    name: 'concord-initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[] }>()
      const entries: string[] = []
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue
        chunks.set(fileName, { code: output.code, imports: output.imports })
        if (output.isEntry) entries.push(fileName)
      }
      const initial = new Set<string>()
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return
        initial.add(fileName)
        for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported)
      }
      for (const entry of entries) visit(entry)
      let gzipped = 0
      for (const fileName of initial) gzipped += gzipSync(chunks.get(fileName)?.code ?? '').length
      const kb = (gzipped / 1000).toFixed(1)
      const line = `initial JS: ${kb} kB gzipped in ${initial.size} chunk(s), budget ${INITIAL_JS_BUDGET_BYTES / 1000} kB`
      if (gzipped > INITIAL_JS_BUDGET_BYTES) this.error(`${line}: over budget`)
      console.log(`\n  ${line}\n`)
    },
  }
}

export default defineConfig({
  root: 'client',
  plugins: [
    react(),
    initialJsBudget(),
    // Every text file is also written as .br and .gz (strongest settings: it is done once, at
    // build); the server sends the one the browser accepts (server/static.ts).
    compression({ algorithms: ['brotliCompress', 'gzip'], logLevel: 'silent' }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The manifest lets the e2e suite check the initial-JS budget on the built output too.
    manifest: true,
  },
  server: {
    port: 5173,
    // `npm run dev`: the API server runs on PORT (3000) and Vite proxies to it.
    proxy: {
      '/trpc': 'http://localhost:3000',
      '/healthz': 'http://localhost:3000',
      // Single sign-on: the provider round trip and the notifications' unsubscribe page.
      '/auth/oidc': 'http://localhost:3000',
    },
  },
})
