// The dashboard's snapshot: metrics, cold starts, account settings and each function's reserved
// and provisioned concurrency combined into the numbers on screen. Pure: the live view, `--once`
// and `--json` all render this same value, so they cannot disagree.
import type {AccountSettings, ProvisionedState} from '../concurrency/read-concurrency.js'
import {accountKey, functionKey, qualifierKey} from '../metrics/metric-queries.js'
import type {SeriesStore, TimeWindow} from '../metrics/metric-window.js'
import {formatRange} from '../metrics/parse-range.js'

/** What is known about a function apart from its metrics. */
export interface FunctionFacts {
  functionName: string
  /** Where the function is: its account (from its ARN) and region. */
  account?: string
  region?: string
  /** null: no reserved concurrency (draws on the unreserved pool); undefined: not read (yet). */
  reserved: number | null | undefined
  provisioned: ProvisionedState[]
  /** Aliases/versions with provisioned-concurrency series; default: those of `provisioned`. */
  provisionedQualifiers?: string[]
  logGroup: string
  /** Why this function's cold starts cannot be counted, when they cannot. */
  coldStartsUnavailable?: string
}

export interface ColdStartStatus {
  /** `pending`: not fetched yet; `unreadable`: Logs could not be read at all. */
  state: 'ok' | 'pending' | 'unreadable'
  reason?: string
  /** Epoch seconds of the last successful cold-start fetch. */
  asOf?: number
  missingLogGroups: string[]
}

export interface SnapshotInput {
  region: string
  rangeSeconds: number
  period: number
  display: TimeWindow
  account?: AccountSettings
  functions: readonly FunctionFacts[]
  metrics: SeriesStore
  coldStarts: SeriesStore
  coldStartStatus: ColdStartStatus
}

export interface AccountSummary {
  /** From GetAccountSettings; null when it could not be read. */
  limit: number | null
  unreserved: number | null
  /** ClaimedAccountConcurrency, most recent datapoint. */
  claimedConcurrency: number | null
  peakClaimedConcurrency: number | null
  peakConcurrency: number | null
  peakUnreservedConcurrency: number | null
  throttles: number
  /** Throttles in the recent complete periods (snapshot.recent). */
  recentThrottles: number
  invocations: number
  /** `account`: AWS's account-wide series; `selected functions`: their sum (no account series came back). */
  throttlesScope: 'account' | 'selected functions'
  /** Sum over the selected functions whose logs could be read; null when none could. */
  coldStarts: number | null
}

/**
 * Where a function's throttles are going, from the recent complete periods against the ones before:
 * `stopped` when the latest complete period and the open one have none but the range had some;
 * `none` when the range had none at all.
 */
export type ThrottleTrend = 'rising' | 'falling' | 'steady' | 'stopped' | 'none'

export interface FunctionSummary {
  functionName: string
  /** The function's account (from its ARN) and region. */
  account?: string
  region?: string
  invocations: number
  /** Over the whole range. */
  throttles: number
  /** Over the recent complete periods (snapshot.recent): what the table ranks by. */
  recentThrottles: number
  throttleTrend: ThrottleTrend
  /** When the last throttled period ended, if the throttles stopped; null otherwise. */
  throttlesStoppedAt: string | null
  /** Whole minutes from then to the end of the latest complete period; null unless stopped. */
  throttlesStoppedMinutesAgo: number | null
  errors: number
  /** null (never 0) when the function's logs could not be read; see coldStartsReason. */
  coldStarts: number | null
  coldStartsReason?: string
  avgInitMs: number | null
  /** Throttles / (invocations + throttles): throttled requests are not counted as invocations. */
  throttleRate: number | null
  peakConcurrency: number
  reserved: number | null
  /** Allocated provisioned concurrency over every alias/version; null when none is configured (or not listed yet). */
  provisioned: number | null
  /** Highest per-minute utilisation (0–1) of any alias/version over the range. */
  provisionedUtilization: number | null
  /** Mean of the per-period peaks: the figure that says whether provisioned concurrency pays off. */
  provisionedUtilizationAvg: number | null
  /** Invocations that found provisioned concurrency full and ran on demand. */
  spillover: number | null
  series: {throttles: number[]; coldStarts: number[] | null}
}

