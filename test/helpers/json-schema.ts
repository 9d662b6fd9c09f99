// Checks a command's --json output against its committed schema (schemas/<command>.schema.json).
// A small validator for the part of JSON Schema 2020-12 those files use; a keyword it does not know
// throws, so a schema can never pass because a keyword was silently ignored. Swapping it for Ajv
// (`new Ajv2020({allErrors: true}).addSchema(...)`) keeps the same `schemaErrors` signature.
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {ROOT} from './run-cli.js'

export const SCHEMA_DIR = join(ROOT, 'schemas')

type Schema = boolean | {[keyword: string]: unknown}

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs'])
const KNOWN = new Set([
  ...ANNOTATIONS,
  '$ref',
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'oneOf',
  'anyOf',
  'allOf',
  'minimum',
  'pattern',
  'minItems',
])

let loaded: Map<string, Schema> | undefined

/** Every committed schema, by file name (e.g. `account.schema.json`). */
export function schemas(): Map<string, Schema> {
  loaded ??= new Map(
    readdirSync(SCHEMA_DIR)
      .filter((file) => file.endsWith('.schema.json'))
      .map((file) => [file, JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')) as Schema]),
  )
  return loaded
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function hasType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value)
  return typeOf(value) === type
}

function resolve(ref: string, file: string): {schema: Schema; file: string} {
  const [name, fragment = ''] = ref.split('#')
  const target = name === '' ? file : name
  let schema = schemas().get(target)
  if (schema === undefined) throw new Error(`${file}: $ref to unknown schema file ${target}`)
  for (const part of fragment.split('/').filter(Boolean)) {
    schema = (schema as Record<string, Schema>)[part]
    if (schema === undefined) throw new Error(`${file}: $ref ${ref} points at nothing`)
  }
  return {schema, file: target}
}

function check(schema: Schema, value: unknown, path: string, file: string, errors: string[]): void {
  if (schema === true) return
  if (schema === false) {
    errors.push(`${path}: not allowed`)
    return
  }
  for (const keyword of Object.keys(schema)) if (!KNOWN.has(keyword)) throw new Error(`${file}: keyword ${keyword} is not supported by the test validator`)
  if (typeof schema.$ref === 'string') {
    const target = resolve(schema.$ref, file)
    check(target.schema, value, path, target.file, errors)
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string]
    if (!types.some((type) => hasType(value, type))) {
      errors.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(value)}`)
      return
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((option) => option === value)) {
    errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  }
  if ('const' in schema && schema.const !== value) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`)
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: ${value} < ${schema.minimum}`)
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${path}: ${JSON.stringify(value)} does not match ${schema.pattern}`)
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`)
    if (schema.items !== undefined) for (const [index, item] of value.entries()) check(schema.items as Schema, item, `${path}[${index}]`, file, errors)
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${path}: missing ${key}`)
    for (const [key, member] of Object.entries(object)) {
      if (key in properties) check(properties[key], member, `${path}.${key}`, file, errors)
      else if (schema.additionalProperties !== undefined) check(schema.additionalProperties as Schema, member, `${path}.${key}`, file, errors)
    }
  }
  if (schema.allOf) for (const sub of schema.allOf as Schema[]) check(sub, value, path, file, errors)
  const passing = (subs: Schema[]) =>
    subs.filter((sub) => {
      const inner: string[] = []
      check(sub, value, path, file, inner)
      return inner.length === 0
    }).length
  if (schema.anyOf && passing(schema.anyOf as Schema[]) === 0) errors.push(`${path}: matches none of anyOf`)
  if (schema.oneOf && passing(schema.oneOf as Schema[]) !== 1) errors.push(`${path}: must match exactly one of oneOf`)
}

/** Where `value` breaks the schema in `file` (e.g. `account.schema.json`); empty when it conforms. */
export function schemaErrors(file: string, value: unknown): string[] {
  const schema = schemas().get(file)
  if (schema === undefined) throw new Error(`no schema ${file} in ${SCHEMA_DIR}`)
  const errors: string[] = []
  check(schema, value, '$', file, errors)
  return errors
}
