// What `lx advise` reads from CloudWatch once the provisioned configs are known (the function-level
// traffic `lx concurrency plan` reads goes first, beside the Lambda reads): per alias or version with
// provisioned concurrency, the invocations it served, its average and highest utilisation and its
// spillover over the whole window; and the account's peak concurrent executions and claimed
// concurrency. One period spans the window, so each series is one datapoint: 4 queries per
// provisioned config and 2 for the account, ≤ 500 a call. The highest utilisation and the spillover
// are what `lx concurrency plan` reads at its traffic period and reduces to the same two numbers
// (the window's Maximum and Sum).
import type {CloudWatchClient, MetricDataQuery} from '@aws-sdk/client-cloudwatch'

import {accountMetricQuery, NAMESPACE} from '../metrics/metric-queries.js'
import type {TimeWindow} from '../metrics/metric-window.js'
import {readMetricData} from '../metrics/read-metrics.js'

export interface ProvisionedTarget {
  functionName: string
  qualifier: string
}

export interface ProvisionedUsage {
  /** ProvisionedConcurrencyInvocations summed over the window; null without datapoints. */
  invocations: number | null
  /** ProvisionedConcurrencyUtilization averaged over the window (0–1); null without datapoints. */
  utilizationAvg: number | null
  /** ProvisionedConcurrencyUtilization's highest value in the window (0–1); null without datapoints. */
  utilizationMax: number | null
  /** ProvisionedConcurrencySpilloverInvocations summed over the window; 0 without datapoints. */
  spillover: number
}

export interface ProvisionedUsageRead {
  /** Same order as the targets. */
  usage: ProvisionedUsage[]
  accountPeakConcurrency: number | null
  /** Highest ClaimedAccountConcurrency: reservations, provisioned concurrency and unreserved in use. */
  accountPeakClaimed: number | null
  queries: number
  calls: number
}

function qualifierQuery(id: string, target: ProvisionedTarget, metricName: string, stat: string, period: number): MetricDataQuery {
  const dimensions = [
    {Name: 'FunctionName', Value: target.functionName},
    {Name: 'Resource', Value: `${target.functionName}:${target.qualifier}`},
  ]
  return {Id: id, MetricStat: {Metric: {Namespace: NAMESPACE, MetricName: metricName, Dimensions: dimensions}, Period: period, Stat: stat}, ReturnData: true}
}

/** The period that spans the window in one datapoint (a multiple of 60, as GetMetricData wants). */
export function wholeWindowPeriod(window: TimeWindow): number {
  return Math.max(60, Math.ceil((window.end - window.start) / 60) * 60)
}

export function planUsageQueries(targets: readonly ProvisionedTarget[], period: number): MetricDataQuery[] {
  return [
    accountMetricQuery('acct_peak', 'concurrency', period),
    accountMetricQuery('acct_claimed', 'claimed', period),
    ...targets.flatMap((target, index) => [
      qualifierQuery(`p${index}_inv`, target, 'ProvisionedConcurrencyInvocations', 'Sum', period),
      qualifierQuery(`p${index}_util`, target, 'ProvisionedConcurrencyUtilization', 'Average', period),
      qualifierQuery(`p${index}_max`, target, 'ProvisionedConcurrencyUtilization', 'Maximum', period),
      qualifierQuery(`p${index}_spill`, target, 'ProvisionedConcurrencySpilloverInvocations', 'Sum', period),
    ]),
  ]
}

export async function readProvisionedUsage(
  cloudwatch: CloudWatchClient,
  targets: readonly ProvisionedTarget[],
  window: TimeWindow,
): Promise<ProvisionedUsageRead> {
  const period = wholeWindowPeriod(window)
  const queries = planUsageQueries(targets, period)
  const answer = await readMetricData(cloudwatch, queries, window)
  const total = (id: string, combine: (values: number[]) => number): number | null => {
    const values = answer.byId.get(id)?.values ?? []
    return values.length > 0 ? combine(values) : null
  }

  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
  const mean = (values: number[]) => sum(values) / values.length
  return {
    usage: targets.map((_target, index) => ({
      invocations: total(`p${index}_inv`, sum),
      utilizationAvg: total(`p${index}_util`, mean),
      utilizationMax: total(`p${index}_max`, (values) => Math.max(...values)),
      spillover: total(`p${index}_spill`, sum) ?? 0,
    })),
    accountPeakConcurrency: total('acct_peak', (values) => Math.max(...values)),
    accountPeakClaimed: total('acct_claimed', (values) => Math.max(...values)),
    queries: queries.length,
    calls: answer.calls,
  }
}
