// Public API of the sandbox: an emulated AWS account on loopback that the official SDKs and the
// AWS CLI talk to through `--endpoint-url`.

import {type Account} from './account.js'
// The metrics, logs and auto-scaling services register themselves on import.
import './autoscaling-api.js'
import './cloudwatch-api.js'
import './logs-api.js'
import './sts-api.js'
import {createClock, type SimClock} from './clock.js'
import {defaultAccountDescription} from './default-account.js'
import type {SandboxEnvironment} from './environment.js'
import {lambdaService} from './lambda-api.js'
import {registeredJsonServices, registeredRestServices, type JsonServiceDefinition} from './protocol.js'
import {registeredQueryServices, type QueryServiceDefinition} from './query-protocol.js'
import {parseFaultSpec, type FaultRule} from './faults.js'
import {DEFAULT_RATES, parseRateSpec, type RateSpec} from './rate-limit.js'
import {buildAccount, loadSeedFile, type AccountDescription} from './seed.js'
import {SandboxServer} from './server.js'
import type {AutoScaling} from './simulation/auto-scaling.js'
import type {Simulation} from './simulation/simulation.js'
import {attachSimulation, simulationOf, syncedJsonService, syncedRestService} from './simulation/sync.js'
import {accountState, type AccountState} from './state.js'
import type {SandboxStats} from './stats.js'

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number
  host?: string
  /** Number of functions; the curated default account has 40. */
  functions?: number
  /** A JSON account description file, or the description itself. Wins over `functions`. */
  seed?: string | AccountDescription
  /** Simulated seconds per real second. Default 1. */
  speed?: number
  /** Simulated epoch ms the sandbox starts at (default: now). Tests pin it to a known hour of the day. */
  startTime?: number
  /** Seed of the traffic simulation's noise and bursts; the same seed replays the same traffic. Default 1. */
  trafficSeed?: number
  /** `lambda=15,GetFunction=100`, `getfunction=100,control=15`, `off`, or a map of class → requests per second. Default: off. */
  rate?: string | RateSpec | 'off'
  /** Fraction (0..1) of requests answered with a random 429 or 500. Default 0. */
  faultRate?: number
  /** Faults on chosen operations: `GetFunction=0.5:500`, `UpdateFunctionConfiguration=0.2:429`, or parsed rules. */
  faults?: Array<string | FaultRule>
  faultSeed?: number
  /** Simulated ms a configuration update keeps LastUpdateStatus InProgress. Default 1000. */
  updateLagMs?: number
  /** Simulated ms provisioned concurrency stays IN_PROGRESS before READY. Default 20000. */
  provisionLagMs?: number
  /** Account overrides. */
  accountId?: string
  region?: string
  concurrencyLimit?: number
  minUnreserved?: number
  /** awsJson services for this sandbox only, in addition to the registered ones. */
  jsonServices?: JsonServiceDefinition[]
  /** Log every request (and unknown operations) through `log`. */
  verbose?: boolean
  log?: (line: string) => void
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  account: Account
  clock: SimClock
  /** The traffic simulation behind the metrics and logs (advanced lazily on every request). */
  simulation: Simulation
  /** Application Auto Scaling state (targets, policies, scheduled actions, activities). */
  autoScaling: AutoScaling
  /** Request counts per operation (also `GET /_sandbox/stats`). */
  stats(): SandboxStats
  resetStats(): void
  /** Replaces the injected faults, --fault-rate's included (also `POST /_sandbox/faults`); [] turns them off. */
  setFaults(faults: Array<string | FaultRule>): void
  /** Functions and concurrency as plain JSON (also `GET /_sandbox/state[?function=NAME]`). */
  state(functionName?: string): AccountState
  stop(): Promise<void>
}

