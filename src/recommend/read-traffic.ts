// Reads the traffic `lx concurrency plan` sizes from: GetMetricData through the dashboard's reader
// (≤ 500 queries a call, NextToken pages followed), in groups of whole functions about one answer
// page each, each group condensed into dense series on the period grid and handed on (onFunction)
// before more are read, so that thousands of functions over a week stay within a few megabytes.
import type {CloudWatchClient} from '@aws-sdk/client-cloudwatch'

import {mapPool} from '../lib/map-pool.js'
import {alignDown, SETTLE_SECONDS, type TimeWindow} from '../metrics/metric-window.js'
import {readMetricData, type SeriesData} from '../metrics/read-metrics.js'
import type {ProvisionedObservation} from './recommend-function.js'
import type {TrafficSeries} from './traffic-demand.js'
import {accountPoolQuery, groupTargets, planTrafficQueries, queriesPerGroup, type TrafficQuery, type TrafficTarget} from './traffic-queries.js'

export interface FunctionTraffic {
  traffic: TrafficSeries
  provisioned: ProvisionedObservation[]
}

export interface TrafficRead {
  /** Same order as the targets; empty when they were handed to `onFunction` instead. */
  functions: FunctionTraffic[]
  period: number
  window: TimeWindow
  queries: number
  /** GetMetricData requests, NextToken pages included. */
  calls: number
  datapoints: number
  messages: string[]
  /** Highest UnreservedConcurrentExecutions of the account in the window; null without datapoints. */
  accountUnreservedMax: number | null
}

/**
 * The window of whole periods that ends before `nowSeconds`, leaving out the last few minutes whose
 * datapoints CloudWatch may still be filling in.
 */
export function trafficWindow(nowSeconds: number, windowSeconds: number, period: number): TimeWindow {
  const end = alignDown(nowSeconds - SETTLE_SECONDS, period)
  return {start: end - Math.ceil(windowSeconds / period) * period, end}
}

/** A series onto the period grid: `empty` where CloudWatch had no datapoint. */
export function onGrid<T extends number | null>(series: SeriesData | undefined, window: TimeWindow, period: number, empty: T): Array<number | T> {
  const length = Math.max(0, Math.round((window.end - window.start) / period))
  const values = new Array<number | T>(length).fill(empty)
  if (!series) return values
  series.timestamps.forEach((time, i) => {
    const index = Math.round((time - window.start) / period)
    const value = series.values[i]
    if (index >= 0 && index < length && Number.isFinite(value)) values[index] = value
  })
  return values
}

function condense(target: TrafficTarget, queries: TrafficQuery[], byId: Map<string, SeriesData>, window: TimeWindow, period: number): FunctionTraffic {
  const series = (metric: TrafficQuery['metric'], qualifier?: string) =>
    byId.get(queries.find((q) => q.metric === metric && q.qualifier === qualifier)?.query.Id ?? '')
  const traffic: TrafficSeries = {
    period,
    start: window.start,
    invocations: onGrid(series('invocations'), window, period, 0),
    throttles: onGrid(series('throttles'), window, period, 0),
    concurrencyMax: onGrid(series('concurrency'), window, period, 0),
    durationAvgMs: onGrid(series('durationAvg'), window, period, null),
    durationP99Ms: onGrid(series('durationP99'), window, period, null),
  }
  const provisioned = target.provisionedQualifiers.map((qualifier) => {
    const utilization = series('utilization', qualifier)?.values ?? []
    const spillover = series('spillover', qualifier)?.values ?? []
    return {
      qualifier,
      utilizationMax: utilization.length > 0 ? Math.max(...utilization) : null,
      spillover: spillover.reduce((total, value) => total + value, 0),
    }
  })
  return {traffic, provisioned}
}

export async function readTraffic(
  cloudwatch: CloudWatchClient,
  targets: readonly TrafficTarget[],
  window: TimeWindow,
  period: number,
  options: {
    /**
     * Requests in flight. One by default: what the SDK makes of an answer is garbage by the next, and
     * two at a time let a week for 2,000 functions peak at 272–299 MB instead of 244 MB (scripts/bench-scale.js).
     */
    parallel?: number
    onProgress?: (done: number, total: number) => void
    /**
     * Takes each function's traffic as soon as its group is read, instead of keeping it: a week of
     * 5-minute series is about 80 kB a function, which over thousands of functions is hundreds of MB.
     */
    onFunction?: (index: number, traffic: FunctionTraffic) => void
  } = {},
): Promise<TrafficRead> {
  const all = planTrafficQueries(targets, period)
  const byTarget = new Map<number, TrafficQuery[]>()
  for (const query of all) byTarget.set(query.target, [...(byTarget.get(query.target) ?? []), query])
  const read: TrafficRead = {
    functions: options.onFunction ? [] : new Array(targets.length),
    period,
    window,
    queries: targets.length > 0 ? all.length + 1 : 0,
    calls: 0,
    datapoints: 0,
    messages: [],
    accountUnreservedMax: null,
  }
  const pool = accountPoolQuery(period)
  let done = 0
  const groups = groupTargets(targets, queriesPerGroup(Math.round((window.end - window.start) / period)), 1)
  await mapPool(
    groups.map((group, g) => ({group, first: g === 0})),
    options.parallel ?? 1,
    async ({group, first}) => {
      const queries = group.flatMap((index) => byTarget.get(index) ?? []).map((entry) => entry.query)
      const answer = await readMetricData(cloudwatch, first ? [pool, ...queries] : queries, window)
      if (first) {
        const values = answer.byId.get(pool.Id!)?.values ?? []
        read.accountUnreservedMax = values.length > 0 ? Math.max(...values) : null
      }

      read.calls += answer.calls
      read.datapoints += answer.datapoints
      read.messages.push(...answer.messages)
      for (const index of group) {
        const traffic = condense(targets[index], byTarget.get(index) ?? [], answer.byId, window, period)
        if (options.onFunction) options.onFunction(index, traffic)
        else read.functions[index] = traffic
      }

      done += group.length
      options.onProgress?.(done, targets.length)
    },
  )
  return read
}
