/**
 * JSON Canonicalization Scheme (RFC 8785).
 *
 * Object keys are sorted by their UTF-16 code units, there is no insignificant white space,
 * strings are escaped as ECMAScript's JSON.stringify escapes them, and numbers are written in
 * ECMAScript's shortest round-trip form. Those last two are exactly what RFC 8785 prescribes,
 * which is why the encoder can lean on JSON.stringify for leaves.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue }

export function canonicalize(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('RFC 8785 cannot encode a non-finite number')
      return JSON.stringify(value)
    case 'string':
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((item) => (item === undefined ? 'null' : canonicalize(item))).join(',')}]`
      }
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort(compareCodeUnits)
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalize(record[key])}`).join(',')}}`
    }
    default:
      throw new TypeError(`RFC 8785 cannot encode a value of type ${typeof value}`)
  }
}

/** Array.prototype.sort's default order compares UTF-16 code units, as RFC 8785 asks. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
