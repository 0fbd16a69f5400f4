/**
 * Statements of a fixed shape, built and compiled by Kysely once and then run with new values
 * (docs/decisions/0041-statement-templates.md).
 *
 * Kysely builds a query as a tree of frozen nodes and compiles it to SQL on every call: for the
 * session lookup of every request that cost about 90 µs, against 6 µs for running the statement.
 * A template is built once per dialect with a stand-in for each value, compiled, and kept as SQL
 * and the list of where each parameter comes from; each call only fills in the parameters.
 *
 * The rule for `build`: each value is used only as a value of the query (a comparison, an
 * insert, a limit), never to decide the query's shape (no `if`, no list of values). The first
 * build checks what it can: every value read must end up a parameter, and no stand-in may end up
 * in the SQL text.
 */
import { type Compilable, CompiledQuery } from 'kysely'
import { type Executor, isPostgres } from './connect'

/** What a value of a template may be: one parameter of the statement. */
export type TemplateValue = string | number | null

const STAND_IN = '\u0000concord-template-value:'

type Slot = { name: string } | { value: unknown }

interface Compiled {
  sql: string
  slots: Slot[]
}

function compileTemplate<V extends Record<string, TemplateValue>, R>(
  db: Executor,
  build: (db: Executor, values: V) => Compilable<R>,
): Compiled {
  // Each value's stand-in, as the whole of a parameter: anything else that holds one was changed.
  const read = new Map<string, string>()
  const standIns = new Proxy({} as V, {
    get(_, key) {
      if (typeof key !== 'string') return undefined
      const standIn = `${STAND_IN}${key}\u0000`
      read.set(standIn, key)
      return standIn
    },
  })
  const query = build(db, standIns).compile()
  if (query.sql.includes(STAND_IN))
    throw new Error('A template value ended up in the SQL text: it must be a parameter.')
  const used = new Set<string>()
  const slots = query.parameters.map((parameter): Slot => {
    const name = typeof parameter === 'string' ? read.get(parameter) : undefined
    if (name !== undefined) {
      used.add(name)
      return { name }
    }
    if (typeof parameter === 'string' && parameter.includes(STAND_IN))
      throw new Error('A template value was changed before it became a parameter.')
    return { value: parameter }
  })
  for (const name of read.values())
    if (!used.has(name))
      throw new Error(`The template value "${name}" is not a parameter of the statement.`)
  return { sql: query.sql, slots }
}

/**
 * A statement built once per dialect by `build` and run with `values` each time: resolves with
 * its rows, as `execute()` would. The SQL depends on the dialect only (a PostgreSQL deployment's
 * schema is its connections' search_path, not part of the SQL).
 */
export function statementTemplate<V extends Record<string, TemplateValue>, R>(
  build: (db: Executor, values: V) => Compilable<R>,
): (db: Executor, values: V) => Promise<R[]> {
  const byDialect = new Map<'sqlite' | 'postgres', Compiled>()
  return async (db, values) => {
    const dialect = isPostgres(db) ? 'postgres' : 'sqlite'
    let compiled = byDialect.get(dialect)
    if (!compiled) {
      compiled = compileTemplate(db, build)
      byDialect.set(dialect, compiled)
    }
    const parameters = compiled.slots.map((slot) =>
      'name' in slot ? (values[slot.name] ?? null) : slot.value,
    )
    return (await db.executeQuery<R>(CompiledQuery.raw(compiled.sql, parameters))).rows
  }
}
