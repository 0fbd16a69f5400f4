import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const builtIndex = path.join(root, 'client/dist/index.html')

/** The newest modification time among the files the client build reads. */
function newestSource(): number {
  let newest = 0
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'dist' && entry.name !== 'node_modules') walk(full)
      } else newest = Math.max(newest, statSync(full).mtimeMs)
    }
  }
  walk(path.join(root, 'client'))
  walk(path.join(root, 'shared'))
  for (const file of ['vite.config.ts', 'package-lock.json'])
    newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs)
  return newest
}

/** The browser tests run against the built client, as `npm start` serves it. */
export default function setup() {
  if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestSource()) return
  console.log('[e2e] client/dist is missing or stale: running vite build')
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  })
}
