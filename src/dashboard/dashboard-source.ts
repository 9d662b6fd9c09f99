// Feeds the dashboard: keeps the series stores, decides what each refresh must fetch (metrics every
// time, incrementally; cold starts less often, being slower and billed per GB scanned; account and
// function settings rarely), and turns every failure into a line on the status bar instead of an
// empty screen. The live view and `--once` both use it, so their numbers are the same.
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'
import type {CloudWatchLogsClient} from '@aws-sdk/client-cloudwatch-logs'

import {translateAwsError} from '../aws/translate-error.js'
import {type AccountSettings, type ProvisionedState, readAccountSettings, readProvisioned, readReserved} from '../concurrency/read-concurrency.js'
import {mapPool} from '../lib/map-pool.js'
import type {FunctionReader} from '../select/function-reader.js'
import type {SelectedFunction} from '../select/resolve-selection.js'
import {buildSnapshot, type ColdStartStatus, coldStartKey, type DashboardSnapshot, type FunctionFacts, initMsKey} from './dashboard-data.js'
import {periodForRange, planMetricQueries} from '../metrics/metric-queries.js'
import {afterFetch, alignDown, type FetchPlan, type FetchState, planFetch, SeriesStore, type TimeWindow} from '../metrics/metric-window.js'
import {readColdStarts} from '../metrics/read-cold-starts.js'
import {readMetricData} from '../metrics/read-metrics.js'
import {readProvisionedQualifiers} from '../metrics/read-provisioned-metrics.js'

export interface DashboardSourceOptions {
  region: string
  /** The account, for functions whose ARN does not say (a fleet knows it from STS). */
  account?: string
  functions: readonly SelectedFunction[]
  reader: FunctionReader
  cloudwatch: CloudWatchClient
  logs: CloudWatchLogsClient
  /** Epoch milliseconds; injectable so tests and the bench can move time. */
  now?: () => number
  /** Cold starts are re-counted at most this often (seconds), unless a refresh forces it. */
  coldStartEverySeconds?: number
  /** Account settings, reserved and provisioned concurrency are re-read this often (seconds). */
  factsEverySeconds?: number
  /**
   * Which functions have provisioned concurrency comes from CloudWatch (ListMetrics, one call per 500
   * aliases); its settings (the allocated count) from Lambda, one call per such function on the
   * shared 15/s budget. The live view does not wait for those: they fill in at the next refresh.
   * `--once` and the bench wait, so their snapshot is complete.
   */
  waitForProvisioned?: boolean
  logsPollMs?: number
  logsTimeoutMs?: number
  sleep?: (ms: number) => Promise<void>
  onProgress?: (done: number, total: number, what: string) => void
}

export interface RefreshRequest {
  rangeSeconds: number
  /** `r` in the live view: count cold starts now even if they were counted recently. */
  forceColdStarts?: boolean
}

export interface RefreshStats {
  /** The whole range was fetched (first refresh, or the period changed, or the range widened). */
  full: boolean
  period: number
  /** The metric window fetched. */
  window: TimeWindow
  getMetricDataCalls: number
  metricQueries: number
  datapoints: number
  coldStartsFetched: boolean
  coldStartQueries: number
  logsBytesScanned: number
  durationMs: number
}

export interface RefreshOutcome {
  snapshot: DashboardSnapshot
  /** Epoch ms when this refresh started. */
  at: number
  /** Metrics were refreshed; when false the snapshot is the last good one. */
  ok: boolean
  /** Epoch ms of the last refresh whose metrics succeeded. */
  lastSuccessAt?: number
  /** One line per problem, for the status line. */
  errors: string[]
  /** The error that stopped metrics (or settings) from being read, for `--once` to report. */
  failure?: unknown
  stats: RefreshStats
}

/** The interface the Ink app needs; tests give it a fake. */
export interface DashboardFeed {
  refresh(request: RefreshRequest): Promise<RefreshOutcome>
}

const FACTS_PARALLEL = 16

function oneLine(error: unknown): string {
  return translateAwsError(error).message
}

function isAccessDenied(error: any): boolean {
  return /^(AccessDenied|AccessDeniedException|UnauthorizedOperation)$/.test(error?.name ?? '') || error?.$metadata?.httpStatusCode === 403
}

export function logGroupOf(fn: SelectedFunction): string {
  return fn.configuration.LoggingConfig?.LogGroup ?? `/aws/lambda/${fn.name}`
}

