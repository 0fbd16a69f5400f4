/**
 * Long reads off the request thread (docs/decisions/0040-read-workers.md).
 *
 * better-sqlite3 runs a statement synchronously on the thread that calls it: while the dashboard
 * or a search runs its statements on the server's one thread, every other request (the health
 * check, a proposal page) waits. Here the same reads run in worker threads, each with its own
 * read-only connection to the database file (WAL lets them read while the server writes), and
 * the request thread only waits for the rows. A Kysely dialect sends each compiled statement to
 * a worker, so the code that builds the queries is the same as on the main connection.
 *
 * Only plain reads outside a transaction go here: a statement that would write is refused in the
 * worker, and there are no transactions. Each statement sees what has committed when it starts,
 * as the main connection's reads outside a transaction do.
 */
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely'
import type { Database } from './schema'

/**
 * The worker, as plain JavaScript evaluated by Node (no build step, no TypeScript loader needed
 * in the worker, under tsx, Vitest or a bundle alike). Statements are kept prepared by their SQL.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const SQLite = require(workerData.module)
const db = new SQLite(workerData.file, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const kept = new Map()
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let statement = kept.get(sql)
    if (!statement) {
      statement = db.prepare(sql)
      if (kept.size >= 200) kept.delete(kept.keys().next().value)
      kept.set(sql, statement)
    }
    if (!statement.reader) throw new Error('A read worker runs reads only.')
    parentPort.postMessage({ id, rows: statement.all(parameters) })
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } })
  }
})
`

interface Pending {
  resolve: (rows: unknown[]) => void
  reject: (error: Error) => void
}

class ReadWorker {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private failed: Error | null = null

  constructor(file: string, module: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, module } })
    // An idle worker does not keep the process alive; one with work in flight does.
    this.worker.unref()
    this.worker.on(
      'message',
      (message: { id: number; rows?: unknown[]; error?: { message: string; code?: string } }) => {
        const waiting = this.pending.get(message.id)
        if (!waiting) return
        this.pending.delete(message.id)
        if (this.pending.size === 0) this.worker.unref()
        if (message.error)
          waiting.reject(
            Object.assign(new Error(message.error.message), { code: message.error.code }),
          )
        else waiting.resolve(message.rows ?? [])
      },
    )
    this.worker.on('error', (error) => this.fail(error))
    this.worker.on('exit', (code) =>
      this.fail(new Error(`The read worker stopped (exit code ${code}).`)),
    )
  }

  /** Work in flight: the pool gives the next statement to the least busy worker. */
  get load(): number {
    return this.pending.size
  }

  /** Stopped (crashed, or closed): the pool starts another in its place. */
  get dead(): boolean {
    return this.failed !== null
  }

  run(sql: string, parameters: readonly unknown[]): Promise<unknown[]> {
    if (this.failed) return Promise.reject(this.failed)
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      if (this.pending.size === 1) this.worker.ref()
      this.worker.postMessage({ id, sql, parameters })
    })
  }

  private fail(error: Error) {
    this.failed ??= error
    for (const waiting of this.pending.values()) waiting.reject(error)
    this.pending.clear()
  }

  async close(): Promise<void> {
    this.failed ??= new Error('The database is closed.')
    await this.worker.terminate()
  }
}

/** Workers the server keeps for long reads: one less than the cores, at least one, at most four. */
export function readWorkerCount(): number {
  const configured = Number(process.env.READ_WORKERS)
  if (Number.isInteger(configured) && configured > 0) return configured
  return Math.min(4, Math.max(1, availableParallelism() - 1))
}

/** A Kysely whose statements run in read workers, on the SQLite file `file`. */
export function readPool(file: string, workers = readWorkerCount()): Kysely<Database> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  let pool: ReadWorker[] | null = null
  let closed = false
  // Opened on first use: a process that never runs a long read starts no thread.
  const workersNow = () => {
    if (closed) throw new Error('The database is closed.')
    pool ??= Array.from({ length: workers }, () => new ReadWorker(file, module))
    return pool
  }
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const workers = workersNow()
      for (let i = 0; i < workers.length; i++)
        if (workers[i]?.dead) workers[i] = new ReadWorker(file, module)
      // The least busy worker takes it: a long statement on one does not hold the next.
      const worker = workers.reduce((a, b) => (b.load < a.load ? b : a))
      return { rows: (await worker.run(query.sql, query.parameters)) as R[] }
    },
    // biome-ignore lint/correctness/useYield: reads here are whole; nothing streams.
    async *streamQuery() {
      throw new Error('A read worker does not stream.')
    },
  }
  const noTransactions = async () => {
    throw new Error('A read worker runs no transactions: write through writeTransaction.')
  }
  const driver: Driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: noTransactions,
    commitTransaction: noTransactions,
    rollbackTransaction: noTransactions,
    releaseConnection: async () => undefined,
    destroy: async () => {
      closed = true
      const open = pool ?? []
      pool = null
      await Promise.all(open.map((w) => w.close()))
    },
  }
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => driver,
      createQueryCompiler: () => new SqliteQueryCompiler(),
      createIntrospector: (db) => new SqliteIntrospector(db),
    },
  })
}
