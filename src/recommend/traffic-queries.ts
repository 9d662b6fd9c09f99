// The GetMetricData queries `lx concurrency plan` sends, and the period it reads at. Pure.
//
// Per function (dimension {FunctionName}): Invocations Sum, Throttles Sum, ConcurrentExecutions
// Maximum (the dashboard's own query builders), Duration Average and p99. Per alias or version with
// provisioned concurrency ({FunctionName, Resource: "NAME:QUALIFIER"}): ProvisionedConcurrencyUtilization
// Maximum and ProvisionedConcurrencySpilloverInvocations Sum.
// Account-wide, once: UnreservedConcurrentExecutions Maximum (did the shared pool run out?).
// GetMetricData is billed per metric requested: 5 per function, 2 per provisioned alias, 1 more.
import type {MetricDataQuery} from '@aws-sdk/client-cloudwatch'

import {accountMetricQuery, functionMetricQuery, MAX_QUERIES_PER_CALL, NAMESPACE, qualifierMetricQuery} from '../metrics/metric-queries.js'

/** Lambda metrics have 1-minute resolution; CloudWatch keeps it 15 days, 5-minute data 63 days. */
export const TRAFFIC_PERIODS = [60, 300, 900, 1800, 3600]
/** One week at 5 minutes: enough points to see every burst that matters, and no more. */
export const MAX_POINTS_PER_SERIES = 2016
/** GetMetricData's default page size: this many datapoints per answer before a NextToken. */
export const DATAPOINTS_PER_PAGE = 100_800

export type TrafficMetric = 'invocations' | 'throttles' | 'concurrency' | 'durationAvg' | 'durationP99'
export type ProvisionedMetric = 'utilization' | 'spillover'

export const TRAFFIC_METRICS: TrafficMetric[] = ['invocations', 'throttles', 'concurrency', 'durationAvg', 'durationP99']
export const PROVISIONED_METRICS: ProvisionedMetric[] = ['utilization', 'spillover']

/** The finest period that keeps a series of the window within MAX_POINTS_PER_SERIES (7 d → 300 s, 1 d → 60 s). */
export function trafficPeriod(windowSeconds: number): number {
  return TRAFFIC_PERIODS.find((period) => windowSeconds / period <= MAX_POINTS_PER_SERIES) ?? TRAFFIC_PERIODS.at(-1)!
}

export interface TrafficTarget {
  functionName: string
  /** Aliases or versions with provisioned concurrency. */
  provisionedQualifiers: string[]
}

export interface TrafficQuery {
  /** Index of the function in the targets. */
  target: number
  metric: TrafficMetric | ProvisionedMetric
  qualifier?: string
  query: MetricDataQuery
}

function lambdaQuery(id: string, metricName: string, stat: string, dimensions: Array<{Name: string; Value: string}>, period: number): MetricDataQuery {
  return {Id: id, MetricStat: {Metric: {Namespace: NAMESPACE, MetricName: metricName, Dimensions: dimensions}, Period: period, Stat: stat}, ReturnData: true}
}

function functionQuery(id: string, functionName: string, metric: TrafficMetric, period: number): MetricDataQuery {
  const dimensions = [{Name: 'FunctionName', Value: functionName}]
  switch (metric) {
    case 'invocations': {
      return functionMetricQuery(id, functionName, 'invocations', period)
    }

    case 'throttles': {
      return functionMetricQuery(id, functionName, 'throttles', period)
    }

    case 'concurrency': {
      return functionMetricQuery(id, functionName, 'concurrency', period)
    }

    case 'durationAvg': {
      return lambdaQuery(id, 'Duration', 'Average', dimensions, period)
    }

    case 'durationP99': {
      return lambdaQuery(id, 'Duration', 'p99', dimensions, period)
    }
  }
}

function provisionedQuery(id: string, functionName: string, qualifier: string, metric: ProvisionedMetric, period: number): MetricDataQuery {
  if (metric === 'utilization') return qualifierMetricQuery(id, functionName, qualifier, 'provisionedUtilization', period)
  return lambdaQuery(
    id,
    'ProvisionedConcurrencySpilloverInvocations',
    'Sum',
    [
      {Name: 'FunctionName', Value: functionName},
      {Name: 'Resource', Value: `${functionName}:${qualifier}`},
    ],
    period,
  )
}