export interface DashboardSnapshot {
  region: string
  range: string
  rangeSeconds: number
  period: number
  from: string
  to: string
  account: AccountSummary
  coldStarts: {available: boolean; reason: string | null; asOf: string | null; missingLogGroups: string[]}
  /** The recent complete periods functions are ranked by: the last 5 minutes, or the last period when periods are longer. */
  recent: {seconds: number; from: string; to: string}
  functions: FunctionSummary[]
  /** One value per period from `from`; the last period is still open. */
  series: {accountThrottles: number[]; accountColdStarts: number[] | null}
  /**
   * Across a fleet only: each account-region's own summary (its pool, its throttles), or why it was
   * not read. `account` then holds the fleet's totals where they add up (throttles, invocations,
   * cold starts) and null where they do not (limit, unreserved, concurrency: each pool is its own).
   */
  places?: PlaceSummary[]
}

/** One account-region of a fleet dashboard. */
export type PlaceSummary = {
  account?: string
  region?: string
  /** Why the account-region could not be read. */
  unreachable?: string
  /** Why the selection found nothing there (e.g. a named function is not in that region). */
  empty?: string
} & Partial<AccountSummary> & {functions?: number}

export type SortKey = 'throttles' | 'coldStarts' | 'invocations' | 'errors' | 'concurrency' | 'name'
export const SORT_KEYS: readonly SortKey[] = ['throttles', 'coldStarts', 'invocations', 'errors', 'concurrency', 'name']
export const SORT_LABELS: Record<SortKey, string> = {
  throttles: 'recent throttles',
  coldStarts: 'cold starts',
  invocations: 'invocations',
  errors: 'errors',
  concurrency: 'peak concurrency',
  name: 'name',
}

/** Functions are ranked by their throttles in the last complete minutes: a fix shows within minutes. */
export const RECENT_SECONDS = 300

/** How many complete periods make up the recent window: 5 of 1 minute, 1 of 5 minutes or longer. */
export function recentPeriods(period: number): number {
  return Math.max(1, Math.floor(RECENT_SECONDS / period))
}

export interface ThrottleRecency {
  recent: number
  /** The same number of complete periods just before the recent ones. */
  previous: number
  trend: ThrottleTrend
  /** Epoch seconds at which the last throttled period ended, when the throttles stopped. */
  stoppedAt: number | null
}

/**
 * Recent throttles and their trend from a per-period series on the display grid (`start` is the first
 * period's start; the last value is the open period, left out of the counts since it is partial).
 */
export function throttleRecency(values: readonly number[], start: number, period: number): ThrottleRecency {
  const complete = values.slice(0, -1)
  const open = values.at(-1) ?? 0
  const count = recentPeriods(period)
  const total = (from: number, to: number) => complete.slice(Math.max(0, from), Math.max(0, to)).reduce((sum, value) => sum + value, 0)
  const recent = total(complete.length - count, complete.length)
  const previous = total(complete.length - 2 * count, complete.length - count)
  let last = -1
  for (let i = complete.length - 1; i >= 0; i--) {
    if (complete[i] > 0) {
      last = i
      break
    }
  }

  let trend: ThrottleTrend
  let stoppedAt: number | null = null
  if (last < 0 && open <= 0) trend = 'none'
  else if (open <= 0 && last >= 0 && last < complete.length - 1) {
    trend = 'stopped'
    stoppedAt = start + (last + 1) * period
  } else if (recent > previous * 1.25) trend = 'rising'
  else if (recent < previous * 0.75) trend = 'falling'
  else trend = 'steady'
  return {recent, previous, trend, stoppedAt}
}

export const coldStartKey = (functionName: string): string => `cold/${functionName}/count`
export const initMsKey = (functionName: string): string => `cold/${functionName}/initMs`

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString()
const numbers = (values: Array<number | null>): number[] => values.map((value) => value ?? 0)

