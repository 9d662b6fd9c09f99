// The HTTP front of the sandbox: reads a request, finds the operation (by X-Amz-Target for the
// awsJson services, by the form's Action for awsQuery, by method and path for restJson1), applies
// rate limits and injected faults, runs the handler and writes the answer in the protocol's format.
// A signed request names its service in the SigV4 credential scope: only that service's operations
// can answer it, so a request no service knows gets an error in the protocol it was sent in, never
// another service's. Every request is answered, including ones whose handler throws.
//
// The sandbox is a fleet of account-regions (fleet.ts): the access key that signs a request picks
// the account, the region it is signed for picks the region, and each account-region has its own
// services, state and rate-limit buckets. Credentials AWS would refuse (expired, a region not
// served) are refused before any operation runs, in the protocol the request was sent in.

import {randomUUID} from 'node:crypto'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import type {SimClock} from './clock.js'
import type {SandboxEnvironment} from './environment.js'
import {GLOBAL_SERVICES, invalidToken, type Caller, type Fleet} from './fleet.js'
import {everyOperation, FaultInjector, formatFaultRule, matches, parseFaultSpec, UnknownFaultOperationError, type FaultRule} from './faults.js'
import {callerThrottled, serviceError} from './lambda/errors.js'
import {
  AwsError,
  jsonContentType,
  parseJsonBody,
  renderJsonError,
  renderRestError,
  RestRouter,
  signingScope,
  splitTarget,
  type JsonServiceDefinition,
  type JsonServiceHandler,
  type RestServiceDefinition,
  type SandboxRequest,
  type SandboxResponse,
} from './protocol.js'
import {
  decodeQueryInput,
  isQueryRequest,
  queryParameters,
  renderQueryError,
  renderQueryResult,
  type QueryServiceDefinition,
  type QueryServiceHandler,
} from './query-protocol.js'
import {RateLimiter, type RateSpec} from './rate-limit.js'
import {accountState} from './state.js'
import {StatsRecorder} from './stats.js'

const MAX_BODY_BYTES = 6 * 1024 * 1024

export interface ServerOptions {
  fleet: Fleet
  /** The environment (account, simulation) of one account-region; called once per account-region, on first use. */
  environmentOf(accountId: string, region: string): SandboxEnvironment
  clock: SimClock
  log(line: string): void
  restServices: RestServiceDefinition[]
  jsonServices: JsonServiceDefinition[]
  queryServices?: QueryServiceDefinition[]
  rates: RateSpec | 'off'
  faultRate: number
  /** Faults on chosen operations (--fault), in addition to faultRate on every one. */
  faults?: FaultRule[]
  faultSeed?: number
  verbose: boolean
}

interface JsonServiceInstance {
  definition: JsonServiceDefinition
  handler: JsonServiceHandler
}

interface QueryServiceInstance {
  definition: QueryServiceDefinition
  handler: QueryServiceHandler
}

/** A request no operation matches, with the error in the request's own protocol. */
interface Unknown {
  unknown: true
  target?: string
  response: SandboxResponse
}

/** One resolved AWS operation, whatever its protocol. */
interface Dispatch {
  operation: string
  rateClass?: string
  run(): SandboxResponse
  renderError(error: AwsError): SandboxResponse
}

/** One account in one region: its services (instantiated over its own account) and its rate-limit buckets. */
interface Cell {
  /** `ACCOUNT/REGION` */
  key: string
  accountId: string
  region: string
  env: SandboxEnvironment
  services: ServiceSet
  limiter: RateLimiter
}

export class SandboxServer {
  readonly stats = new StatsRecorder()
  private readonly server: Server
  private readonly cells = new Map<string, Cell>()
  /** The management account in the first region: what unsigned requests and the test hooks reach by default. */
  private readonly home: Cell
  private readonly faults: FaultInjector

