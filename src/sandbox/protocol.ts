// Wire codecs of the AWS protocols the sandbox speaks, and the registry that routes a request to
// the service that owns it:
// - restJson1 (Lambda): operations are found by method + path template (+ fixed query members),
//   errors are the status, an `x-amzn-ErrorType` header and `{"Type", "message"}`.
// - awsJson1_0 / awsJson1_1 (CloudWatch, Application Auto Scaling, Logs): `POST /` with an
//   `X-Amz-Target: <Prefix>.<Operation>` header; errors are `{"__type", "message"}`.
// Services register definitions here; the server instantiates them per sandbox, so a new service
// plugs in with `registerJsonService(...)` and no change to the server.

import type {IncomingHttpHeaders} from 'node:http'

import {AwsError} from './aws-error.js'
import type {SandboxEnvironment} from './environment.js'
import type {Caller} from './fleet.js'

export {AwsError, type AwsErrorOptions} from './aws-error.js'

export interface SandboxRequest {
  method: string
  /** Path without the query string, percent-encoding intact. */
  rawPath: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
  requestId: string
  /** The region from the SigV4 credential scope, when the request is signed. */
  signingRegion?: string
  signingService?: string
  /** Who signed the request (the server sets it from the access key before an operation runs). */
  caller?: Caller
}

export interface SandboxResponse {
  status: number
  headers?: Record<string, string>
  /** An object is sent as JSON; undefined sends no body. */
  body?: unknown
}

// ---------------------------------------------------------------------------------------------
// restJson1

export interface RestContext {
  request: SandboxRequest
  /** Path labels, percent-decoded. */
  params: Record<string, string>
  query: URLSearchParams
  /** The parsed JSON body ({} when there is none). */
  body: Record<string, unknown>
}

export interface RestRoute {
  operation: string
  method: 'GET' | 'PUT' | 'POST' | 'DELETE'
  /** Path template from the service model, e.g. `/2015-03-31/functions/{FunctionName}`. */
  path: string
  /** Query members that are part of the operation's identity, e.g. `{List: 'ALL'}`. */
  query?: Record<string, string>
  /** Rate-limit class (see rate-limit.ts); undefined is never limited. */
  rateClass?: string
  handle(context: RestContext): SandboxResponse
}

export interface RestServiceDefinition {
  /** SigV4 signing name, e.g. `lambda`; also the prefix of operation names in the stats. */
  signingName: string
  create(env: SandboxEnvironment): RestRoute[]
}

interface CompiledRoute {
  route: RestRoute
  service: string
  segments: string[]
}

export interface RestMatch {
  service: string
  route: RestRoute
  params: Record<string, string>
}

export class RestRouter {
  private readonly byMethod = new Map<string, CompiledRoute[]>()

  add(service: string, routes: RestRoute[]): void {
    for (const route of routes) {
      const list = this.byMethod.get(route.method) ?? []
      list.push({route, service, segments: splitPath(route.path)})
      // Routes with fixed query members first: `GET …/provisioned-concurrency?List=ALL` must win
      // over `GET …/provisioned-concurrency`.
      list.sort((a, b) => Object.keys(b.route.query ?? {}).length - Object.keys(a.route.query ?? {}).length)
      this.byMethod.set(route.method, list)
    }
  }

  match(method: string, rawPath: string, query: URLSearchParams): RestMatch | undefined {
    const segments = splitPath(rawPath)
    for (const candidate of this.byMethod.get(method) ?? []) {
      if (candidate.segments.length !== segments.length) continue
      const fixedQuery = candidate.route.query ?? {}
      if (Object.entries(fixedQuery).some(([key, value]) => query.get(key) !== value)) continue
      const params: Record<string, string> = {}
      let matched = true
      for (let i = 0; i < segments.length && matched; i++) {
        const template = candidate.segments[i]
        if (template.startsWith('{') && template.endsWith('}')) {
          const value = safeDecode(segments[i])
          if (value === undefined || value === '') matched = false
          else params[template.slice(1, -1)] = value
        } else if (template !== segments[i]) matched = false
      }
      if (matched) return {service: candidate.service, route: candidate.route, params}
    }
    return undefined
  }
}