export const DEFAULT_UPDATE_LAG_MS = 1000
export const DEFAULT_PROVISION_LAG_MS = 20_000

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = createClock(options.speed ?? 1, options.startTime ?? Date.now())
  const description = typeof options.seed === 'string' ? loadSeedFile(options.seed) : (options.seed ?? defaultAccountDescription(options.functions))
  const account = buildAccount(description, {
    clock,
    updateLagMs: options.updateLagMs ?? DEFAULT_UPDATE_LAG_MS,
    provisionLagMs: options.provisionLagMs ?? DEFAULT_PROVISION_LAG_MS,
    overrides: {
      ...(options.accountId ? {accountId: options.accountId} : {}),
      ...(options.region ? {region: options.region} : {}),
      ...(options.concurrencyLimit === undefined ? {} : {concurrencyLimit: options.concurrencyLimit}),
      ...(options.minUnreserved === undefined ? {} : {minUnreserved: options.minUnreserved}),
    },
  })
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const env: SandboxEnvironment = {account, clock, log}
  const {simulation, autoScaling} = attachSimulation(env, {trafficSeed: options.trafficSeed})
  const server = new SandboxServer({
    env,
    // Every operation first brings the traffic simulation up to the present (simulation/sync.ts).
    restServices: [lambdaService, ...registeredRestServices()].map(syncedRestService),
    jsonServices: [...registeredJsonServices(), ...(options.jsonServices ?? [])].map(syncedJsonService),
    queryServices: registeredQueryServices().map(syncedQueryService),
    rates: resolveRates(options.rate),
    faultRate: options.faultRate ?? 0,
    faults: (options.faults ?? []).map(toFaultRule),
    faultSeed: options.faultSeed,
    verbose: options.verbose ?? false,
  })
  const host = options.host ?? '127.0.0.1'
  const address = await server.listen(options.port ?? 0, host)
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    account,
    clock,
    simulation,
    autoScaling,
    stats: () => server.stats.snapshot(),
    resetStats: () => server.stats.reset(),
    setFaults: (faults) => server.setFaults(faults.map(toFaultRule)),
    state: (functionName) => accountState(account, functionName),
    stop: () => server.stop(),
  }
}

/** The same query service, advancing the simulation before each operation (as the other protocols' services do). */
function syncedQueryService(definition: QueryServiceDefinition): QueryServiceDefinition {
  return {
    ...definition,
    create(env) {
      const {simulation} = simulationOf(env)
      const handler = definition.create(env)
      const operations = Object.fromEntries(
        Object.entries(handler.operations).map(([name, operation]) => [
          name,
          {
            ...operation,
            run: (input: Record<string, unknown>, context: Parameters<typeof operation.run>[1]) => {
              simulation.sync()
              return operation.run(input, context)
            },
          },
        ]),
      )
      return {...handler, operations}
    },
  }
}

function toFaultRule(fault: string | FaultRule): FaultRule {
  return typeof fault === 'string' ? parseFaultSpec(fault) : fault
}

function resolveRates(rate: SandboxOptions['rate']): RateSpec | 'off' {
  if (rate === undefined || rate === 'off') return 'off'
  if (typeof rate === 'string') return parseRateSpec(rate)
  return rate
}

export {DEFAULT_RATES, parseRateSpec}
export {parseFaultSpec}
export type {FaultRule}
export type {RateSpec}
export type {AccountState, FunctionState} from './state.js'
export type {SandboxStats, UnknownRequest} from './stats.js'
export type {SandboxEnvironment} from './environment.js'
export {Account} from './account.js'
export type {
  AccountSettings,
  Alias,
  Architecture,
  EventInvokeConfig,
  EventSourceMapping,
  FunctionConfig,
  LambdaFunction,
  LayerVersion,
  OtherResources,
  PolicyStatement,
  ProvisionedConcurrencyConfig,
  PublishedVersion,
  TrafficProfile,
} from './account.js'
export type {SimClock} from './clock.js'
export type {Simulation} from './simulation/simulation.js'
export type {AutoScaling} from './simulation/auto-scaling.js'
export type {AccountDescription, FunctionDescription, LayerDescription} from './seed.js'
export {defaultAccountDescription} from './default-account.js'
export {
  AwsError,
  registerJsonService,
  registerRestService,
  unregisterJsonService,
  type JsonOperation,
  type JsonOperationContext,
  type JsonServiceDefinition,
  type JsonServiceHandler,
  type RestRoute,
  type RestServiceDefinition,
} from './protocol.js'
export {registerQueryService, shapes as queryShapes, type QueryServiceDefinition, type QueryServiceHandler} from './query-protocol.js'
