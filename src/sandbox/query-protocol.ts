// The awsQuery protocol (STS, and CloudWatch for clients older than its JSON protocol): `POST /`
// with a form-encoded body `Action=…&Version=…&Member=…`, answered in XML.
//
// Requests name members by path: a structure's member is `Parent.Member`, a list's items are
// `List.member.1`, `List.member.2`…, an empty list is `List=`. Scalars are all text, so decoding
// needs the shape of the input: the operations here are the same functions the awsJson face
// calls, and the shapes below turn the form into the object that face would have parsed (numbers
// as numbers, booleans as booleans, timestamps as epoch seconds). Outputs are encoded the other way
// round: `<ActionResponse xmlns=…><ActionResult>…</ActionResult><ResponseMetadata>…` with lists
// as `<member>` elements and timestamps in ISO 8601; errors are
// `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…`.

import type {SandboxEnvironment} from './environment.js'
import {AwsError, type JsonOperation, type SandboxRequest, type SandboxResponse} from './protocol.js'

export type Shape =
  {type: 'string' | 'integer' | 'double' | 'boolean' | 'timestamp'} | {type: 'list'; member: Shape} | {type: 'structure'; members: Record<string, Shape>}

export type StructureShape = Extract<Shape, {type: 'structure'}>

export const shapes = {
  string: {type: 'string'} as Shape,
  integer: {type: 'integer'} as Shape,
  double: {type: 'double'} as Shape,
  boolean: {type: 'boolean'} as Shape,
  timestamp: {type: 'timestamp'} as Shape,
  list: (member: Shape): Shape => ({type: 'list', member}),
  structure: (members: Record<string, Shape>): StructureShape => ({type: 'structure', members}),
}

export interface QueryOperation {
  input: StructureShape
  output: StructureShape
  run: JsonOperation
}

export interface QueryServiceHandler {
  operations: Record<string, QueryOperation>
  rateClass?(operation: string): string | undefined
}

export interface QueryServiceDefinition {
  /** SigV4 signing name, e.g. `sts`: requests are routed by their credential scope's service first. */
  signingName: string
  /** The API version every request must carry in `Version`, e.g. `2011-06-15`. */
  version: string
  /** The namespace of the response documents, e.g. `https://sts.amazonaws.com/doc/2011-06-15/`. */
  xmlNamespace: string
  create(env: SandboxEnvironment): QueryServiceHandler
}

const queryServices = new Map<string, QueryServiceDefinition>()

/** Makes an awsQuery service available to every sandbox started afterwards. */
export function registerQueryService(definition: QueryServiceDefinition): void {
  queryServices.set(definition.signingName, definition)
}

export function registeredQueryServices(): QueryServiceDefinition[] {
  return [...queryServices.values()]
}

/** True for a request in the query protocol's form: a form-encoded body, or `?Action=` on a GET. */
export function isQueryRequest(request: SandboxRequest): boolean {
  const contentType = String(request.headers['content-type'] ?? '').toLowerCase()
  if (contentType.startsWith('application/x-www-form-urlencoded')) return true
  return request.method === 'GET' && request.rawPath === '/' && request.query.has('Action')
}

/** The form members of a query request: the URL's and the body's. */
export function queryParameters(request: SandboxRequest): URLSearchParams {
  const params = new URLSearchParams(request.query)
  for (const [key, value] of new URLSearchParams(request.body)) params.append(key, value)
  return params
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** The input object of an operation from its form members, shaped as the awsJson face would parse it. */
export function decodeQueryInput(shape: StructureShape, params: URLSearchParams): Record<string, unknown> {
  const values = new Map<string, string>()
  // Every dotted prefix of a member name, so presence checks of structures and list items are cheap.
  const prefixes = new Set<string>()
  for (const [key, value] of params) {
    values.set(key, value)
    for (let dot = key.indexOf('.'); dot !== -1; dot = key.indexOf('.', dot + 1)) prefixes.add(key.slice(0, dot))
    prefixes.add(key)
  }
  return decodeStructure(shape, '', values, prefixes)
}

function decodeStructure(shape: StructureShape, prefix: string, values: Map<string, string>, prefixes: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, member] of Object.entries(shape.members)) {
    const path = prefix === '' ? name : `${prefix}.${name}`
    if (!prefixes.has(path)) continue
    const value = decodeValue(member, path, values, prefixes)
    if (value !== undefined) out[name] = value
  }
  return out
}