export class DashboardSource implements DashboardFeed {
  private readonly metrics = new SeriesStore()
  private readonly coldStarts = new SeriesStore()
  private metricState?: FetchState
  private coldState?: FetchState
  private coldAttemptAt?: number
  private coldStatus: ColdStartStatus = {state: 'pending', reason: 'cold starts not counted yet', missingLogGroups: []}
  private account?: AccountSettings
  private reserved = new Map<string, number | null>()
  private provisioned = new Map<string, ProvisionedState[]>()
  /** Aliases/versions with provisioned-concurrency metrics; undefined when ListMetrics could not be read. */
  private metricQualifiers?: Map<string, string[]>
  private provisionedRead?: Promise<void>
  private provisionedError?: unknown
  private factsAt?: number
  private provisionedAt?: number
  private lastSnapshot?: DashboardSnapshot
  private lastSuccessAt?: number
  private readonly now: () => number

  constructor(private readonly options: DashboardSourceOptions) {
    this.now = options.now ?? Date.now
  }

  async refresh(request: RefreshRequest): Promise<RefreshOutcome> {
    const at = this.now()
    const nowSeconds = Math.floor(at / 1000)
    const errors: string[] = []
    let failure: unknown
    const period = periodForRange(request.rangeSeconds)
    const stats: RefreshStats = {
      full: false,
      period,
      window: {start: 0, end: 0},
      getMetricDataCalls: 0,
      metricQueries: 0,
      datapoints: 0,
      coldStartsFetched: false,
      coldStartQueries: 0,
      logsBytesScanned: 0,
      durationMs: 0,
    }

    const every = (this.options.factsEverySeconds ?? 600) * 1000
    // Settings (one GetFunction per function, on its own 100/s budget) are read beside the metrics.
    let settings: Promise<void> = Promise.resolve()
    if (this.factsAt === undefined || at - this.factsAt >= every) {
      settings = this.readSettings().then(
        () => {
          this.factsAt = at
        },
        (error) => {
          errors.push(`Settings: ${oneLine(error)}`)
          failure ??= error
        },
      )
    }

    const plan = planFetch(this.metricState, nowSeconds, request.rangeSeconds, period)
    // Cold starts run beside the metrics: a slow Insights query must not hold the metrics back.
    // They are counted again when asked, when the range or period changed, or when they are old;
    // an account that may not read Logs is asked again only that often, not every minute.
    const rangeChanged = this.coldState !== undefined && planFetch(this.coldState, nowSeconds, request.rangeSeconds, period).full
    const coldDue =
      request.forceColdStarts ||
      this.coldAttemptAt === undefined ||
      rangeChanged ||
      at - this.coldAttemptAt >= (this.options.coldStartEverySeconds ?? 300) * 1000
    if (coldDue) this.coldAttemptAt = at
    // Started now, before provisioned concurrency is discovered: the queries need only the log groups.
    const coldStarts = coldDue ? this.refreshColdStarts(plan, nowSeconds, stats, errors) : Promise.resolve()

    if (!this.provisionedRead && (this.provisionedAt === undefined || at - this.provisionedAt >= every)) {
      this.provisionedAt = at
      // The metrics need the qualifiers (one quick call); Lambda's settings for them may come later.
      const discovery = this.discoverProvisioned()
      this.provisionedRead = discovery
        .then(() => this.readProvisionedConfigs())
        .finally(() => {
          this.provisionedRead = undefined
        })
      await discovery
    }

    if (this.options.waitForProvisioned && this.provisionedRead) await this.provisionedRead
    if (this.provisionedError !== undefined) {
      errors.push(`Provisioned concurrency: ${oneLine(this.provisionedError)}`)
      failure ??= this.provisionedError
      this.provisionedError = undefined
    }

    const [metricsOk] = await Promise.all([
      this.refreshMetrics(plan, nowSeconds, stats).then(
        () => true,
        (error) => {
          errors.unshift(`Metrics: ${oneLine(error)}`)
          failure ??= error
          return false
        },
      ),
      coldStarts,
      settings,
    ])

    if (metricsOk) this.lastSuccessAt = at
    const snapshot =
      metricsOk || !this.lastSnapshot
        ? buildSnapshot({
            region: this.options.region,
            rangeSeconds: request.rangeSeconds,
            period: this.metricState?.period ?? period,
            display: metricsOk ? plan.display : planFetch(undefined, nowSeconds, request.rangeSeconds, this.metricState?.period ?? period).display,
            account: this.account,
            functions: this.functionFacts(),
            metrics: this.metrics,
            coldStarts: this.coldStarts,
            coldStartStatus: this.coldStatus,
          })
        : this.lastSnapshot
    if (metricsOk) this.lastSnapshot = snapshot
    stats.durationMs = this.now() - at
    return {snapshot, at, ok: metricsOk, lastSuccessAt: this.lastSuccessAt, errors, failure, stats}
  }

