import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CanonicalJsonError, canonicalize, isCanonicalJson } from '../../shared/canonical-json'

/** A double from its IEEE-754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8))
  view.setBigUint64(0, BigInt(`0x${hex}`))
  return view.getFloat64(0)
}

describe('canonicalize (RFC 8785)', () => {
  it('encodes the example of section 3.2.2 exactly', () => {
    // Parsed from the RFC's own text: its first number has more digits than a double holds.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        ' "literals": [null, true, false]}',
    ) as unknown
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    )
  })

  it('sorts keys by UTF-16 code units, as in section 3.2.3 (an emoji sorts before U+FB33)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    }
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control",' +
        '"\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign",' +
        '"\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    )
  })

  it('sorts Japanese and non-BMP keys by code unit, not by code point', () => {
    // U+20BB7 (𠮷) is the surrogate pair D842 DFB7: it sorts before U+FF86 (ﾆ) in UTF-16 order
    // although its code point is larger.
    const input = { 日本: 1, ﾆ: 2, 𠮷: 3, にほん: 4, ニホン: 5, a: 6, A: 7 }
    expect(canonicalize(input)).toBe('{"A":7,"a":6,"にほん":4,"ニホン":5,"日本":1,"𠮷":3,"ﾆ":2}')
  })

  it('sorts nested objects too and leaves array order alone', () => {
    expect(canonicalize({ b: [{ z: 1, y: 2 }, 3], a: { d: null, c: 'x' } })).toBe(
      '{"a":{"c":"x","d":null},"b":[{"y":2,"z":1},3]}',
    )
  })

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('writes the double 0x%s as %s (Appendix B)', (bits, expected) => {
    expect(canonicalize(fromBits(bits))).toBe(expected)
  })

  it('writes -0 as 0, 1e21 with an exponent and 1e-7 in exponent form', () => {
    expect(canonicalize(-0)).toBe('0')
    expect(canonicalize(1e21)).toBe('1e+21')
    expect(canonicalize(1e20)).toBe('100000000000000000000')
    expect(canonicalize(1e-7)).toBe('1e-7')
    expect(canonicalize(0.000001)).toBe('0.000001')
    expect(canonicalize([-0, 10.0, 1.5e2])).toBe('[0,10,150]')
  })

  it('escapes control characters, quote and backslash, and nothing else', () => {
    expect(canonicalize('\b\t\n\f\r')).toBe('"\\b\\t\\n\\f\\r"')
    expect(canonicalize('\u0000\u0001\u001f')).toBe('"\\u0000\\u0001\\u001f"')
    expect(canonicalize('"\\')).toBe('"\\"\\\\"')
    // Solidus, DEL, non-ASCII and U+2028 pass through unescaped.
    expect(canonicalize('/\u007f\u2028é日本😀')).toBe('"/\u007f\u2028é日本😀"')
  })

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('refuses %s, at the top or nested', (_name, value) => {
    expect(() => canonicalize(value)).toThrow(/non-finite/)
    expect(() => canonicalize({ a: [1, { b: value }] })).toThrow(/non-finite/)
  })

  it('refuses values JSON has no form for', () => {
    expect(() => canonicalize(10n)).toThrow(/bigint/)
    expect(() => canonicalize(Symbol('x'))).toThrow(/symbol/)
    expect(() => canonicalize(undefined)).toThrow(/undefined/)
  })

  // I-JSON (RFC 7493), which RFC 8785 requires: what is not I-JSON is refused, never changed
  // quietly into something else that another verifier would encode differently.
  it.each([
    ['an undefined member', { a: undefined, b: 1 }, /undefined \(the value\.a\)/],
    ['an undefined array item', [undefined, 1], /undefined \(the value\[0\]\)/],
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    ['a hole in an array', [1, , 3], /hole in an array \(the value\[1\]\)/],
    ['a Map', { m: new Map([['a', 1]]) }, /Map \(the value\.m\)/],
    ['a Set', [new Set([1])], /Set/],
    ['a Date', { at: new Date(0) }, /Date \(the value\.at\)/],
    ['a lone high surrogate', { body: 'a\ud800b' }, /lone surrogate \(the value\.body\)/],
    ['a lone low surrogate', ['\udc00'], /lone surrogate/],
    ['a lone surrogate in a key', { '\udbff': 1 }, /lone surrogate \(a key of the value\)/],
  ])('refuses %s, naming where it is', (_name, value, message) => {
    expect(() => canonicalize(value)).toThrow(CanonicalJsonError)
    expect(() => canonicalize(value)).toThrow(message)
  })

  it('accepts a surrogate pair (a character outside the BMP) and an object without prototype', () => {
    expect(canonicalize({ k: '\ud83d\ude00' })).toBe('{"k":"\ud83d\ude00"}')
    const bare = Object.create(null) as Record<string, number>
    bare.b = 2
    bare.a = 1
    expect(canonicalize(bare)).toBe('{"a":1,"b":2}')
  })

  it('is a fixed point: parsing canonical text and encoding again gives the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const once = canonicalize(value)
        expect(canonicalize(JSON.parse(once))).toBe(once)
        // And it is valid JSON meaning the same value (-0 aside, which JSON cannot keep).
        expect(JSON.parse(once)).toEqual(JSON.parse(JSON.stringify(value)))
      }),
      { numRuns: 300 },
    )
  })

  it('does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse())
        expect(canonicalize(reversed)).toBe(canonicalize(record))
      }),
      { numRuns: 200 },
    )
  })
})

describe('isCanonicalJson (canonical text recognized without parsing)', () => {
  /** What the recognizer claims: the text is the RFC 8785 form of the value it holds. */
  const reallyCanonical = (text: string): boolean => {
    try {
      return canonicalize(JSON.parse(text)) === text
    } catch {
      return false
    }
  }

  it('recognizes the canonical form of any JSON value, Unicode strings and keys included', () => {
    const values = fc.oneof(
      fc.jsonValue(),
      fc.jsonValue({ stringUnit: 'binary' }),
      fc.jsonValue({ stringUnit: 'grapheme' }),
    )
    fc.assert(
      fc.property(values, (value) => {
        const text = canonicalize(value)
        expect(isCanonicalJson(text)).toBe(true)
      }),
      { numRuns: 1000 },
    )
  })

  it('never calls canonical a text that is not (random texts, and canonical texts changed by one character)', () => {
    const alphabet = fc.constantFrom(
      ...'{}[]:,"\\ -+.0123456789eEtrufalsn/ubdfnrt\u0000\u001f\u007f\u00e9\ud800\udc00\ud83d\ude00'.split(
        '',
      ),
    )
    const noise = fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join(''))
    const mutated = fc
      .tuple(fc.jsonValue({ stringUnit: 'binary' }), fc.nat(), alphabet, fc.boolean())
      .map(([value, at, c, insert]) => {
        const text = canonicalize(value)
        const i = at % (text.length + 1)
        return text.slice(0, i) + c + text.slice(insert ? i : i + 1)
      })
    const spaced = fc.jsonValue().map((value) => JSON.stringify(value, null, 1) ?? 'null')
    const reordered = fc
      .dictionary(fc.string(), fc.jsonValue(), { minKeys: 2 })
      .map((record) => JSON.stringify(Object.fromEntries(Object.entries(record).reverse())))
    fc.assert(
      fc.property(fc.oneof(noise, mutated, spaced, reordered), (text) => {
        if (isCanonicalJson(text)) expect(reallyCanonical(text)).toBe(true)
      }),
      { numRuns: 5000 },
    )
  })

  it.each([
    ['white space', '{"a": 1}'],
    ['keys out of order', '{"b":1,"a":2}'],
    ['a key twice', '{"a":1,"a":1}'],
    ['a key twice behind an escape', '{"a":1,"\\u0061":1}'],
    ['1.0 for 1', '[1.0]'],
    ['-0', '-0'],
    ['an exponent RFC 8785 does not write', '1E+21'],
    ['a number too large for a double', '1e400'],
    ['an escaped solidus', '"\\/"'],
    ['an escaped letter', '"\\u0041"'],
    ['an upper-case escape', '"\\u001F"'],
    ['a long escape for a short one', '"\\u000a"'],
    ['a raw control character', '"a\u0001"'],
    ['an escaped lone surrogate', '"\\ud800"'],
    ['a raw lone surrogate', '"\ud800"'],
    ['a truncated text', '{"a":[1,2'],
    ['trailing text', '{"a":1}x'],
    ['a trailing comma', '[1,]'],
    ['nothing', ''],
  ])('refuses %s', (_name, text) => {
    expect(isCanonicalJson(text)).toBe(false)
  })

  it('accepts what RFC 8785 writes: escapes, pairs, exponents, code-unit order', () => {
    for (const text of [
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\ud83d\ude00":"Emoji","\ufb33":"Dalet"}',
      '"\\b\\t\\n\\f\\r\\u0000\\u001f\\"\\\\/\u007f\u2028"',
      '[1e+21,1e-7,0.000001,-5e-324,9007199254740992,null,true,false]',
      '{"__proto__":1,"a":{}}',
    ])
      expect([isCanonicalJson(text), reallyCanonical(text)]).toEqual([true, true])
  })

  it('leaves nesting deeper than 64 levels to parsing and encoding', () => {
    const deep = `${'['.repeat(70)}${']'.repeat(70)}`
    expect(reallyCanonical(deep)).toBe(true)
    expect(isCanonicalJson(deep)).toBe(false)
  })
})
