// Public API of the sandbox: emulated AWS accounts on loopback that the official SDKs and the
// AWS CLI talk to through `--endpoint-url`. By default one account in one region; with `accounts`
// and `regions`, a fleet (fleet.ts) of account-regions built from the same account description.

import {type Account} from './account.js'
// The metrics, logs, auto-scaling and identity services register themselves on import.
import './account-management-api.js'
import './autoscaling-api.js'
import './cloudwatch-api.js'
import './logs-api.js'
import './organizations-api.js'
import './sts-api.js'
import {createClock, type SimClock} from './clock.js'
import {defaultAccountDescription} from './default-account.js'
import type {SandboxEnvironment} from './environment.js'
import {DEFAULT_ACCOUNT_ID, Fleet, isRegionName, parseDenyRole} from './fleet.js'
import {lambdaService} from './lambda-api.js'
import {registeredJsonServices, registeredRestServices, type JsonServiceDefinition} from './protocol.js'
import {registeredQueryServices, type QueryServiceDefinition} from './query-protocol.js'
import {parseFaultSpec, type FaultRule} from './faults.js'
import {DEFAULT_RATES, parseRateSpec, type RateSpec} from './rate-limit.js'
import {buildAccount, loadSeedFile, localizeDescription, type AccountDescription} from './seed.js'
import {SandboxServer} from './server.js'
import type {AutoScaling} from './simulation/auto-scaling.js'
import type {Simulation} from './simulation/simulation.js'
import {attachSimulation, simulationOf, syncedJsonService, syncedRestService, type SimulationHandle} from './simulation/sync.js'
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
  /** Account overrides: the (management) account's id, and its region when `regions` is not given. */
  accountId?: string
  region?: string
  /**
   * Active accounts of the fleet, the management account (`accountId`) included: members are
   * 111111111111, 222222222222, …; with members, the organization also lists a suspended
   * 999999999999. Default 1.
   */
  accounts?: number
  /**
   * Regions served, the first one being the default of the test hooks. Default: [`region`]. When
   * given, a request signed for any other region is refused (403 UnrecognizedClientException, as an
   * opt-in region that is not enabled answers) except by STS, Organizations and Account
   * Management; when not, such requests are answered by the one region, as always.
   */
  regions?: string[]
  /** Roles AssumeRole refuses: `ACCOUNT` (every role of that account) or `ACCOUNT:ROLE_NAME`. */
  denyRoles?: string[]
  /** Layers of the description left unpublished: `REGION` (all of them there) or `REGION:LAYER_NAME`, in every account. */
  omitLayers?: string[]
  /** The wall clock temporary credentials expire by (default Date.now). */
  wallNow?: () => number
  concurrencyLimit?: number
  minUnreserved?: number
  /** awsJson services for this sandbox only, in addition to the registered ones. */
  jsonServices?: JsonServiceDefinition[]
  /** Log every request (and unknown operations) through `log`. */
  verbose?: boolean
  log?: (line: string) => void
}

export interface AccountRegion {
  /** Default: the management account. */
  account?: string
  /** Default: the first region. */
  region?: string
}

export interface Sandbox {
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  /** The management account in the first region. */
  account: Account
  clock: SimClock
  /** The traffic simulation of the management account in the first region (advanced lazily on every request). */
  simulation: Simulation
  /** Application Auto Scaling state (targets, policies, scheduled actions, activities) of the management account in the first region. */
  autoScaling: AutoScaling
  /** Active accounts, management first. */
  accountIds: string[]
  /** Accounts the organization lists as SUSPENDED (none with a single account). */
  suspendedAccountIds: string[]
  /** Regions served, the first one first. */
  regions: string[]
  /** The organization's id (`o-` and 10 characters). */
  organizationId: string
  /** One account-region's account (built on first use); throws for an account or region the sandbox does not serve. */
  accountOf(account: string, region?: string): Account
  /** One account-region's traffic simulation and auto scaling. */
  simulationOf(account: string, region?: string): SimulationHandle
  /**
   * Makes temporary credentials expired now: one access key, or all of them (also
   * `POST /_sandbox/credentials/expire[?accessKeyId=]`). Returns how many were live.
   */
  expireCredentials(accessKeyId?: string): number
  /** Request counts per operation (also `GET /_sandbox/stats`). */
  stats(): SandboxStats
  resetStats(): void
  /** Replaces the injected faults, --fault-rate's included (also `POST /_sandbox/faults`); [] turns them off. */
  setFaults(faults: Array<string | FaultRule>): void
  /** Functions and concurrency as plain JSON (also `GET /_sandbox/state[?function=NAME][&account=ID][&region=R]`). */
  state(functionName?: string, where?: AccountRegion): AccountState
  stop(): Promise<void>
}

export const DEFAULT_UPDATE_LAG_MS = 1000
export const DEFAULT_PROVISION_LAG_MS = 20_000