function summarizeFunction(input: SnapshotInput, facts: FunctionFacts): FunctionSummary {
  const {metrics, display, period} = input
  const name = facts.functionName
  const invocations = metrics.sum(functionKey(name, 'invocations'), display)
  const throttles = metrics.sum(functionKey(name, 'throttles'), display)
  const coldStartReason = input.coldStartStatus.state === 'ok' ? facts.coldStartsUnavailable : (input.coldStartStatus.reason ?? 'cold starts not read yet')
  const coldStarts = coldStartReason === undefined ? input.coldStarts.sum(coldStartKey(name), display) : null
  const initMs = coldStartReason === undefined ? input.coldStarts.sum(initMsKey(name), display) : 0
  const qualifiers = facts.provisionedQualifiers ?? facts.provisioned.map((config) => config.qualifier)
  const hasProvisioned = qualifiers.length > 0
  let utilization: number | null = null
  let utilizationAvg: number | null = null
  if (hasProvisioned) {
    utilization = 0
    for (const qualifier of qualifiers) {
      const key = qualifierKey(name, qualifier, 'provisionedUtilization')
      utilization = Math.max(utilization, metrics.max(key, display) ?? 0)
      const mean = metrics.mean(key, display)
      if (mean !== null) utilizationAvg = Math.max(utilizationAvg ?? 0, mean)
    }
  }

  const throttleSeries = numbers(metrics.grid(functionKey(name, 'throttles'), display, period))
  const recency = throttleRecency(throttleSeries, display.start, period)
  const latestComplete = display.end - period
  return {
    functionName: name,
    ...(facts.account ? {account: facts.account} : {}),
    ...(facts.region ? {region: facts.region} : {}),
    invocations,
    throttles,
    recentThrottles: recency.recent,
    throttleTrend: recency.trend,
    throttlesStoppedAt: recency.stoppedAt === null ? null : iso(recency.stoppedAt),
    throttlesStoppedMinutesAgo: recency.stoppedAt === null ? null : Math.round((latestComplete - recency.stoppedAt) / 60),
    errors: metrics.sum(functionKey(name, 'errors'), display),
    coldStarts,
    ...(coldStartReason === undefined ? {} : {coldStartsReason: coldStartReason}),
    avgInitMs: coldStarts ? Math.round(initMs / coldStarts) : null,
    throttleRate: invocations + throttles > 0 ? throttles / (invocations + throttles) : null,
    peakConcurrency: metrics.max(functionKey(name, 'concurrency'), display) ?? 0,
    reserved: facts.reserved ?? null,
    provisioned: facts.provisioned.length > 0 ? facts.provisioned.reduce((sum, config) => sum + config.allocated, 0) : null,
    provisionedUtilization: utilization,
    provisionedUtilizationAvg: hasProvisioned ? (utilizationAvg ?? 0) : null,
    spillover: hasProvisioned ? metrics.sum(functionKey(name, 'spillover'), display) : null,
    series: {
      throttles: throttleSeries,
      coldStarts: coldStarts === null ? null : numbers(input.coldStarts.grid(coldStartKey(name), display, period)),
    },
  }
}

function addInto(total: number[], values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) total[i] = (total[i] ?? 0) + values[i]
}

