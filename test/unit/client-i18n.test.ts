import { describe, expect, test } from 'vitest'
import { formatMessage } from '../../client/src/i18n'
import { en } from '../../client/src/i18n/en'
import { ja } from '../../client/src/i18n/ja'

/** The variables a message uses: `{name}`, and the counts of `{name, plural, …}`, each once. */
const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]))].sort()

/** Keys whose text is the same in both languages on purpose. */
const SAME_IN_BOTH = new Set(['app.name', 'lang.en', 'lang.ja'])

describe('the Japanese dictionary', () => {
  test('has exactly the English keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort())
  })

  test.each(Object.keys(en) as (keyof typeof en)[])('%s: translated, same placeholders', (key) => {
    expect(ja[key].trim()).not.toBe('')
    expect(placeholders(ja[key])).toEqual(placeholders(en[key]))
    if (!SAME_IN_BOTH.has(key)) {
      expect(ja[key]).not.toBe(en[key])
      // Japanese text: at least one kana or kanji.
      expect(ja[key]).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/)
    }
  })
})

describe('counts in messages (Intl.PluralRules)', () => {
  const format = (locale: string, text: string, vars: Record<string, string | number>) =>
    formatMessage(text, vars, new Intl.PluralRules(locale), new Intl.NumberFormat(locale))

  test('English picks one or other for each count, and writes the number in the locale', () => {
    const text = en['dashboard.proposals.summary']
    const vars = { open: 0, parts: 'WS-BAT' }
    expect(format('en', text, { ...vars, total: 1, workstreams: 1 })).toBe(
      '1 proposal in 1 workstream, 0 of them open. WS-BAT.',
    )
    expect(format('en', text, { ...vars, total: 1234, workstreams: 2 })).toBe(
      '1,234 proposals in 2 workstreams, 0 of them open. WS-BAT.',
    )
    expect(format('en', en['audit.verify.okDetail'], { events: '1', checkpoints: 1 })).toBe(
      '1 event and 1 signed checkpoint checked.',
    )
    expect(format('en', en['audit.verify.okDetail'], { events: '1,200', checkpoints: 0 })).toBe(
      '1,200 events and 0 signed checkpoints checked.',
    )
    expect(format('en', en['proposal.policyValue'], { n: 1 })).toBe('1 approving review per party')
    expect(format('en', en['charter.history.initialItems'], { count: 1 })).toBe(
      'The first charter, with 1 item:',
    )
    expect(format('en', en['audit.verify.brokenDetail'], { events: 0 })).toBe(
      'No event comes before it.',
    )
    expect(format('en', en['dashboard.days'], { n: '1.5' })).toBe('1.5 days')
  })

  test('a form may hold other variables, and an exact number wins over the category', () => {
    expect(format('en', en['dashboard.time.summary'], { count: 1, median: '2 days' })).toMatch(
      /^The one decision took 2 days from submission;/,
    )
    expect(format('en', en['dashboard.time.summary'], { count: 3, median: '4 days' })).toMatch(
      /^Half of the 3 decisions took 4 days or less from submission;/,
    )
    expect(format('ja', ja['dashboard.time.summary'], { count: 1, median: '2日' })).toMatch(
      /^1件の決定は提出から2日で決まりました。/,
    )
  })

  test('Japanese writes its counter once, whatever the count', () => {
    expect(
      format('ja', ja['dashboard.proposals.summary'], {
        total: 1,
        workstreams: 1,
        open: 0,
        parts: 'WS-BAT',
      }),
    ).toBe('1個のワークストリームに1件の提案があり、うち0件が進行中です。WS-BAT。')
    expect(format('ja', ja['search.shown.other'], { count: 1 })).toBe('1件の結果を表示')
  })

  test('no English message says "(s)" or counts without choosing a form', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(text, key).not.toMatch(/\(s\)/)
      // "{count} things": a count right before a plural noun needs a plural form (`.other` has one).
      if (key.endsWith('.other') || key.endsWith('.one')) continue
      expect(text, key).not.toMatch(
        /\{(?:count|total|n|events|checkpoints|workstreams)\} (?!(?:as|is|was|has)\b)[\w-]+s\b/,
      )
    }
  })
})