  /** Resolves once background reads (provisioned concurrency) have finished. */
  async settled(): Promise<void> {
    await this.provisionedRead
  }

  /** Stored datapoints (metrics + cold starts), for the bench's memory figures. */
  storedPoints(): number {
    return this.metrics.size() + this.coldStarts.size()
  }

  private functionFacts(): FunctionFacts[] {
    const groupUsers = new Map<string, number>()
    for (const fn of this.options.functions) groupUsers.set(logGroupOf(fn), (groupUsers.get(logGroupOf(fn)) ?? 0) + 1)
    const missing = new Set(this.coldStatus.missingLogGroups)
    return this.options.functions.map((fn) => {
      const group = logGroupOf(fn)
      let unavailable: string | undefined
      if (fn.configuration.LoggingConfig?.LogFormat === 'JSON') unavailable = 'JSON log format: cold starts are counted from plain-text REPORT lines'
      else if ((groupUsers.get(group) ?? 0) > 1) unavailable = `log group ${group} is shared with other functions`
      else if (missing.has(group)) unavailable = `log group ${group} does not exist`
      const account = fn.configuration.FunctionArn?.split(':')[4] || this.options.account
      return {
        functionName: fn.name,
        ...(account ? {account} : {}),
        region: this.options.region,
        reserved: this.reserved.has(fn.name) ? this.reserved.get(fn.name) : undefined,
        provisioned: this.provisioned.get(fn.name) ?? [],
        provisionedQualifiers: this.qualifiersOf(fn.name),
        logGroup: group,
        coldStartsUnavailable: unavailable,
      }
    })
  }

  /** Account settings and reserved concurrency: GetFunction has a budget of its own (100/s). */
  private async readSettings(): Promise<void> {
    const {reader, functions, onProgress} = this.options
    let done = 0
    // The first read may use what selection already began reading; later ones must ask again.
    const again = this.factsAt !== undefined
    const [account, reserved] = await Promise.all([
      readAccountSettings(reader.lambda),
      mapPool(functions, FACTS_PARALLEL, async (fn) => {
        if (again) reader.forget(fn.name)
        const value = await readReserved(reader, fn.name)
        onProgress?.(++done, functions.length, 'reserved concurrency')
        return [fn.name, value] as const
      }),
    ])
    this.account = account
    this.reserved = new Map(reserved)
  }

  /** Aliases/versions whose provisioned-concurrency series are read: from the metrics and from Lambda. */
  private qualifiersOf(functionName: string): string[] {
    const fromMetrics = this.metricQualifiers?.get(functionName) ?? []
    const fromLambda = (this.provisioned.get(functionName) ?? []).map((config) => config.qualifier)
    return fromLambda.length === 0 ? fromMetrics : [...new Set([...fromMetrics, ...fromLambda])]
  }

  private async discoverProvisioned(): Promise<void> {
    try {
      this.metricQualifiers = await readProvisionedQualifiers(this.options.cloudwatch)
    } catch {
      // Without cloudwatch:ListMetrics every function is asked, as before: slower, just as right.
      this.metricQualifiers = undefined
    }
  }

  /**
   * ListProvisionedConcurrencyConfigs for the functions whose metrics show provisioned concurrency
   * (and those that had some at the last listing, in case it was removed); for every function when
   * the metrics could not be listed.
   */
  private async readProvisionedConfigs(): Promise<void> {
    const {reader, functions} = this.options
    const known = this.metricQualifiers
    const wanted = known ? functions.filter((fn) => known.has(fn.name) || (this.provisioned.get(fn.name)?.length ?? 0) > 0) : functions
    try {
      const configs = await mapPool(wanted, FACTS_PARALLEL, async (fn) => [fn.name, await readProvisioned(reader.lambda, fn.name)] as const)
      this.provisioned = new Map(configs.filter(([, list]) => list.length > 0))
    } catch (error) {
      this.provisionedError = error
    }
  }

