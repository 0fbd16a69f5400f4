/** Runs the real server as a child process, as `npm start` does, on a port of its own choosing. */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(import.meta.dirname, '../..')

export interface ServerProcess {
  url: string
  child: ChildProcess
  output(): string
  /** Ends the process with the signal and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
}

/**
 * `script` is the server's entry (relative to the repository); any other must print "listening on
 * http://HOST:PORT " as server/main.ts does (bench/bare-server.ts). `nodeArgs` go before it
 * (`--cpu-prof`, for a profile of the server under a benchmark's load).
 */
export async function startServerProcess(
  /** merged over this process's environment; a key set to undefined is left out */
  env: Record<string, string | undefined>,
  options: { script?: string; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  // `node --import tsx`, not the tsx CLI: one process, so SIGKILL really kills the server.
  const script = options.script ?? 'server/main.ts'
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', script]
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The demo's year of history (DEMO_HISTORY) is the first start's default; these processes
    // test starting, crashing and serving, not the story, and a caller may ask for it. Likewise
    // the demo witnesses (their cosignatures are ledger events of their own).
    env: Object.fromEntries(
      Object.entries({
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO_HISTORY: 'false',
        DEMO_WITNESSES: 'false',
        ...env,
      }).filter(([, value]) => value !== undefined),
    ),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the server did not start within 30 s:\n${output}`)),
      30_000,
    )
    const look = () => {
      const match = /listening on (http:\/\/\S+?) /.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1].replace('localhost', '127.0.0.1'))
      }
    }
    child.stdout?.on('data', look)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the server exited with ${code} before listening:\n${output}`))
    })
  })
  return {
    url,
    child,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    },
  }
}

/** A small tRPC-over-HTTP client with a cookie jar, as an outside client would use the API. */
export class HttpClient {
  constructor(
    readonly baseUrl: string,
    private cookie = '',
  ) {}

  /** The same signed-in session, against another server (another instance, or after a restart). */
  at(baseUrl: string): HttpClient {
    return new HttpClient(baseUrl, this.cookie)
  }

  async login(email: string, password = 'concord-demo-2026'): Promise<void> {
    const res = await fetch(`${this.baseUrl}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    if (!res.ok) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`)
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  }

  async call<T = unknown>(type: 'query' | 'mutation', procedure: string, input?: unknown) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      cookie: this.cookie,
    }
    const body = input === undefined ? undefined : JSON.stringify(input)
    const res =
      type === 'query'
        ? await fetch(
            `${this.baseUrl}/trpc/${procedure}${body ? `?input=${encodeURIComponent(body)}` : ''}`,
            { headers },
          )
        : await fetch(`${this.baseUrl}/trpc/${procedure}`, {
            method: 'POST',
            headers,
            body: body ?? '',
          })
    const json = (await res.json()) as {
      result?: { data: T }
      error?: { message: string; data?: { code: string } }
    }
    return { status: res.status, data: json.result?.data as T, error: json.error }
  }

  query<T = unknown>(procedure: string, input?: unknown) {
    return this.call<T>('query', procedure, input)
  }

  mutation<T = unknown>(procedure: string, input?: unknown) {
    return this.call<T>('mutation', procedure, input)
  }
}
