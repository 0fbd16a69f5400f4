/**
 * One search over a partnership's proposals, decisions, comments and charter (docs/decisions/
 * 0014-search.md). The index is `search_documents`, kept by triggers (db/migrations/0010_search.ts);
 * SQLite matches Latin words through an FTS5 word index (migration 0026) and anything else through
 * FTS5's trigram index, PostgreSQL through its full-text index (`simple`
 * tsvector) and pg_trgm.
 *
 * Cost stays flat in the size of the record: the index yields the newest WINDOW (100) documents that
 * hold every word and that the person may see, in id order, stopping there; those are ranked,
 * highlighted, and served a page at a time; the next window starts below the last one's ids.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely'
import { type Executor, isPostgres } from '../../db/connect'
import { proposalCode } from '../../shared/codes'
import { DomainError } from '../../shared/errors'
import { findByCode, type Resolved } from '../domain/codes'
import { rolesIn, type SessionUser } from '../domain/users'
import { type Segment, scoreOf, segmentsOf, snippetOf, termPattern } from './highlight'
import { searchVisibleTo } from './visibility'

export type SearchKind = 'proposal' | 'decision' | 'comment' | 'charter_item'

export interface SearchHit {
  kind: SearchKind
  /** The proposal, decision, comment or charter item. */
  id: string
  /** The proposal it belongs to (a proposal's own id; a comment's or a decision's proposal). */
  proposalId: string | null
  /** P-12, D-7, CON-1; a comment carries its proposal's code; null for an unnumbered draft. */
  code: string | null
  /** A proposal's state, a decision's or a charter item's status; a comment's proposal's state. */
  state: string | null
  /** A comment only its own party sees. */
  internal: boolean
  title: Segment[]
  /** A charter item's Japanese title, when written (ADR 0023); its body holds the Japanese too. */
  titleJa: Segment[] | null
  snippet: Segment[]
}

/** What a query that is exactly a code names (server/domain/codes.ts, the one resolver). */
export type SearchJump = Resolved

export interface SearchResult {
  /** The query was exactly a code the person may open: go there. */
  jump: SearchJump | null
  hits: SearchHit[]
  nextCursor: string | null
}

/** Documents ranked together: the cost of one search is bounded by this, not by the record. */
export const WINDOW = 100
const MAX_TERMS = 8
/** FTS5's trigram index cannot look up fewer characters than this. */
const TRIGRAM = 3

/** The words of a query: split on spaces (an ideographic space too), lower-cased, each once. */
export function termsOf(query: string): string[] {
  const terms = query
    .toLowerCase()
    .split(/[\s\u3000]+/u)
    .map((t) => t.slice(0, 64))
    .filter((t) => t.length > 0)
  return [...new Set(terms)].slice(0, MAX_TERMS)
}

interface Cursor {
  /** Only documents with a smaller id: the window. */
  before: number
  /** Hits of the window already served. */
  offset: number
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.before, c.offset])).toString('base64url')
}

function decodeCursor(raw: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((n) => Number.isSafeInteger(n) && n >= 0)
    ) {
      return { before: value[0], offset: value[1] }
    }
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION', 'cursor: not one this search gave; start from the top.', {
    field: 'cursor',
  })
}

interface Row {
  id: number | string
  kind: SearchKind
  entity_id: string
  proposal_id: string | null
  code: string | null
  status: string | null
  private_party: string | null
  title: string
  body: string
  p_number: number | null
  p_draft_number: number | null
  p_author_party: string | null
  p_title: string | null
  p_state: string | null
  c_title_ja: string | null
}

const COLUMNS = sql`d.id, d.kind, d.entity_id, d.proposal_id, d.code, d.status, d.private_party,
  d.title, d.body, p.number as p_number, p.draft_number as p_draft_number,
  p.author_party as p_author_party, p.title as p_title, p.state as p_state,
  (select ci.title_ja from charter_items ci
    where d.kind = 'charter_item' and ci.id = d.entity_id) as c_title_ja`

