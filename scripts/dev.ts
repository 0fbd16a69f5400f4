/**
 * `npm run dev`: the API server with reload on change (tsx watch, port PORT or 3000) and Vite's
 * dev server with hot module reload (port 5173, proxying /trpc and /healthz to the API).
 * Open http://localhost:5173. Ctrl-C stops both.
 */
import { type ChildProcess, spawn } from 'node:child_process'

const children: ChildProcess[] = []

function run(name: string, command: string, args: string[]) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env })
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => `[${name}] ${line}\n`)
      .join('')
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(prefix(chunk)))
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(chunk)))
  child.on('exit', (code) => {
    console.log(`[${name}] exited with ${code}`)
    stop(code ?? 1)
  })
  children.push(child)
}

let stopping = false
function stop(code: number) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exit(code)
}

process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))

const bin = (name: string) => `node_modules/.bin/${name}`
run('api', bin('tsx'), ['watch', '--clear-screen=false', 'server/main.ts'])
run('ui', bin('vite'), ['--port', '5173', '--strictPort'])