  constructor(private readonly options: ServerOptions) {
    this.home = this.cell(options.fleet.managementAccountId, options.fleet.regions[0])
    this.faults = new FaultInjector([], options.faultSeed)
    this.setFaults([...(options.faults ?? []), ...(options.faultRate > 0 ? [everyOperation(options.faultRate)] : [])])
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        // Last resort: the request must still get an answer.
        this.options.log(`internal error: ${error instanceof Error ? error.stack : String(error)}`)
        if (!res.headersSent) res.writeHead(500, {'content-type': 'application/json'})
        res.end('{"Type":"Service","Message":"sandbox internal error"}')
      })
    })
    // The SDK keeps connections alive; idle sockets must not keep a stopped sandbox's process up.
    this.server.keepAliveTimeout = 5000
  }

  /** The account-region's services and buckets, created on first use. */
  private cell(accountId: string, region: string): Cell {
    const key = `${accountId}/${region}`
    let cell = this.cells.get(key)
    if (!cell) {
      const env = this.options.environmentOf(accountId, region)
      const {restServices, jsonServices, queryServices = []} = this.options
      cell = {
        key,
        accountId,
        region,
        env,
        services: new ServiceSet(env, restServices, jsonServices, queryServices),
        limiter: new RateLimiter(this.options.rates),
      }
      this.cells.set(key, cell)
    }
    return cell
  }

  get faultRules(): FaultRule[] {
    return this.faults.rules
  }

  /** Replaces the injected faults; throws on an operation the sandbox does not serve. */
  setFaults(rules: FaultRule[]): void {
    for (const rule of rules) {
      if (rule.operation !== '*' && ![...this.home.services.operations].some((operation) => matches(rule.operation, operation))) {
        throw new UnknownFaultOperationError(rule.operation)
      }
    }
    this.faults.setRules(rules)
  }

  listen(port: number, host: string): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        this.server.off('error', reject)
        resolve(this.server.address() as AddressInfo)
      })
    })
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve()
        return
      }
      this.server.close(() => resolve())
      this.server.closeAllConnections()
    })
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const body = await readBody(req)
    const scope = signingScope(req.headers.authorization)
    const request: SandboxRequest = {
      method: req.method ?? 'GET',
      rawPath: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: body ?? '',
      requestId: randomUUID(),
      signingRegion: scope?.region,
      signingService: scope?.service,
    }

    if (url.pathname.startsWith('/_sandbox/')) {
      send(res, request, this.internal(request))
      return
    }
    if (body === undefined) {
      send(res, request, renderRestError(new AwsError('RequestEntityTooLargeException', 413, 'Request must be smaller than 6291456 bytes for the operation.')))
      return
    }

    // Which account (the access key) and region (the signature's scope) answer, or why none does.
    const {fleet} = this.options
    let refusal: AwsError | undefined
    let caller: Caller
    try {
      caller = fleet.identify(scope?.accessKeyId)
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      refusal = error
      caller = fleet.userOf(fleet.managementAccountId)
    }
    let region = fleet.regions[0]
    if (scope && fleet.servesRegion(scope.region)) region = scope.region
    else if (scope && fleet.strictRegions && !GLOBAL_SERVICES.has(scope.service)) refusal ??= invalidToken()
    request.caller = caller
    const cell = refusal ? this.home : this.cell(caller.accountId, region)

    const dispatch = cell.services.resolve(request)
    if ('unknown' in dispatch) {
      this.stats.unknown({method: request.method, path: request.rawPath, ...(dispatch.target ? {target: dispatch.target} : {})})
      const response = refusal ? renderInProtocolOf(request, refusal) : dispatch.response
      const what = refusal ? refusal.code : 'unknown operation'
      this.verbose(`${response.status} ${what} ${request.method} ${request.rawPath}${dispatch.target ? ` (${dispatch.target})` : ''}`)
      send(res, request, response)
      return
    }
    if (refusal) {
      this.stats.request(dispatch.operation)
      this.stats.error(dispatch.operation)
      send(res, request, dispatch.renderError(refusal))
      this.verbose(`${refusal.status} ${dispatch.operation} ${refusal.code} (key ${scope?.accessKeyId ?? 'none'}, signed for ${scope?.region ?? 'no region'})`)
      return
    }

    const response = this.execute(dispatch, cell)
    send(res, request, response)
    if (this.options.verbose) {
      const elsewhere =
        request.signingRegion && request.signingRegion !== region ? ` (signed for ${request.signingRegion}; the sandbox account is in ${region})` : ''
      const who = this.cells.size > 1 || fleet.accountIds.length > 1 ? ` [${cell.key}]` : ''
      this.verbose(`${response.status} ${dispatch.operation}${who} ${(performance.now() - started).toFixed(1)}ms${elsewhere}`)
    }
  }

  private execute(dispatch: Dispatch, cell: Cell): SandboxResponse {
    const {operation} = dispatch
    this.stats.request(operation, cell.key)
    const waitMs = cell.limiter.take(dispatch.rateClass)
    if (waitMs > 0) {
      this.stats.throttled(operation, cell.key)
      return dispatch.renderError(callerThrottled(Math.max(1, Math.ceil(waitMs / 1000))))
    }
    const fault = this.faults.next(operation)
    if (fault?.kind === 'throttle') {
      this.stats.throttled(operation, cell.key)
      return dispatch.renderError(callerThrottled(1))
    }
    if (fault?.kind === 'server-error') {
      this.stats.fault(operation)
      return dispatch.renderError(serviceError())
    }
    try {
      return dispatch.run()
    } catch (error) {
      this.stats.error(operation)
      if (error instanceof AwsError) return dispatch.renderError(error)
      this.options.log(`${operation} failed: ${error instanceof Error ? error.stack : String(error)}`)
      return dispatch.renderError(serviceError())
    }
  }

  /** `/_sandbox/…`: stats, state and clock control for tests, benchmarks and demos. */
  private internal(request: SandboxRequest): SandboxResponse {
    const {clock, fleet} = this.options
    const route = `${request.method} ${request.rawPath.replace(/\/+$/, '')}`
    switch (route) {
      case 'GET /_sandbox/stats':
        return {status: 200, body: this.stats.snapshot()}
      case 'DELETE /_sandbox/stats':
      case 'POST /_sandbox/stats/reset':
        this.stats.reset()
        return {status: 204}
      case 'GET /_sandbox/state': {
        const accountId = request.query.get('account') ?? fleet.managementAccountId
        const region = request.query.get('region') ?? fleet.regions[0]
        if (!fleet.isActive(accountId)) return {status: 404, body: {message: `no active account ${accountId}; the fleet has ${fleet.accountIds.join(', ')}`}}
        if (!fleet.servesRegion(region)) return {status: 404, body: {message: `region ${region} is not served; the sandbox serves ${fleet.regions.join(', ')}`}}
        return {status: 200, body: accountState(this.options.environmentOf(accountId, region).account, request.query.get('function') ?? undefined)}
      }
      case 'GET /_sandbox/fleet':
        return {
          status: 200,
          body: {
            organizationId: fleet.organizationId,
            managementAccountId: fleet.managementAccountId,
            accounts: fleet.accountIds,
            suspendedAccounts: fleet.suspendedAccountIds,
            deniedRoles: fleet.deniedRoles,
            regions: fleet.regions,
          },
        }
      case 'POST /_sandbox/credentials/expire':
        return {status: 200, body: {expired: fleet.expire(request.query.get('accessKeyId') ?? undefined)}}
      case 'GET /_sandbox/faults':
        return {status: 200, body: {faults: this.faults.rules.map(formatFaultRule)}}
      case 'DELETE /_sandbox/faults':
        this.faults.setRules([])
        return {status: 204}
      case 'POST /_sandbox/faults':
      case 'PUT /_sandbox/faults':
        return this.replaceFaults(request.body)
      case 'POST /_sandbox/clock/advance': {
        const ms = Number(request.query.get('ms'))
        if (!Number.isFinite(ms) || ms < 0) return {status: 400, body: {message: 'ms must be a non-negative number'}}
        clock.advance(ms)
        return {status: 200, body: {now: clock.now()}}
      }
      default:
        return {
          status: 404,
          body: {message: `no sandbox endpoint ${route}; try GET /_sandbox/stats, GET /_sandbox/state, GET /_sandbox/faults, GET /_sandbox/fleet`},
        }
    }
  }

  /** `{"faults": ["GetFunction=0.5:500"], "faultRate": 0.05}` replaces every injected fault. */
  private replaceFaults(body: string): SandboxResponse {
    try {
      const parsed = JSON.parse(body || '{}') as {faults?: unknown; faultRate?: unknown}
      if (parsed.faults !== undefined && !Array.isArray(parsed.faults)) throw new Error('"faults" must be a list such as ["GetFunction=0.5:500"]')
      const rules = ((parsed.faults ?? []) as unknown[]).map((spec) => parseFaultSpec(String(spec)))
      if (parsed.faultRate !== undefined) {
        const rate = Number(parsed.faultRate)
        if (!(rate >= 0 && rate <= 1)) throw new Error('"faultRate" must be between 0 and 1')
        if (rate > 0) rules.push(everyOperation(rate))
      }
      this.setFaults(rules)
      return {status: 200, body: {faults: this.faults.rules.map(formatFaultRule)}}
    } catch (error) {
      return {status: 400, body: {message: (error as Error).message}}
    }
  }

  private verbose(line: string): void {
    if (this.options.verbose) this.options.log(line)
  }
}