function decodeValue(shape: Shape, path: string, values: Map<string, string>, prefixes: Set<string>): unknown {
  switch (shape.type) {
    case 'structure':
      return decodeStructure(shape, path, values, prefixes)
    case 'list': {
      const items: unknown[] = []
      for (let index = 1; prefixes.has(`${path}.member.${index}`); index++) {
        items.push(decodeValue(shape.member, `${path}.member.${index}`, values, prefixes))
      }
      return items
    }
    default:
      return decodeScalar(shape.type, path, values.get(path))
  }
}

function decodeScalar(type: 'string' | 'integer' | 'double' | 'boolean' | 'timestamp', path: string, text: string | undefined): unknown {
  if (text === undefined) return undefined
  switch (type) {
    case 'string':
      return text
    case 'boolean':
      if (text === 'true' || text === 'false') return text === 'true'
      throw malformed(path, text, 'a boolean (true or false)')
    case 'integer':
      if (/^-?\d+$/.test(text)) return Number(text)
      throw malformed(path, text, 'an integer')
    case 'double': {
      const number = Number(text)
      if (text.trim() !== '' && !Number.isNaN(number)) return number
      throw malformed(path, text, 'a number')
    }
    case 'timestamp': {
      // ISO 8601 as the SDKs send it; epoch seconds are accepted as well.
      const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Date.parse(text) / 1000
      if (Number.isFinite(seconds)) return seconds
      throw malformed(path, text, 'a timestamp (ISO 8601)')
    }
  }
}

function malformed(path: string, text: string, expected: string): AwsError {
  return new AwsError('MalformedQueryString', 400, `The value '${text}' of ${path} is not ${expected}.`)
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function xmlContentType(): string {
  return 'text/xml'
}

/** The XML answer of a successful operation. */
export function renderQueryResult(action: string, output: unknown, shape: StructureShape, xmlNamespace: string, requestId: string): SandboxResponse {
  const result = encodeMembers(shape, (output ?? {}) as Record<string, unknown>)
  const body =
    `<${action}Response xmlns="${xmlNamespace}">` +
    `<${action}Result>${result}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  return {status: 200, headers: {'content-type': xmlContentType()}, body}
}

function encodeMembers(shape: StructureShape, value: Record<string, unknown>): string {
  let xml = ''
  for (const [name, member] of Object.entries(shape.members)) {
    const item = value[name]
    if (item === undefined || item === null) continue
    xml += `<${name}>${encodeValue(member, item)}</${name}>`
  }
  return xml
}

function encodeValue(shape: Shape, value: unknown): string {
  switch (shape.type) {
    case 'structure':
      return encodeMembers(shape, (value ?? {}) as Record<string, unknown>)
    case 'list':
      return (Array.isArray(value) ? value : []).map((item) => `<member>${encodeValue(shape.member, item)}</member>`).join('')
    case 'timestamp':
      return isoSeconds(value)
    default:
      return escapeXml(String(value))
  }
}

/** Epoch seconds (or a Date) as `2024-05-01T18:00:00Z`, the form AWS writes. */
function isoSeconds(value: unknown): string {
  const ms = value instanceof Date ? value.getTime() : Number(value) * 1000
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z')
}

const XML_ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ENTITIES[char])
}

/**
 * An error as the query protocol writes it. The Lambda-shaped errors the server raises on its own
 * (rate limits, injected faults, refused credentials) become the codes query services use for them.
 */
export function renderQueryError(error: AwsError, requestId: string): SandboxResponse {
  let {code, status, message} = error
  if (code === 'TooManyRequestsException') [code, status] = ['Throttling', 400]
  else if (code === 'ServiceException') code = 'InternalFailure'
  // Refused credentials: the query services' names for what the JSON ones call UnrecognizedClientException and ExpiredTokenException.
  else if (code === 'UnrecognizedClientException') code = 'InvalidClientTokenId'
  else if (code === 'ExpiredTokenException') code = 'ExpiredToken'
  const type = status >= 500 ? 'Receiver' : 'Sender'
  const body =
    '<ErrorResponse>' +
    `<Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    '</ErrorResponse>'
  const headers: Record<string, string> = {'content-type': xmlContentType()}
  if (error.headers['Retry-After']) headers['Retry-After'] = error.headers['Retry-After']
  return {status, headers, body}
}
