// Current concurrency state, read with the fewest calls the API allows:
//   account:  GetAccountSettings + ListFunctions pages + GetFunction per function (100/s budget)
//             + ListProvisionedConcurrencyConfigs only for functions that have reserved concurrency
//   per-function list: GetFunction + ListProvisionedConcurrencyConfigs per function
//             (+ ListAliases per function when asked: another call on the 15/s control budget)
import {
  type AliasConfiguration,
  GetAccountSettingsCommand,
  type LambdaClient,
  ListAliasesCommand,
  ListProvisionedConcurrencyConfigsCommand,
  type ProvisionedConcurrencyConfigListItem,
} from '@aws-sdk/client-lambda'

import {createLimiter, mapPool} from '../lib/map-pool.js'
import type {FunctionReader} from '../select/function-reader.js'
import type {SelectedFunction} from '../select/resolve-selection.js'

export interface ProvisionedState {
  qualifier: string
  requested: number
  allocated: number
  available: number
  status: string
  statusReason?: string
}

export interface FunctionConcurrency {
  functionName: string
  runtime: string | null
  packageType: string
  architecture: string
  /** null: the function has no reserved concurrency and draws from the unreserved pool. */
  reserved: number | null
  provisioned: ProvisionedState[]
  /** Present only when aliases were asked for (`--aliases`). */
  aliases?: AliasState[]
}

export interface AliasState {
  name: string
  /** The version the alias points at. */
  version: string
  /** Weighted routing: another version that receives this share (0–1) of the alias's invocations. */
  routing?: Array<{version: string; weight: number}>
}

export interface AccountSettings {
  limit: number
  unreserved: number
  functionCount: number
}

const READ_PARALLELISM = 32

export async function readAccountSettings(lambda: LambdaClient): Promise<AccountSettings> {
  const settings = await lambda.send(new GetAccountSettingsCommand({}))
  return {
    limit: settings.AccountLimit?.ConcurrentExecutions ?? 0,
    unreserved: settings.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
    functionCount: settings.AccountUsage?.FunctionCount ?? 0,
  }
}

/** The qualifier of a provisioned config's ARN (arn:…:function:NAME:QUALIFIER). */
function qualifierOf(item: ProvisionedConcurrencyConfigListItem): string {
  const arn = item.FunctionArn ?? ''
  return arn.slice(arn.lastIndexOf(':') + 1)
}

export async function readProvisioned(lambda: LambdaClient, functionName: string): Promise<ProvisionedState[]> {
  const configs: ProvisionedState[] = []
  let marker: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListProvisionedConcurrencyConfigsCommand({FunctionName: functionName, Marker: marker, MaxItems: 50}))
    for (const item of page.ProvisionedConcurrencyConfigs ?? []) {
      configs.push({
        qualifier: qualifierOf(item),
        requested: item.RequestedProvisionedConcurrentExecutions ?? 0,
        allocated: item.AllocatedProvisionedConcurrentExecutions ?? 0,
        available: item.AvailableProvisionedConcurrentExecutions ?? 0,
        status: item.Status ?? 'UNKNOWN',
        statusReason: item.StatusReason,
      })
    }

    marker = page.NextMarker
  } while (marker)
  return configs.sort((a, b) => a.qualifier.localeCompare(b.qualifier))
}

function aliasStateOf(alias: AliasConfiguration): AliasState {
  const weights = Object.entries(alias.RoutingConfig?.AdditionalVersionWeights ?? {})
  return {
    name: alias.Name ?? '',
    version: alias.FunctionVersion ?? '',
    ...(weights.length > 0 ? {routing: weights.map(([version, weight]) => ({version, weight}))} : {}),
  }
}

/** A function's aliases by name, with the version each points at and any weighted routing. */
export async function readAliases(lambda: LambdaClient, functionName: string): Promise<AliasState[]> {
  const aliases: AliasState[] = []
  let marker: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- pages are sequential by nature
    const page = await lambda.send(new ListAliasesCommand({FunctionName: functionName, Marker: marker, MaxItems: 50}))
    aliases.push(...(page.Aliases ?? []).map((alias) => aliasStateOf(alias)))
    marker = page.NextMarker
  } while (marker)
  return aliases.sort((a, b) => a.name.localeCompare(b.name))
}