const SHORT: Record<TrafficMetric | ProvisionedMetric, string> = {
  invocations: 'inv',
  throttles: 'thr',
  concurrency: 'conc',
  durationAvg: 'dur',
  durationP99: 'p99',
  utilization: 'pcu',
  spillover: 'spill',
}

/** Every query, ids `t<function>_<metric>` and `t<function>q<alias>_<metric>` (ids may not hold `-`). */
export function planTrafficQueries(targets: readonly TrafficTarget[], period: number): TrafficQuery[] {
  const queries: TrafficQuery[] = []
  targets.forEach((target, index) => {
    for (const metric of TRAFFIC_METRICS) {
      queries.push({target: index, metric, query: functionQuery(`t${index}_${SHORT[metric]}`, target.functionName, metric, period)})
    }

    target.provisionedQualifiers.forEach((qualifier, q) => {
      for (const metric of PROVISIONED_METRICS) {
        queries.push({
          target: index,
          metric,
          qualifier,
          query: provisionedQuery(`t${index}q${q}_${SHORT[metric]}`, target.functionName, qualifier, metric, period),
        })
      }
    })
  })
  return queries
}

/**
 * Datapoints one group of queries asks for: half an answer page. A week for 2,000 functions is
 * 20 million datapoints, and what the SDK makes of a page (a Date per datapoint) is garbage by the
 * next; small answers keep the heap near its live size (2,000 functions: 330 → 300 MB peak RSS).
 * GetMetricData is billed per metric, not per request, so smaller requests cost nothing more.
 */
export const DATAPOINTS_PER_GROUP = DATAPOINTS_PER_PAGE / 2

/** Queries per group for series of `points` datapoints: at least one function's worth, at most a call's. */
export function queriesPerGroup(points: number): number {
  const oneFunction = TRAFFIC_METRICS.length + PROVISIONED_METRICS.length
  return Math.min(MAX_QUERIES_PER_CALL, Math.max(oneFunction, Math.floor(DATAPOINTS_PER_GROUP / Math.max(1, points))))
}

/**
 * Groups of whole functions with at most `size` queries each, so one function's series arrive in
 * one call and a group's answers can be condensed before the next is read.
 */
export function groupTargets(targets: readonly TrafficTarget[], size = MAX_QUERIES_PER_CALL, firstGroupExtra = 0): number[][] {
  const groups: number[][] = []
  let current: number[] = []
  let count = firstGroupExtra
  targets.forEach((target, index) => {
    const queries = TRAFFIC_METRICS.length + PROVISIONED_METRICS.length * target.provisionedQualifiers.length
    if (current.length > 0 && count + queries > size) {
      groups.push(current)
      current = []
      count = 0
    }

    current.push(index)
    count += queries
  })
  if (current.length > 0) groups.push(current)
  return groups
}

/** The account-wide series read along with the first group: did the shared pool run out? */
export function accountPoolQuery(period: number): MetricDataQuery {
  return accountMetricQuery('acct_unres', 'unreserved', period)
}

/** Queries and GetMetricData requests (NextToken pages included) to read these targets over a window. */
export function estimateCalls(targets: readonly TrafficTarget[], windowSeconds: number): {queries: number; requests: number} {
  const points = Math.ceil(windowSeconds / trafficPeriod(windowSeconds))
  let queries = 0
  let requests = 0
  for (const [g, group] of groupTargets(targets, queriesPerGroup(points), 1).entries()) {
    const inGroup =
      (g === 0 ? 1 : 0) +
      group.reduce((total, index) => total + TRAFFIC_METRICS.length + PROVISIONED_METRICS.length * targets[index].provisionedQualifiers.length, 0)
    queries += inGroup
    requests += Math.max(1, Math.ceil((inGroup * points) / DATAPOINTS_PER_PAGE))
  }

  return {queries, requests}
}
