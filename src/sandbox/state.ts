// A plain-JSON picture of the account, for before/after comparisons in tests and benchmarks
// (`GET /_sandbox/state`). Environment values are included: the sandbox holds no real secrets.

import type {Account} from './account.js'

export interface FunctionState {
  name: string
  runtime?: string
  packageType: string
  architectures: string[]
  memorySize: number
  layers: string[]
  environment: Record<string, string>
  reserved: number | null
  provisioned: Array<{qualifier: string; requested: number; allocated: number; status: string}>
  eventInvokeConfigs: Array<{qualifier: string; maximumRetryAttempts?: number; maximumEventAgeInSeconds?: number; onSuccess?: string; onFailure?: string}>
  aliases: Array<{name: string; functionVersion: string; routing?: Record<string, number>}>
  versions: string[]
  lastUpdateStatus: string
  revisionId: string
  tags: Record<string, string>
}

export interface AccountState {
  accountId: string
  region: string
  /** Simulated time of the snapshot (epoch ms). */
  now: number
  concurrency: {limit: number; unreserved: number; minUnreserved: number; reservedTotal: number; provisionedTotal: number}
  functions: FunctionState[]
}

export function accountState(account: Account, only?: string): AccountState {
  const names = only === undefined ? account.functionNames() : account.functionNames().filter((name) => name === only)
  return {
    accountId: account.id,
    region: account.region,
    now: account.now(),
    concurrency: {
      limit: account.settings.concurrencyLimit,
      unreserved: account.unreserved(),
      minUnreserved: account.settings.minUnreserved,
      reservedTotal: account.reservedTotal(),
      provisionedTotal: account.provisionedTotal(),
    },
    functions: names.map((name) => {
      const fn = account.functions.get(name)!
      return {
        name,
        ...(fn.config.runtime ? {runtime: fn.config.runtime} : {}),
        packageType: fn.config.packageType,
        architectures: [...fn.config.architectures],
        memorySize: fn.config.memorySize,
        layers: [...fn.config.layers],
        environment: {...fn.config.environment},
        reserved: fn.reserved,
        provisioned: [...fn.provisioned.values()].map((cfg) => ({qualifier: cfg.qualifier, requested: cfg.requested, ...account.provisionedStatus(cfg)})),
        eventInvokeConfigs: [...fn.eventInvokeConfigs.values()].map(({lastModified: _, ...cfg}) => definedOnly(cfg)),
        aliases: [...fn.aliases.values()].map((a) => ({name: a.name, functionVersion: a.functionVersion, ...(a.routing ? {routing: {...a.routing}} : {})})),
        versions: fn.versions.map((v) => v.version),
        lastUpdateStatus: account.updateStatus(fn),
        revisionId: fn.revisionId,
        tags: {...fn.tags},
      }
    }),
  }
}

/** Drops members whose value is undefined, so in-process snapshots equal their JSON form. */
function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T
}
