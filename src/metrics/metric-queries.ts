// Which CloudWatch series the dashboard (and later `lx concurrency plan`) asks for, as plain
// GetMetricData queries: no I/O here. GetMetricData is billed per metric requested, so the set is
// the smallest that answers the questions: four series per function, the provisioned-concurrency
// series only where provisioned concurrency is configured, and five account-wide series.
import type {MetricDataQuery} from '@aws-sdk/client-cloudwatch'

export const NAMESPACE = 'AWS/Lambda'
/** GetMetricData accepts at most this many queries per call. */
export const MAX_QUERIES_PER_CALL = 500
/** Enough points for any terminal chart; more only costs datapoints. */
export const MAX_POINTS_PER_SERIES = 360
/** Multiples of 60 (CloudWatch's rule for standard-resolution metrics), finest first. */
export const PERIODS = [60, 120, 300, 600, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400]

export type Stat = 'Sum' | 'Maximum'

export type FunctionMetric = 'invocations' | 'throttles' | 'errors' | 'concurrency'
export type ProvisionedFunctionMetric = 'spillover'
export type QualifierMetric = 'provisionedUtilization'
export type AccountMetric = 'concurrency' | 'unreserved' | 'claimed' | 'throttles' | 'invocations'

interface MetricDefinition {
  metricName: string
  stat: Stat
  /** Short, id-safe name used in query ids. */
  short: string
}

export const FUNCTION_METRICS: Record<FunctionMetric, MetricDefinition> = {
  invocations: {metricName: 'Invocations', stat: 'Sum', short: 'inv'},
  throttles: {metricName: 'Throttles', stat: 'Sum', short: 'thr'},
  errors: {metricName: 'Errors', stat: 'Sum', short: 'err'},
  concurrency: {metricName: 'ConcurrentExecutions', stat: 'Maximum', short: 'conc'},
}

/** Published under {FunctionName}; only meaningful where provisioned concurrency is configured. */
export const PROVISIONED_FUNCTION_METRICS: Record<ProvisionedFunctionMetric, MetricDefinition> = {
  spillover: {metricName: 'ProvisionedConcurrencySpilloverInvocations', stat: 'Sum', short: 'spill'},
}

/** Published per alias or version only: {FunctionName, Resource: "name:qualifier"}. */
export const QUALIFIER_METRICS: Record<QualifierMetric, MetricDefinition> = {
  provisionedUtilization: {metricName: 'ProvisionedConcurrencyUtilization', stat: 'Maximum', short: 'pcu'},
}

/** Account-wide series carry no dimension at all. */
export const ACCOUNT_METRICS: Record<AccountMetric, MetricDefinition> = {
  concurrency: {metricName: 'ConcurrentExecutions', stat: 'Maximum', short: 'conc'},
  unreserved: {metricName: 'UnreservedConcurrentExecutions', stat: 'Maximum', short: 'unres'},
  claimed: {metricName: 'ClaimedAccountConcurrency', stat: 'Maximum', short: 'claimed'},
  throttles: {metricName: 'Throttles', stat: 'Sum', short: 'thr'},
  invocations: {metricName: 'Invocations', stat: 'Sum', short: 'inv'},
}

/** One function as the query planner needs it. */
export interface MetricTarget {
  functionName: string
  /** Aliases/versions with provisioned concurrency; empty when there is none. */
  provisionedQualifiers: string[]
}

/** A query plus the store key its datapoints belong to (ids are per call, keys are forever). */
export interface PlannedQuery {
  key: string
  query: MetricDataQuery
}

// Series keys: stable across refreshes and range changes, readable in a debugger.
export const accountKey = (metric: AccountMetric): string => `account/${metric}`
export const functionKey = (functionName: string, metric: FunctionMetric | ProvisionedFunctionMetric): string => `fn/${functionName}/${metric}`
export const qualifierKey = (functionName: string, qualifier: string, metric: QualifierMetric): string => `fn/${functionName}:${qualifier}/${metric}`

