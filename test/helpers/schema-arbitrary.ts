/**
 * fast-check arbitraries for procedure inputs: "shaped" values built from a procedure's own zod
 * input schemas (through JSON Schema), with ids drawn from real rows so calls reach the domain
 * code, and "garbage" of every kind.
 */
import fc from 'fast-check'
import { type ZodType, z } from 'zod'

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  maxItems?: number
}

/** Strings that have broken software before: empty, huge, control and bidi characters, SQL and markup. */
const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\u202e\u0041\u0042',
  '🤝'.repeat(50),
  '資本提携の株式交換',
  "'; drop table users; --",
  '" or 1=1 --',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00%ff',
  'x'.repeat(70_000),
  '\uD800',
  'e\u0301',
)

export function garbage(): fc.Arbitrary<unknown> {
  const deep = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null),
      fc.dictionary(fc.string({ maxLength: 5 }), tie('node'), { maxKeys: 3 }),
      fc.array(tie('node'), { maxLength: 3 }),
    ),
  })).node
  return fc.oneof(
    fc.anything({ maxDepth: 4, withNullPrototype: true, withObjectString: true }),
    nastyStrings,
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.constantFrom(
      0,
      -0,
      -1,
      1.5,
      Number.MAX_SAFE_INTEGER,
      Number.MIN_SAFE_INTEGER,
      1e308,
      -1e308,
      2 ** 31,
      2 ** 53 + 1,
    ),
    fc.boolean(),
    deep,
    fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 30 }),
  )
}

function stringFor(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return ids.length
        ? fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...ids) },
            { weight: 1, arbitrary: fc.uuid() },
          )
        : fc.uuid()
    case 'date':
      return fc.oneof(
        fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 10)),
        fc.constantFrom('2027-02-30', '0000-00-00', '2027-13-01'),
      )
    case 'email':
      return fc.oneof(
        fc.emailAddress(),
        fc.constantFrom('lead@honda.example', 'member@nissan.example'),
      )
  }
  const max = Math.min(schema.maxLength ?? 200, 200)
  const min = Math.min(schema.minLength ?? 0, max)
  return fc.oneof(
    { weight: 5, arbitrary: fc.string({ minLength: min, maxLength: max }) },
    { weight: 1, arbitrary: nastyStrings },
    // One past the limit: the boundary must be refused cleanly.
    { weight: 1, arbitrary: fc.constant('y'.repeat((schema.maxLength ?? 200) + 1)) },
  )
}

export function fromJsonSchema(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<unknown> {
  const variants = schema.anyOf ?? schema.oneOf
  if (variants) return fc.oneof(...variants.map((s) => fromJsonSchema(s, ids)))
  if (schema.allOf) return fromJsonSchema(mergeObjects(schema.allOf), ids)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object': {
      const props = schema.properties ?? {}
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, value] of Object.entries(props)) record[key] = fromJsonSchema(value, ids)
      return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) })
    }
    case 'array':
      return fc.array(schema.items ? fromJsonSchema(schema.items, ids) : fc.anything(), {
        maxLength: Math.min(schema.maxItems ?? 4, 4),
      })
    case 'string':
      return stringFor(schema, ids)
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, -1e9),
        max: Math.min(schema.maximum ?? 1000, 1e9),
      })
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.anything({ maxDepth: 2 })
  }
}

function mergeObjects(parts: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { type: 'object', properties: {}, required: [] }
  for (const part of parts) {
    Object.assign(merged.properties as object, part.properties ?? {})
    merged.required?.push(...(part.required ?? []))
  }
  return merged
}

/** The input a procedure expects, built from all of its (merged) input parsers. */
export function shapedInput(
  inputs: readonly unknown[],
  ids: readonly string[],
): fc.Arbitrary<unknown> {
  if (inputs.length === 0) return fc.constant(undefined)
  const schemas = inputs.map(
    (i) => z.toJSONSchema(i as ZodType, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
  )
  return fromJsonSchema(
    schemas.length === 1 ? (schemas[0] as JsonSchema) : mergeObjects(schemas),
    ids,
  )
}