export function buildSnapshot(input: SnapshotInput, sortKey: SortKey = 'throttles'): DashboardSnapshot {
  const {metrics, display, period} = input
  const functions = sortFunctions(
    input.functions.map((facts) => summarizeFunction(input, facts)),
    sortKey,
  )
  const points = Math.round((display.end - display.start) / period)

  // The account-wide Throttles series covers every function in the account; when CloudWatch sent
  // none (an account with no throttles sends no datapoints either), the functions' sum is as good.
  const accountThrottleKey = accountKey('throttles')
  const accountScope = metrics.hasData(accountThrottleKey, display) ? 'account' : 'selected functions'
  let accountThrottles: number[]
  if (accountScope === 'account') {
    accountThrottles = numbers(metrics.grid(accountThrottleKey, display, period))
  } else {
    accountThrottles = Array.from({length: points}, () => 0)
    for (const fn of functions) addInto(accountThrottles, fn.series.throttles)
  }

  const readable = functions.filter((fn) => fn.coldStarts !== null)
  let accountColdStarts: number[] | null = null
  if (readable.length > 0) {
    accountColdStarts = Array.from({length: points}, () => 0)
    for (const fn of readable) addInto(accountColdStarts, fn.series.coldStarts!)
  }

  const status = input.coldStartStatus
  const recentCount = recentPeriods(period)
  const recentFrom = display.end - period * (recentCount + 1)
  const accountInvocations = metrics.hasData(accountKey('invocations'), display)
    ? metrics.sum(accountKey('invocations'), display)
    : functions.reduce((sum, fn) => sum + fn.invocations, 0)
  return {
    region: input.region,
    range: formatRange(input.rangeSeconds),
    rangeSeconds: input.rangeSeconds,
    period,
    from: iso(display.start),
    to: iso(display.end),
    account: {
      limit: input.account?.limit ?? null,
      unreserved: input.account?.unreserved ?? null,
      claimedConcurrency: metrics.latest(accountKey('claimed'), display),
      peakClaimedConcurrency: metrics.max(accountKey('claimed'), display),
      peakConcurrency: metrics.max(accountKey('concurrency'), display),
      peakUnreservedConcurrency: metrics.max(accountKey('unreserved'), display),
      throttles: accountThrottles.reduce((sum, value) => sum + value, 0),
      recentThrottles: throttleRecency(accountThrottles, display.start, period).recent,
      invocations: accountInvocations,
      throttlesScope: accountScope,
      coldStarts: accountColdStarts ? accountColdStarts.reduce((sum, value) => sum + value, 0) : null,
    },
    coldStarts: {
      available: status.state === 'ok',
      reason: status.state === 'ok' ? null : (status.reason ?? null),
      asOf: status.asOf === undefined ? null : iso(status.asOf),
      missingLogGroups: status.missingLogGroups,
    },
    recent: {seconds: recentCount * period, from: iso(recentFrom), to: iso(display.end - period)},
    functions,
    series: {accountThrottles, accountColdStarts},
  }
}

/**
 * The account concurrency to show against the limit: ClaimedAccountConcurrency (what AWS counts,
 * reserved and provisioned included) when CloudWatch has it, else the peak of ConcurrentExecutions.
 */
export function accountUsage(snapshot: DashboardSnapshot): {value: number | null; label: 'claimed' | 'peak concurrent'} {
  const {account} = snapshot
  if (account.claimedConcurrency !== null) return {value: account.claimedConcurrency, label: 'claimed'}
  return {value: account.peakConcurrency, label: 'peak concurrent'}
}

/** By name, then (the same name in several account-regions) by account and region. */
const byName = (a: FunctionSummary, b: FunctionSummary): number =>
  a.functionName.localeCompare(b.functionName) || (a.account ?? '').localeCompare(b.account ?? '') || (a.region ?? '').localeCompare(b.region ?? '')

/** What tells two rows apart: the function's name, and across a fleet its account and region. */
export function rowKey(row: Pick<FunctionSummary, 'functionName' | 'account' | 'region'>): string {
  return `${row.account ?? ''}|${row.region ?? ''}|${row.functionName}`
}
/** Unknown cold starts sort below any known count. */
const cold = (row: FunctionSummary): number => row.coldStarts ?? -1

const COMPARATORS: Record<SortKey, (a: FunctionSummary, b: FunctionSummary) => number> = {
  throttles: (a, b) => b.recentThrottles - a.recentThrottles || b.throttles - a.throttles || cold(b) - cold(a) || byName(a, b),
  coldStarts: (a, b) => cold(b) - cold(a) || b.recentThrottles - a.recentThrottles || b.throttles - a.throttles || byName(a, b),
  invocations: (a, b) => b.invocations - a.invocations || byName(a, b),
  errors: (a, b) => b.errors - a.errors || byName(a, b),
  concurrency: (a, b) => b.peakConcurrency - a.peakConcurrency || byName(a, b),
  name: byName,
}

/**
 * Most throttled in the recent minutes first, then over the range (then most cold starts), unless
 * told otherwise: a function whose throttles were fixed a few minutes ago drops below the ones still
 * throttling. Never mutates its input.
 */
export function sortFunctions(rows: readonly FunctionSummary[], key: SortKey = 'throttles'): FunctionSummary[] {
  return [...rows].sort(COMPARATORS[key])
}

export function nextSortKey(key: SortKey): SortKey {
  return SORT_KEYS[(SORT_KEYS.indexOf(key) + 1) % SORT_KEYS.length]
}