/** The services of one account-region, instantiated over its environment, and how a request finds its operation. */
class ServiceSet {
  readonly router = new RestRouter()
  readonly jsonServices = new Map<string, JsonServiceInstance>()
  /** By signing name. */
  readonly queryServices = new Map<string, QueryServiceInstance>()
  readonly restServiceNames = new Set<string>()
  /** Every operation served (`service:Operation`), to refuse faults on a misspelt one. */
  readonly operations = new Set<string>()

  constructor(env: SandboxEnvironment, restServices: RestServiceDefinition[], jsonServices: JsonServiceDefinition[], queryServices: QueryServiceDefinition[]) {
    for (const service of restServices) {
      const routes = service.create(env)
      this.router.add(service.signingName, routes)
      this.restServiceNames.add(service.signingName)
      for (const route of routes) this.operations.add(`${service.signingName}:${route.operation}`)
    }
    for (const definition of queryServices) {
      const handler = definition.create(env)
      this.queryServices.set(definition.signingName, {definition, handler})
      for (const operation of Object.keys(handler.operations)) this.operations.add(`${definition.signingName}:${operation}`)
    }
    for (const definition of jsonServices) {
      const handler = definition.create(env)
      this.jsonServices.set(definition.targetPrefix, {definition, handler})
      for (const operation of Object.keys(handler.operations)) this.operations.add(`${definition.signingName}:${operation}`)
    }
  }

