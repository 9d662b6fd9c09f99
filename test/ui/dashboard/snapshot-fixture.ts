// Realistic snapshots for the component tests: built through buildSnapshot from a modelled
// account, so components see exactly what the live source gives them.
import {
  buildSnapshot,
  coldStartKey,
  type ColdStartStatus,
  type DashboardSnapshot,
  type FunctionFacts,
  initMsKey,
} from '../../../src/dashboard/dashboard-data.js'
import type {DashboardFeed, RefreshOutcome, RefreshRequest} from '../../../src/dashboard/dashboard-source.js'
import {accountKey, functionKey, periodForRange, qualifierKey} from '../../../src/metrics/metric-queries.js'
import {displayWindow, SeriesStore} from '../../../src/metrics/metric-window.js'

export const NOW = Date.UTC(2024, 4, 1, 12, 0, 30)

export interface ModelFunction {
  name: string
  throttlesPerMinute?: (minute: number) => number
  invocationsPerMinute?: number
  coldStartsEvery?: number
  reserved?: number | null
  provisioned?: number
  utilization?: number
}

export const MODEL: ModelFunction[] = [
  {
    name: 'orders-api',
    throttlesPerMinute: (m) => (m > 120 && m < 140 ? 25 : 0),
    invocationsPerMinute: 900,
    coldStartsEvery: 10,
    reserved: 100,
    provisioned: 20,
    utilization: 0.93,
  },
  {name: 'billing-worker', throttlesPerMinute: (m) => (m % 30 === 0 ? 3 : 0), invocationsPerMinute: 120, coldStartsEvery: 4, reserved: 10},
  {name: 'thumbnailer', invocationsPerMinute: 40, coldStartsEvery: 2},
  {name: 'auth-edge', invocationsPerMinute: 3000, coldStartsEvery: 60, reserved: 400, provisioned: 300, utilization: 0.41},
  {name: 'reports-nightly', invocationsPerMinute: 0},
]

export function makeSnapshot(
  options: {model?: ModelFunction[]; rangeSeconds?: number; coldStartStatus?: ColdStartStatus; now?: number} = {},
): DashboardSnapshot {
  const model = options.model ?? MODEL
  const rangeSeconds = options.rangeSeconds ?? 3 * 3600
  const period = periodForRange(rangeSeconds)
  const display = displayWindow(Math.floor((options.now ?? NOW) / 1000), rangeSeconds, period)
  const metrics = new SeriesStore()
  const coldStarts = new SeriesStore()
  const times: number[] = []
  for (let time = display.start; time < display.end; time += period) times.push(time)
  const accountThrottles = times.map(() => 0)
  for (const fn of model) {
    const throttles = times.map((_, minute) => fn.throttlesPerMinute?.(minute) ?? 0)
    throttles.forEach((value, index) => (accountThrottles[index] += value))
    metrics.replace(functionKey(fn.name, 'throttles'), display, times, throttles)
    metrics.replace(
      functionKey(fn.name, 'invocations'),
      display,
      times,
      times.map(() => fn.invocationsPerMinute ?? 0),
    )
    metrics.replace(
      functionKey(fn.name, 'errors'),
      display,
      times,
      times.map((_, minute) => (minute % 50 === 7 ? 1 : 0)),
    )
    metrics.replace(
      functionKey(fn.name, 'concurrency'),
      display,
      times,
      times.map((_, minute) => Math.round(((fn.invocationsPerMinute ?? 0) / 30) * (1 + Math.sin(minute / 9)))),
    )
    if (fn.provisioned) {
      metrics.replace(
        qualifierKey(fn.name, 'live', 'provisionedUtilization'),
        display,
        times,
        times.map(() => fn.utilization ?? 0),
      )
      metrics.replace(
        functionKey(fn.name, 'spillover'),
        display,
        times,
        times.map((_, minute) => (minute % 20 === 0 ? 2 : 0)),
      )
    }

    if (fn.coldStartsEvery) {
      const cold = times.map((_, minute) => (minute % fn.coldStartsEvery! === 0 ? 1 : 0))
      coldStarts.replace(coldStartKey(fn.name), display, times, cold)
      coldStarts.replace(
        initMsKey(fn.name),
        display,
        times,
        cold.map((value) => value * 420),
      )
    }
  }

  metrics.replace(accountKey('throttles'), display, times, accountThrottles)
  metrics.replace(
    accountKey('claimed'),
    display,
    times,
    times.map(() => 612),
  )
  metrics.replace(
    accountKey('concurrency'),
    display,
    times,
    times.map((_, minute) => 200 + (minute % 60)),
  )
  const facts: FunctionFacts[] = model.map((fn) => ({
    functionName: fn.name,
    reserved: fn.reserved ?? null,
    provisioned: fn.provisioned ? [{qualifier: 'live', requested: fn.provisioned, allocated: fn.provisioned, available: fn.provisioned, status: 'READY'}] : [],
    logGroup: `/aws/lambda/${fn.name}`,
  }))
  return buildSnapshot({
    region: 'us-east-1',
    rangeSeconds,
    period,
    display,
    account: {limit: 1000, unreserved: 470, functionCount: model.length},
    functions: facts,
    metrics,
    coldStarts,
    coldStartStatus: options.coldStartStatus ?? {state: 'ok', asOf: Math.floor(NOW / 1000) - 60, missingLogGroups: []},
  })
}

/** A feed that answers from the model and records what it was asked. */
export class FakeFeed implements DashboardFeed {
  readonly requests: RefreshRequest[] = []
  failNext?: string

  constructor(private readonly model: ModelFunction[] = MODEL) {}

  async refresh(request: RefreshRequest): Promise<RefreshOutcome> {
    this.requests.push(request)
    const failure = this.failNext
    this.failNext = undefined
    const at = NOW + this.requests.length * 60_000
    const snapshot = makeSnapshot({model: this.model, rangeSeconds: request.rangeSeconds})
    const stats = {
      full: this.requests.length === 1,
      period: snapshot.period,
      window: {start: 0, end: 0},
      getMetricDataCalls: 1,
      metricQueries: 5 + 4 * this.model.length,
      datapoints: 0,
      coldStartsFetched: true,
      coldStartQueries: 1,
      logsBytesScanned: 0,
      durationMs: 5,
    }
    if (failure) return {snapshot: this.last!, at, ok: false, lastSuccessAt: this.lastAt, errors: [`Metrics: ${failure}`], failure: new Error(failure), stats}
    this.last = snapshot
    this.lastAt = at
    return {snapshot, at, ok: true, lastSuccessAt: at, errors: [], stats}
  }

  private last?: DashboardSnapshot
  private lastAt?: number
}