/** Case-insensitive substring filter on the function name (across a fleet: or its account or region), as typed after `/`. */
export function filterFunctions(rows: readonly FunctionSummary[], filter: string, options: {places?: boolean} = {}): FunctionSummary[] {
  const needle = filter.trim().toLowerCase()
  const matches = (row: FunctionSummary) =>
    row.functionName.toLowerCase().includes(needle) || (options.places === true && `${row.account ?? ''} ${row.region ?? ''}`.toLowerCase().includes(needle))
  return needle === '' ? [...rows] : rows.filter((row) => matches(row))
}

function sumSeries(all: ReadonlyArray<readonly number[]>): number[] {
  const total: number[] = []
  for (const values of all) addInto(total, values)
  return total
}

/**
 * The snapshots of several account-regions as one (they share the range and the clock, so their
 * periods line up): every function with its account and region, ranked together; the fleet's
 * throttles, invocations and cold starts summed; the pool figures (limit, unreserved, concurrency)
 * only per account-region, in `places`, since no pool spans two. Pure.
 */
export function mergeSnapshots(
  parts: ReadonlyArray<{account?: string; region: string; snapshot: DashboardSnapshot}>,
  sortKey: SortKey = 'throttles',
): DashboardSnapshot {
  const sorted = [...parts].sort((a, b) => (a.account ?? '').localeCompare(b.account ?? '') || a.region.localeCompare(b.region))
  const [first] = sorted
  const throttles = sumSeries(sorted.map(({snapshot}) => snapshot.series.accountThrottles))
  const withCold = sorted.filter(({snapshot}) => snapshot.series.accountColdStarts !== null)
  const coldStarts = withCold.length === 0 ? null : sumSeries(withCold.map(({snapshot}) => snapshot.series.accountColdStarts!))
  const start = Date.parse(first.snapshot.from) / 1000
  const label = (part: {account?: string; region: string}) => (part.account ? `${part.account}/${part.region}` : part.region)
  const unavailable = sorted.filter(({snapshot}) => !snapshot.coldStarts.available)
  const asOf = sorted.map(({snapshot}) => snapshot.coldStarts.asOf).filter((value): value is string => value !== null)
  return {
    region: [...new Set(sorted.map(({region}) => region))].join(','),
    range: first.snapshot.range,
    rangeSeconds: first.snapshot.rangeSeconds,
    period: first.snapshot.period,
    from: first.snapshot.from,
    to: first.snapshot.to,
    account: {
      limit: null,
      unreserved: null,
      claimedConcurrency: null,
      peakClaimedConcurrency: null,
      peakConcurrency: null,
      peakUnreservedConcurrency: null,
      throttles: throttles.reduce((sum, value) => sum + value, 0),
      recentThrottles: throttleRecency(throttles, start, first.snapshot.period).recent,
      invocations: sorted.reduce((sum, {snapshot}) => sum + snapshot.account.invocations, 0),
      throttlesScope: sorted.every(({snapshot}) => snapshot.account.throttlesScope === 'account') ? 'account' : 'selected functions',
      coldStarts: withCold.length === 0 ? null : withCold.reduce((sum, {snapshot}) => sum + (snapshot.account.coldStarts ?? 0), 0),
    },
    coldStarts: {
      available: unavailable.length === 0,
      reason:
        unavailable.length === 0
          ? null
          : unavailable.map(({snapshot, ...part}) => `${label(part)}: ${snapshot.coldStarts.reason ?? 'not available'}`).join('; '),
      asOf: asOf.length === 0 ? null : asOf.sort()[0],
      missingLogGroups: sorted.flatMap(({snapshot, ...part}) => snapshot.coldStarts.missingLogGroups.map((group) => `${label(part)}:${group}`)),
    },
    recent: first.snapshot.recent,
    functions: sortFunctions(
      sorted.flatMap(({account, region, snapshot}) => snapshot.functions.map((fn) => ({...fn, account: fn.account ?? account, region: fn.region ?? region}))),
      sortKey,
    ),
    series: {accountThrottles: throttles, accountColdStarts: coldStarts},
    places: sorted.map(({account, region, snapshot}) => ({...(account ? {account} : {}), region, ...snapshot.account, functions: snapshot.functions.length})),
  }
}