export async function readReserved(reader: FunctionReader, functionName: string): Promise<number | null> {
  const details = await reader.getFunction(functionName)
  return details.Concurrency?.ReservedConcurrentExecutions ?? null
}

export async function readFunctionConcurrency(
  reader: FunctionReader,
  functions: SelectedFunction[],
  onProgress?: (done: number, total: number) => void,
  options: {aliases?: boolean} = {},
): Promise<FunctionConcurrency[]> {
  let done = 0
  return mapPool(functions, READ_PARALLELISM, async (fn) => {
    const [reserved, provisioned, aliases] = await Promise.all([
      readReserved(reader, fn.name),
      readProvisioned(reader.lambda, fn.name),
      options.aliases ? readAliases(reader.lambda, fn.name) : undefined,
    ])
    onProgress?.(++done, functions.length)
    return {
      functionName: fn.name,
      runtime: fn.configuration.Runtime ?? null,
      packageType: fn.configuration.PackageType ?? 'Zip',
      architecture: fn.configuration.Architectures?.[0] ?? 'x86_64',
      reserved,
      provisioned,
      ...(aliases ? {aliases} : {}),
    }
  })
}

export interface AccountConcurrency {
  region: string
  limit: number
  unreserved: number
  /** The account keeps at least this much unreserved; nothing can be reserved below it. */
  unreservedFloor: number
  reservedTotal: number
  provisionedTotal: number
  functionCount: number
  /** How much more can still be reserved or provisioned: unreserved − floor. */
  headroom: number
  functionsWithReserved: number
}

/**
 * Account totals. Provisioned concurrency on a function without reserved concurrency leaves the
 * unreserved pool, so limit − unreserved − Σreserved is exactly that provisioned total; only
 * functions with reserved concurrency need their provisioned configs listed. That keeps this
 * command at ~N/100 s instead of N/15 s on large accounts.
 */
export async function readAccountConcurrency(
  reader: FunctionReader,
  options: {region: string; unreservedFloor?: number; onProgress?: (done: number, total: number) => void},
): Promise<AccountConcurrency> {
  // Reservations are read while the listing goes on: both budgets are busy from the start.
  const limit = createLimiter(READ_PARALLELISM)
  const pending: Array<Promise<{name: string; reserved: number | null; provisioned: ProvisionedState[]}>> = []
  let done = 0
  const [settings, functions] = await Promise.all([
    readAccountSettings(reader.lambda),
    reader.listFunctions((page, listed) => {
      for (const fn of page) {
        const read = limit(async () => {
          const value = await readReserved(reader, fn.FunctionName!)
          // Provisioned configs are listed right away, on the other budget, for reserved functions only.
          const provisioned = value === null ? [] : await readProvisioned(reader.lambda, fn.FunctionName!)
          options.onProgress?.(++done, listed)
          return {name: fn.FunctionName!, reserved: value, provisioned}
        })
        // Awaited below with the rest; until then a failure must not count as unhandled.
        read.catch(() => {})
        pending.push(read)
      }
    }),
  ])
  const reserved = await Promise.all(pending)
  const withReserved = reserved.filter((fn) => fn.reserved !== null)
  const reservedTotal = withReserved.reduce((sum, fn) => sum + (fn.reserved ?? 0), 0)
  const insideReserved = withReserved.flatMap((fn) => fn.provisioned).reduce((sum, pc) => sum + pc.requested, 0)
  const outsideReserved = Math.max(0, settings.limit - settings.unreserved - reservedTotal)
  const floor = options.unreservedFloor ?? defaultUnreservedFloor(settings.limit)
  return {
    region: options.region,
    limit: settings.limit,
    unreserved: settings.unreserved,
    unreservedFloor: floor,
    reservedTotal,
    provisionedTotal: insideReserved + outsideReserved,
    functionCount: functions.length,
    headroom: Math.max(0, settings.unreserved - floor),
    functionsWithReserved: withReserved.length,
  }
}

/** AWS keeps 100 unreserved on a normal account; small new accounts have limits below that. */
export function defaultUnreservedFloor(limit: number): number {
  return Math.min(100, limit)
}