  resolve(request: SandboxRequest): Dispatch | Unknown {
    const target = headerValue(request.headers['x-amz-target'])
    if (target !== undefined) return this.resolveJson(request, target)
    if (isQueryRequest(request)) return this.resolveQuery(request)

    const service = request.signingService
    const match = this.router.match(request.method, request.rawPath, request.query)
    if (!match || (service !== undefined && service !== match.service)) {
      return {unknown: true, response: this.unknownRestShaped(request)}
    }
    return {
      operation: `${match.service}:${match.route.operation}`,
      rateClass: match.route.rateClass,
      run: () => match.route.handle({request, params: match.params, query: request.query, body: parseJsonBody(request.body)}),
      renderError: renderRestError,
    }
  }

  /**
   * A request with neither a target nor a form body that no route matches: answered in the
   * protocol of the service it was signed for, restJson1 when unsigned or signed for a service
   * the sandbox does not emulate.
   */
  private unknownRestShaped(request: SandboxRequest): SandboxResponse {
    const service = request.signingService
    const what = `No operation matches ${request.method} ${request.rawPath}`
    if (service !== undefined) {
      const json = [...this.jsonServices.values()].find((instance) => instance.definition.signingName === service)
      if (json) return renderJsonError(new AwsError('UnknownOperationException', 400, `${what} in ${service}`), json.definition.version)
      if (this.queryServices.has(service)) {
        return renderQueryError(new AwsError('InvalidAction', 400, `${what}: ${service} is served as POST / with a form body`), request.requestId)
      }
      if (!this.restServiceNames.has(service)) {
        const message = `${what}: the request is signed for ${service}, which the sandbox does not emulate (${this.servedServices()})`
        return renderRestError(new AwsError('UnknownOperationException', 404, message))
      }
    }
    return renderRestError(new AwsError('UnknownOperationException', 404, what))
  }

  private servedServices(): string {
    const names = new Set([...this.restServiceNames, ...[...this.jsonServices.values()].map((i) => i.definition.signingName), ...this.queryServices.keys()])
    return `it serves ${[...names].sort().join(', ')}`
  }

