import { describe, expect, test } from 'vitest'
import { en } from '../../client/src/i18n/en'
import { ja } from '../../client/src/i18n/ja'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

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