function splitPath(path: string): string[] {
  return path
    .split('?')[0]
    .split('/')
    .filter((segment) => segment !== '')
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment)
  } catch {
    return undefined
  }
}

export function renderRestError(error: AwsError): SandboxResponse {
  return {
    status: error.status,
    headers: {'x-amzn-ErrorType': error.code, ...error.headers},
    body: {...error.fields, Type: error.type, [error.messageKey]: error.message},
  }
}

/** Parses a JSON request body; AWS answers malformed JSON with a 400 SerializationException. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    throw new AwsError('SerializationException', 400, 'Could not parse request body into json: the body is not valid JSON')
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 400, 'Could not parse request body into json: expected an object')
  }
  return parsed as Record<string, unknown>
}

// ---------------------------------------------------------------------------------------------
// awsJson1_0 / awsJson1_1

export interface JsonOperationContext {
  request: SandboxRequest
  operation: string
}

export type JsonOperation = (input: Record<string, unknown>, context: JsonOperationContext) => unknown

export interface JsonServiceHandler {
  /** Operation name → handler returning the output shape (or throwing an AwsError). */
  operations: Record<string, JsonOperation>
  /** Rate-limit class of an operation; undefined (or no function) means unlimited. */
  rateClass?(operation: string): string | undefined
}

export interface JsonServiceDefinition {
  /** The part of `X-Amz-Target` before the dot, e.g. `AnyScaleFrontendService`. */
  targetPrefix: string
  /** SigV4 signing name, e.g. `application-autoscaling`; prefixes operation names in the stats. */
  signingName: string
  version: '1.0' | '1.1'
  /**
   * awsQuery-compatible services (CloudWatch) also send `x-amzn-query-error: Code;Sender`, which
   * the SDK prefers to `__type` when the client was generated with the compatibility trait.
   */
  queryCompatible?: boolean
  create(env: SandboxEnvironment): JsonServiceHandler
}

const jsonServices = new Map<string, JsonServiceDefinition>()
const restServices = new Map<string, RestServiceDefinition>()

/** Makes an awsJson service available to every sandbox started afterwards. */
export function registerJsonService(definition: JsonServiceDefinition): void {
  jsonServices.set(definition.targetPrefix, definition)
}

/** Makes a restJson1 service available to every sandbox started afterwards. */
export function registerRestService(definition: RestServiceDefinition): void {
  restServices.set(definition.signingName, definition)
}

/** Removes a registration (tests that register a service of their own clean up with this). */
export function unregisterJsonService(targetPrefix: string): void {
  jsonServices.delete(targetPrefix)
}

export function registeredJsonServices(): JsonServiceDefinition[] {
  return [...jsonServices.values()]
}

export function registeredRestServices(): RestServiceDefinition[] {
  return [...restServices.values()]
}

/** Splits `Prefix.Operation`; the prefix itself may contain dots only before the last one. */
export function splitTarget(target: string): {prefix: string; operation: string} | undefined {
  const dot = target.lastIndexOf('.')
  if (dot <= 0 || dot === target.length - 1) return undefined
  return {prefix: target.slice(0, dot), operation: target.slice(dot + 1)}
}

export function jsonContentType(version: '1.0' | '1.1'): string {
  return `application/x-amz-json-${version}`
}

export function renderJsonError(error: AwsError, version: '1.0' | '1.1', queryCompatible = false): SandboxResponse {
  const headers: Record<string, string> = {'content-type': jsonContentType(version), 'x-amzn-ErrorType': error.code, ...error.headers}
  if (queryCompatible) headers['x-amzn-query-error'] = `${error.code};${error.type === 'Service' ? 'Receiver' : 'Sender'}`
  return {status: error.status, headers, body: {...error.fields, __type: error.code, message: error.message}}
}

/** The access key, region and service of a SigV4 `Authorization` header's credential scope. */
export function signingScope(authorization: string | undefined): {accessKeyId: string; region: string; service: string} | undefined {
  const match = authorization && /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization)
  return match ? {accessKeyId: match[1], region: match[2], service: match[3]} : undefined
}