  private async refreshMetrics(plan: FetchPlan, nowSeconds: number, stats: RefreshStats): Promise<void> {
    const targets = this.options.functions.map((fn) => ({
      functionName: fn.name,
      provisionedQualifiers: this.qualifiersOf(fn.name),
    }))
    const planned = planMetricQueries(targets, plan.period)
    // A series the store has never held (provisioned concurrency just listed, say) needs the whole
    // range; the others only the new periods.
    const known = plan.full ? planned : planned.filter((entry) => this.metrics.has(entry.key))
    const fresh = plan.full ? [] : planned.filter((entry) => !this.metrics.has(entry.key))
    stats.full = plan.full
    stats.window = {start: plan.start, end: plan.end}
    stats.metricQueries = planned.length
    const cloudwatch = this.options.cloudwatch
    const [answer, freshAnswer] = await Promise.all([
      readMetricData(
        cloudwatch,
        known.map((entry) => entry.query),
        plan,
      ),
      fresh.length > 0
        ? readMetricData(
            cloudwatch,
            fresh.map((entry) => entry.query),
            plan.display,
          )
        : undefined,
    ])
    stats.getMetricDataCalls = answer.calls + (freshAnswer?.calls ?? 0)
    stats.datapoints = answer.datapoints + (freshAnswer?.datapoints ?? 0)
    if (plan.full) this.metrics.clear()
    for (const entry of known) {
      const series = answer.byId.get(entry.query.Id!)
      this.metrics.replace(entry.key, plan, series?.timestamps ?? [], series?.values ?? [])
    }

    for (const entry of fresh) {
      const series = freshAnswer!.byId.get(entry.query.Id!)
      this.metrics.replace(entry.key, plan.display, series?.timestamps ?? [], series?.values ?? [])
    }

    this.metrics.prune(plan.display.start)
    this.metricState = afterFetch(plan, nowSeconds)
  }

  private async refreshColdStarts(metricPlan: FetchPlan, nowSeconds: number, stats: RefreshStats, errors: string[]): Promise<void> {
    const plan = planFetch(this.coldState, nowSeconds, metricPlan.display.end - metricPlan.display.start, metricPlan.period)
    const facts = this.functionFacts()
    // Only groups that belong to one text-format function can be attributed; the rest say why not.
    const countable = facts.filter((fn) => fn.coldStartsUnavailable === undefined || /does not exist$/.test(fn.coldStartsUnavailable))
    const functionOfGroup = new Map(countable.map((fn) => [fn.logGroup, fn.functionName]))
    try {
      const answer = await readColdStarts(this.options.logs, [...functionOfGroup.keys()], plan, {
        bin: plan.period,
        pollMs: this.options.logsPollMs,
        timeoutMs: this.options.logsTimeoutMs,
        sleep: this.options.sleep,
      })
      stats.coldStartsFetched = true
      stats.coldStartQueries = answer.queries
      stats.logsBytesScanned = answer.bytesScanned
      if (plan.full) this.coldStarts.clear()
      for (const [group, name] of functionOfGroup) {
        const series = answer.byGroup.get(group)
        const timestamps = (series?.timestamps ?? []).map((time) => alignDown(time, plan.period))
        this.coldStarts.replace(coldStartKey(name), plan, timestamps, series?.coldStarts ?? [])
        this.coldStarts.replace(initMsKey(name), plan, timestamps, series?.initMs ?? [])
      }

      this.coldStarts.prune(plan.display.start)
      this.coldState = afterFetch(plan, nowSeconds)
      this.coldStatus = {state: 'ok', asOf: nowSeconds, missingLogGroups: answer.missingGroups.sort()}
    } catch (error) {
      if (isAccessDenied(error)) {
        this.coldStatus = {state: 'unreadable', reason: `Logs not readable: ${oneLine(error).replace(/\.$/, '')}`, missingLogGroups: []}
        this.coldStarts.clear()
        this.coldState = undefined
        errors.push(`Cold starts: ${this.coldStatus.reason}`)
        return
      }

      // Anything else may pass: keep the counts already on screen, and say why they are old.
      if (this.coldStatus.state !== 'ok')
        this.coldStatus = {state: 'unreadable', reason: `Logs not readable: ${oneLine(error).replace(/\.$/, '')}`, missingLogGroups: []}
      errors.push(`Cold starts: ${oneLine(error)}`)
    }
  }
}