/** LIKE text for a substring, its wildcards taken literally (backslash escapes on both databases). */
function likeEscaped(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** FTS5 query syntax: every term a quoted string, so nothing the person types is an operator. */
function ftsQuoted(term: string): string {
  return `"${term.replace(/"/g, '""')}"`
}

/** A Latin word or number (termsOf lower-cases): one token of the word index (migration 0026). */
function isWord(term: string): boolean {
  return /^[a-z0-9]+$/.test(term)
}

/**
 * The word index's query for Latin words: each a whole word (stemmed: "tender" finds "tendered",
 * "cell" finds "cells"), a word of one or two characters a word beginning (Q1, EV), all required.
 * A whole word reads that word's list of documents only; a beginning of one or two characters is
 * one list of the prefix index. Longer beginnings are not offered: FTS5 merges the lists of every
 * word they begin in full, which is what a bounded search must not do.
 */
function wordsMatch(words: string[]): string {
  return words.map((w) => (w.length <= 2 ? `${ftsQuoted(w)}*` : ftsQuoted(w))).join(' AND ')
}

async function candidatesSqlite(
  db: Executor,
  visible: RawBuilder<SqlBool>,
  terms: string[],
  before: number,
): Promise<Row[]> {
  // Latin words go to the word index (migration 0026). Anything else of three characters or
  // more (Japanese, codes, punctuation) is a substring for the trigram index. 1–2 characters
  // that are not a Latin word (a Japanese word is often two: 電池) are below what either index
  // can look up: they filter the documents the other terms found, or, alone, the newest documents.
  const words = terms.filter(isWord)
  const long = terms.filter((t) => !isWord(t) && [...t].length >= TRIGRAM)
  const driver = words.length > 0 ? 'words' : long.length > 0 ? 'trigram' : 'scan'
  const filtered = terms.filter((t) =>
    driver === 'words' ? !isWord(t) : driver === 'trigram' ? !long.includes(t) : true,
  )
  const filters = filtered.map(
    (t) =>
      sql`(d.title like ${likeEscaped(t)} escape '\\' or d.body like ${likeEscaped(t)} escape '\\')`,
  )
  const rest = filters.length > 0 ? sql.join(filters, sql` and `) : sql`1 = 1`
  if (driver === 'words') {
    const { rows } = await sql<Row>`
      select ${COLUMNS}
      from search_words f
      join search_documents d on d.id = f.rowid
      left join proposals p on p.id = d.proposal_id
      where search_words match ${wordsMatch(words)} and f.rowid < ${before} and ${visible}
        and ${rest}
      order by f.rowid desc
      limit ${WINDOW}`.execute(db)
    return rows
  }
  if (driver === 'trigram') {
    const { rows } = await sql<Row>`
      select ${COLUMNS}
      from search_fts f
      join search_documents d on d.id = f.rowid
      left join proposals p on p.id = d.proposal_id
      where search_fts match ${long.map(ftsQuoted).join(' AND ')} and f.rowid < ${before}
        and ${visible} and ${rest}
      order by f.rowid desc
      limit ${WINDOW}`.execute(db)
    return rows
  }
  const { rows } = await sql<Row>`
    select ${COLUMNS}
    from search_documents d
    left join proposals p on p.id = d.proposal_id
    where d.id < ${before} and ${visible} and ${rest}
    order by d.id desc
    limit ${WINDOW}`.execute(db)
  return rows
}

/** A tsquery of one word as a prefix, quoted so that nothing in it is tsquery syntax. */
function tsPrefix(term: string): string {
  return `'${term.replace(/'/g, "''")}':*`
}

async function candidatesPostgres(
  db: Executor,
  visible: RawBuilder<SqlBool>,
  terms: string[],
  before: number,
): Promise<Row[]> {
  // Plain words go to the full-text index (as prefixes: "tender" finds "tendered"); anything
  // else (Japanese, codes, punctuation) is a substring found through the pg_trgm index.
  const words = terms.filter((t) => /^[\p{Ll}\p{Lu}\p{N}]+$/u.test(t) && /^[\x20-\x7e]+$/.test(t))
  const substrings = terms.filter((t) => !words.includes(t))
  const filters: RawBuilder<unknown>[] = []
  if (words.length > 0) {
    filters.push(sql`d.tsv @@ to_tsquery('simple', ${words.map(tsPrefix).join(' & ')})`)
  }
  for (const t of substrings) filters.push(sql`d.content ilike ${likeEscaped(t)}`)
  const { rows } = await sql<Row>`
    select ${COLUMNS}
    from search_documents d
    left join proposals p on p.id = d.proposal_id
    where d.id < ${before} and ${visible} and ${sql.join(filters, sql` and `)}
    order by d.id desc
    limit ${WINDOW}`.execute(db)
  return rows
}

function hitOf(row: Row, pattern: RegExp): SearchHit {
  const onProposal = row.kind === 'proposal' || row.kind === 'comment'
  // The one formatter: P-n, or for a draft (found only by its own party) its party's handle.
  const code =
    row.p_author_party === null
      ? null
      : proposalCode({
          number: row.p_number,
          draft_number: row.p_draft_number,
          author_party: row.p_author_party,
        })
  const title = row.kind === 'comment' ? (row.p_title ?? '') : row.title
  return {
    kind: row.kind,
    id: row.entity_id,
    proposalId: row.proposal_id,
    code: onProposal ? code : row.code,
    state: onProposal ? row.p_state : row.status,
    internal: row.private_party !== null,
    title: segmentsOf(title, pattern),
    titleJa: row.c_title_ja ? segmentsOf(row.c_title_ja, pattern) : null,
    snippet: snippetOf(row.body, pattern),
  }
}

/**
 * Searches one partnership for what this person may see: every word must occur (in any order);
 * hits are ranked, their words marked; a query that is exactly a code also says where to jump.
 */
export async function search(
  db: Executor,
  user: SessionUser,
  input: { partnershipId: string; query: string; limit: number; cursor?: string | null },
): Promise<SearchResult> {
  if (rolesIn(user, input.partnershipId).length === 0) {
    throw new DomainError('NOT_FOUND', 'No such partnership.', { field: 'partnershipId' })
  }
  const terms = termsOf(input.query)
  if (terms.length === 0) {
    throw new DomainError('VALIDATION', 'query: type a word or a code to search for.', {
      field: 'query',
    })
  }
  const cursor = input.cursor ? decodeCursor(input.cursor) : null
  const jump = cursor ? null : await findByCode(db, user, input.partnershipId, input.query)

  const visible = searchVisibleTo(user, input.partnershipId)
  const before = cursor?.before ?? Number.MAX_SAFE_INTEGER
  const rows = isPostgres(db)
    ? await candidatesPostgres(db, visible, terms, before)
    : await candidatesSqlite(db, visible, terms, before)

  const pattern = termPattern(terms)
  // Scoring is cheap; marking words is not: only the page served is marked.
  const ranked = rows
    .map((row) => ({ row, id: Number(row.id), score: scoreOf(row, terms, pattern) }))
    .sort((a, b) => b.score - a.score || b.id - a.id)
  const offset = cursor?.offset ?? 0
  const page = ranked.slice(offset, offset + input.limit)

  let nextCursor: string | null = null
  if (offset + input.limit < ranked.length) {
    // The rest of this window; its bound is fixed now, so new documents do not shift it.
    const top = ranked.reduce((max, r) => Math.max(max, r.id), 0)
    nextCursor = encodeCursor({ before: cursor?.before ?? top + 1, offset: offset + input.limit })
  } else if (rows.length === WINDOW) {
    const bottom = ranked.reduce((min, r) => Math.min(min, r.id), Number.MAX_SAFE_INTEGER)
    nextCursor = encodeCursor({ before: bottom, offset: 0 })
  }
  return { jump, hits: page.map(({ row }) => hitOf(row, pattern)), nextCursor }
}