/** A setting of startSandbox (or a flag of `lx sandbox`) the sandbox cannot honour. */
export class SandboxOptionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SandboxOptionError'
  }
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const startedAt = options.startTime ?? Date.now()
  const clock = createClock(options.speed ?? 1, startedAt)
  const description = typeof options.seed === 'string' ? loadSeedFile(options.seed) : (options.seed ?? defaultAccountDescription(options.functions))
  const managementAccountId = options.accountId ?? description.accountId ?? DEFAULT_ACCOUNT_ID
  const regions = servedRegions(options, description)
  const accounts = options.accounts ?? 1
  if (!Number.isInteger(accounts) || accounts < 1 || accounts > 1000)
    throw new SandboxOptionError(`accounts must be a whole number from 1 to 1000, got ${accounts}`)
  const fleet = new Fleet({
    managementAccountId,
    accounts,
    regions,
    strictRegions: options.regions !== undefined,
    denyRoles: checkedDenyRoles(options.denyRoles ?? []),
    startedAt,
    wallNow: options.wallNow ?? Date.now,
  })
  for (const spec of options.denyRoles ?? []) {
    const {accountId} = parseDenyRole(spec)
    if (!fleet.members.some((member) => member.id === accountId)) {
      throw new SandboxOptionError(
        `cannot deny roles in ${accountId}: it is not an account of the fleet (${fleet.members.map((member) => member.id).join(', ')})`,
      )
    }
  }
  const omitted = omittedLayers(options.omitLayers ?? [], regions, description)
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))

  const environments = new Map<string, SandboxEnvironment>()
  const environmentOf = (accountId: string, region: string): SandboxEnvironment => {
    const key = `${accountId}/${region}`
    let env = environments.get(key)
    if (!env) {
      if (!fleet.isActive(accountId)) throw new SandboxOptionError(`no active account ${accountId}; the fleet has ${fleet.accountIds.join(', ')}`)
      if (!fleet.servesRegion(region)) throw new SandboxOptionError(`region ${region} is not served; the sandbox serves ${regions.join(', ')}`)
      // Every account-region is the same description, its ARNs naming that account and region.
      const account = buildAccount(localizeDescription(description, {accountId, region}), {
        clock,
        updateLagMs: options.updateLagMs ?? DEFAULT_UPDATE_LAG_MS,
        provisionLagMs: options.provisionLagMs ?? DEFAULT_PROVISION_LAG_MS,
        overrides: {
          accountId,
          region,
          ...(options.concurrencyLimit === undefined ? {} : {concurrencyLimit: options.concurrencyLimit}),
          ...(options.minUnreserved === undefined ? {} : {minUnreserved: options.minUnreserved}),
        },
        omitLayers: omitted.get(region),
      })
      env = {account, clock, log, fleet}
      attachSimulation(env, {trafficSeed: options.trafficSeed})
      environments.set(key, env)
    }
    return env
  }

  const home = environmentOf(managementAccountId, regions[0])
  const {simulation, autoScaling} = simulationOf(home)
  const server = new SandboxServer({
    fleet,
    environmentOf,
    clock,
    log,
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
  const envOf = (where: AccountRegion = {}) => environmentOf(where.account ?? managementAccountId, where.region ?? regions[0])
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    account: home.account,
    clock,
    simulation,
    autoScaling,
    accountIds: fleet.accountIds,
    suspendedAccountIds: fleet.suspendedAccountIds,
    regions: [...regions],
    organizationId: fleet.organizationId,
    accountOf: (account, region) => envOf({account, region}).account,
    simulationOf: (account, region) => simulationOf(envOf({account, region})),
    expireCredentials: (accessKeyId) => fleet.expire(accessKeyId),
    stats: () => server.stats.snapshot(),
    resetStats: () => server.stats.reset(),
    setFaults: (faults) => server.setFaults(faults.map(toFaultRule)),
    state: (functionName, where) => accountState(envOf(where).account, functionName),
    stop: () => server.stop(),
  }
}

/** `regions`, or the one region of the account (the `region` override, else the description's). */
function servedRegions(options: SandboxOptions, description: AccountDescription): string[] {
  const regions = options.regions === undefined ? [options.region ?? description.region ?? 'us-east-1'] : [...new Set(options.regions.map((r) => r.trim()))]
  if (regions.length === 0) throw new SandboxOptionError('regions must name at least one region')
  const bad = regions.find((region) => !isRegionName(region))
  if (bad !== undefined) throw new SandboxOptionError(`"${bad}" is not a region name such as us-east-1 or eu-west-1`)
  return regions
}

function checkedDenyRoles(specs: string[]): string[] {
  for (const spec of specs) {
    try {
      parseDenyRole(spec)
    } catch (error) {
      throw new SandboxOptionError((error as Error).message)
    }
  }
  return specs
}

/** `REGION` or `REGION:LAYER_NAME` → the layer names left unpublished in each region. */
function omittedLayers(specs: string[], regions: string[], description: AccountDescription): Map<string, Set<string>> {
  const described = (description.layers ?? []).map((layer) => layer.name)
  const omitted = new Map<string, Set<string>>()
  for (const spec of specs) {
    const cut = spec.indexOf(':')
    const region = (cut === -1 ? spec : spec.slice(0, cut)).trim()
    const name = cut === -1 ? undefined : spec.slice(cut + 1).trim()
    if (!regions.includes(region)) {
      throw new SandboxOptionError(`cannot omit layers in "${region}": expected REGION[:LAYER_NAME] with a served region (${regions.join(', ')})`)
    }
    if (name !== undefined && !described.includes(name)) {
      throw new SandboxOptionError(`cannot omit layer "${name}": the account describes ${described.length > 0 ? described.join(', ') : 'no layers'}`)
    }
    const names = omitted.get(region) ?? new Set<string>()
    for (const layer of name === undefined ? described : [name]) names.add(layer)
    omitted.set(region, names)
  }
  return omitted
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
export type {AccountRegionStats, SandboxStats, UnknownRequest} from './stats.js'
export {DEFAULT_ACCOUNT_ID, memberAccountIds, SUSPENDED_ACCOUNT_ID, type Caller, type FleetAccount} from './fleet.js'
export type {SimulationHandle} from './simulation/sync.js'
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
