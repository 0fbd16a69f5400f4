/**
 * Statement templates (db/template.ts, ADR 0041): built once, run with new values, they return
 * what the same query built anew returns, on both databases, inside a transaction too; a build
 * that uses a value other than as a parameter is refused at its first use, not run wrong.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Executor, writeTransaction } from '../../db/connect'
import { statementTemplate } from '../../db/template'
import { DATABASE_KINDS, freshDatabase, type TestDatabase } from '../helpers/db'

const PARTIES = [
  { id: 'p-honda', code: 'HONDA', name: 'Honda', name_ja: '本田' },
  { id: 'p-nissan', code: 'NISSAN', name: 'Nissan', name_ja: '日産' },
  { id: 'p-other', code: 'OTHER', name: 'Other', name_ja: 'その他' },
]

/** The built query the template is checked against: parties by code, or with a name, up to a limit. */
const partiesBuilt = (db: Executor, code: string | null, name: string, limit: number) =>
  db
    .selectFrom('parties')
    .select(['code', 'name_ja'])
    .where((eb) => eb.or([eb('code', '=', code), eb('name', '=', name)]))
    .where('code', 'in', ['HONDA', 'NISSAN', 'OTHER'])
    .orderBy('code')
    .limit(limit)

const partiesTemplate = statementTemplate(
  (db, v: { code: string | null; name: string; limit: number }) =>
    partiesBuilt(db, v.code, v.name, v.limit),
)

describe.each(DATABASE_KINDS)('statement templates (%s)', (kind) => {
  let t: TestDatabase
  beforeAll(async () => {
    t = await freshDatabase(kind)
    await t.db.insertInto('parties').values(PARTIES).execute()
  })
  afterAll(() => t?.destroy())

  it('returns what the query built anew returns, for each set of values', async () => {
    const cases: [string | null, string, number][] = [
      ['HONDA', 'Nissan', 10],
      ['NISSAN', 'nobody', 10],
      [null, 'Other', 10],
      ['HONDA', 'Nissan', 1],
      ['NOBODY', 'nobody', 5],
    ]
    for (const [code, name, limit] of cases) {
      const built = await partiesBuilt(t.db, code, name, limit).execute()
      expect(await partiesTemplate(t.db, { code, name, limit })).toEqual(built)
    }
    // The cases differ: the template does not answer one fixed result.
    expect(await partiesTemplate(t.db, { code: 'HONDA', name: 'Nissan', limit: 10 })).toEqual([
      { code: 'HONDA', name_ja: '本田' },
      { code: 'NISSAN', name_ja: '日産' },
    ])
    expect(await partiesTemplate(t.db, { code: null, name: 'Other', limit: 10 })).toEqual([
      { code: 'OTHER', name_ja: 'その他' },
    ])
  })

  it('runs inside a transaction, on its connection, and sees its uncommitted rows', async () => {
    await expect(
      writeTransaction(t.db, async (trx) => {
        await trx
          .insertInto('parties')
          .values({ id: 'p-temp', code: 'TEMP', name: 'Temp', name_ja: '仮' })
          .execute()
        const seen = await statementTemplate((db, v: { code: string }) =>
          db.selectFrom('parties').select('code').where('code', '=', v.code),
        )(trx, { code: 'TEMP' })
        expect(seen).toEqual([{ code: 'TEMP' }])
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(
      await t.db.selectFrom('parties').select('code').where('code', '=', 'TEMP').execute(),
    ).toEqual([])
  })

  it('refuses a build that uses a value other than as a parameter', async () => {
    const inText = statementTemplate((db, v: { column: string }) =>
      db.selectFrom('parties').select(sql.ref(v.column).as('x')),
    )
    await expect(inText(t.db, { column: 'code' })).rejects.toThrow(/SQL text/)
    const changed = statementTemplate((db, v: { code: string }) =>
      db.selectFrom('parties').select('code').where('code', '=', `${v.code}-1`),
    )
    await expect(changed(t.db, { code: 'HONDA' })).rejects.toThrow(/changed/)
    const transformed = statementTemplate((db, v: { code: string }) =>
      db.selectFrom('parties').select('code').where('code', '=', v.code.toUpperCase()),
    )
    await expect(transformed(t.db, { code: 'honda' })).rejects.toThrow(/"code"/)
    const unused = statementTemplate((db, v: { code: string; other: string }) =>
      db
        .selectFrom('parties')
        .select('code')
        .where('code', '=', v.other.length > 0 ? 'HONDA' : 'NISSAN'),
    )
    await expect(unused(t.db, { code: 'x', other: 'y' })).rejects.toThrow(/"other"/)
  })
})