/** The period for a range: the finest that keeps a series under MAX_POINTS_PER_SERIES points. */
export function periodForRange(rangeSeconds: number): number {
  return PERIODS.find((period) => rangeSeconds / period <= MAX_POINTS_PER_SERIES) ?? PERIODS.at(-1)!
}

function metricQuery(id: string, definition: MetricDefinition, dimensions: Array<{Name: string; Value: string}>, period: number): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {Namespace: NAMESPACE, MetricName: definition.metricName, Dimensions: dimensions},
      Period: period,
      Stat: definition.stat,
    },
    ReturnData: true,
  }
}

/** One function-level series, e.g. for a planner that wants only ConcurrentExecutions. */
export function functionMetricQuery(id: string, functionName: string, metric: FunctionMetric | ProvisionedFunctionMetric, period: number): MetricDataQuery {
  const definition = metric === 'spillover' ? PROVISIONED_FUNCTION_METRICS.spillover : FUNCTION_METRICS[metric]
  return metricQuery(id, definition, [{Name: 'FunctionName', Value: functionName}], period)
}

export function qualifierMetricQuery(id: string, functionName: string, qualifier: string, metric: QualifierMetric, period: number): MetricDataQuery {
  return metricQuery(
    id,
    QUALIFIER_METRICS[metric],
    [
      {Name: 'FunctionName', Value: functionName},
      {Name: 'Resource', Value: `${functionName}:${qualifier}`},
    ],
    period,
  )
}

export function accountMetricQuery(id: string, metric: AccountMetric, period: number): MetricDataQuery {
  return metricQuery(id, ACCOUNT_METRICS[metric], [], period)
}

/**
 * Every query of one dashboard refresh. Ids must start with a lowercase letter and be unique in a
 * call; function names may hold `-`, which ids may not, so ids number the functions instead.
 */
export function planMetricQueries(targets: readonly MetricTarget[], period: number, options: {account?: boolean} = {}): PlannedQuery[] {
  const planned: PlannedQuery[] = []
  if (options.account ?? true) {
    for (const metric of Object.keys(ACCOUNT_METRICS) as AccountMetric[]) {
      planned.push({key: accountKey(metric), query: accountMetricQuery(`acct_${ACCOUNT_METRICS[metric].short}`, metric, period)})
    }
  }

  targets.forEach((target, index) => {
    for (const metric of Object.keys(FUNCTION_METRICS) as FunctionMetric[]) {
      planned.push({
        key: functionKey(target.functionName, metric),
        query: functionMetricQuery(`f${index}_${FUNCTION_METRICS[metric].short}`, target.functionName, metric, period),
      })
    }

    if (target.provisionedQualifiers.length === 0) return
    planned.push({key: functionKey(target.functionName, 'spillover'), query: functionMetricQuery(`f${index}_spill`, target.functionName, 'spillover', period)})
    target.provisionedQualifiers.forEach((qualifier, q) => {
      planned.push({
        key: qualifierKey(target.functionName, qualifier, 'provisionedUtilization'),
        query: qualifierMetricQuery(`f${index}_pcu${q}`, target.functionName, qualifier, 'provisionedUtilization', period),
      })
    })
  })
  return planned
}

/** Split into GetMetricData calls of at most `size` queries each. */
export function batchQueries<T>(queries: readonly T[], size = MAX_QUERIES_PER_CALL): T[][] {
  if (size < 1) throw new RangeError('batch size must be at least 1')
  const batches: T[][] = []
  for (let start = 0; start < queries.length; start += size) batches.push(queries.slice(start, start + size))
  return batches
}

/**
 * How many queries one refresh sends: 5 account series + 4 per function + 1 spillover per function
 * with provisioned concurrency + 1 utilisation per provisioned alias/version.
 */
export function countMetricQueries(functions: number, functionsWithProvisioned = 0, provisionedConfigs = 0): number {
  return Object.keys(ACCOUNT_METRICS).length + Object.keys(FUNCTION_METRICS).length * functions + functionsWithProvisioned + provisionedConfigs
}

/** GetMetricData calls for that many queries (before NextToken pages, which large windows add). */
export function countGetMetricDataCalls(queries: number): number {
  return Math.ceil(queries / MAX_QUERIES_PER_CALL)
}