  private resolveJson(request: SandboxRequest, target: string): Dispatch | Unknown {
    const split = splitTarget(target)
    const instance = split && this.jsonServices.get(split.prefix)
    const operation = split && instance?.handler.operations[split.operation]
    const service = request.signingService
    if (!split || !instance || !operation || (service !== undefined && service !== instance.definition.signingName)) {
      const version = /x-amz-json-1\.0/.test(headerValue(request.headers['content-type']) ?? '') ? '1.0' : '1.1'
      const elsewhere = service !== undefined && instance && service !== instance.definition.signingName ? ` (the request is signed for ${service})` : ''
      const error = new AwsError('UnknownOperationException', 400, `Unknown operation ${target}${elsewhere}`)
      return {unknown: true, target, response: renderJsonError(error, version)}
    }
    const {definition, handler} = instance
    return {
      operation: `${definition.signingName}:${split.operation}`,
      rateClass: handler.rateClass?.(split.operation),
      run: () => ({
        status: 200,
        headers: {'content-type': jsonContentType(definition.version)},
        body: operation(parseJsonBody(request.body), {request, operation: split.operation}) ?? {},
      }),
      renderError: (error) => renderJsonError(error, definition.version, definition.queryCompatible),
    }
  }

  /** awsQuery: the service from the signature (or, unsigned, the one whose Action and Version match), the operation from Action. */
  private resolveQuery(request: SandboxRequest): Dispatch | Unknown {
    const params = queryParameters(request)
    const action = params.get('Action') ?? ''
    const version = params.get('Version') ?? ''
    const service = request.signingService
    const unknown = (code: string, message: string): Unknown => ({
      unknown: true,
      target: `${service ?? ''}${service ? ':' : ''}${action}`,
      response: renderQueryError(new AwsError(code, 400, message), request.requestId),
    })
    if (action === '') return unknown('MissingAction', 'The request must contain the parameter Action.')
    const instance =
      service === undefined
        ? [...this.queryServices.values()].find((candidate) => candidate.handler.operations[action] && candidate.definition.version === version)
        : this.queryServices.get(service)
    if (!instance) {
      if (service !== undefined) return unknown('InvalidAction', `The sandbox does not serve ${service} over the query protocol; ${this.servedServices()}.`)
      return unknown('InvalidAction', `Could not find operation ${action} for version ${version || '(none)'}.`)
    }
    const {definition, handler} = instance
    const operation = handler.operations[action]
    if (!operation) return unknown('InvalidAction', `The action ${action} is not valid for this web service (${definition.signingName}).`)
    if (version !== definition.version) {
      const message = `Could not find operation ${action} for version ${version || '(none)'}; ${definition.signingName} is version ${definition.version}.`
      return unknown('InvalidAction', message)
    }
    return {
      operation: `${definition.signingName}:${action}`,
      rateClass: handler.rateClass?.(action),
      run: () => {
        const output = operation.run(decodeQueryInput(operation.input, params), {request, operation: action})
        return renderQueryResult(action, output, operation.output, definition.xmlNamespace, request.requestId)
      },
      renderError: (error) => renderQueryError(error, request.requestId),
    }
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** An error for a request no operation matched, in the protocol the request was sent in. */
function renderInProtocolOf(request: SandboxRequest, error: AwsError): SandboxResponse {
  if (headerValue(request.headers['x-amz-target']) !== undefined) {
    return renderJsonError(error, /x-amz-json-1\.0/.test(headerValue(request.headers['content-type']) ?? '') ? '1.0' : '1.1')
  }
  if (isQueryRequest(request)) return renderQueryError(error, request.requestId)
  return renderRestError(error)
}

/** The body as text; undefined when it exceeds what any Lambda control-plane call accepts. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function send(res: ServerResponse, request: SandboxRequest, response: SandboxResponse): void {
  const headers: Record<string, string | number> = {'x-amzn-RequestId': request.requestId, date: new Date().toUTCString(), ...response.headers}
  if (response.body === undefined) {
    headers['content-length'] = 0
    res.writeHead(response.status, headers)
    res.end()
    return
  }
  const payload = Buffer.from(typeof response.body === 'string' ? response.body : JSON.stringify(response.body))
  if (!Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json'
  headers['content-length'] = payload.length
  res.writeHead(response.status, headers)
  res.end(payload)
}
