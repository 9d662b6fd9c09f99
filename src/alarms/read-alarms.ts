// The I/O `lx alarms` plans from: lx's alarms as they exist (DescribeAlarms by the `lx-` prefix,
// 100 a page), and each function's traffic over the window (GetMetricData, one datapoint per series
// for the whole window, 500 series a call, only the series the kinds asked for need).
import {type CloudWatchClient, DescribeAlarmsCommand, type MetricDataQuery} from '@aws-sdk/client-cloudwatch'

import {readMetricData, type SeriesData} from '../metrics/read-metrics.js'
import {type AlarmDefinition, definitionFromAws} from './alarm-definition.js'
import {ALARM_PREFIX, type AlarmKind} from './alarm-kinds.js'
import type {FunctionTraffic} from './plan-alarms.js'

export interface LiveAlarm {
  definition: AlarmDefinition
  /** The alarm's ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME), when CloudWatch gives it. */
  arn?: string
  state: string
  stateReason?: string
  /** ISO time of the last state change. */
  stateUpdated?: string
}

/** Every alarm whose name starts with `lx-` (lx's, and any other that happens to share the prefix). */
export async function listPrefixedAlarms(cloudwatch: CloudWatchClient, prefix = ALARM_PREFIX): Promise<LiveAlarm[]> {
  const alarms: LiveAlarm[] = []
  let nextToken: string | undefined
  do {
    // eslint-disable-next-line no-await-in-loop -- NextToken pages are sequential by nature
    const page = await cloudwatch.send(new DescribeAlarmsCommand({AlarmNamePrefix: prefix, AlarmTypes: ['MetricAlarm'], MaxRecords: 100, NextToken: nextToken}))
    for (const alarm of page.MetricAlarms ?? []) {
      alarms.push({
        definition: definitionFromAws(alarm),
        ...(alarm.AlarmArn ? {arn: alarm.AlarmArn} : {}),
        state: alarm.StateValue ?? 'INSUFFICIENT_DATA',
        ...(alarm.StateReason ? {stateReason: alarm.StateReason} : {}),
        ...(alarm.StateUpdatedTimestamp ? {stateUpdated: new Date(alarm.StateUpdatedTimestamp).toISOString()} : {}),
      })
    }

    nextToken = page.NextToken
  } while (nextToken)
  return alarms
}

const NAMESPACE = 'AWS/Lambda'

function query(id: string, metricName: string, stat: string, period: number, functionName?: string): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {Namespace: NAMESPACE, MetricName: metricName, Dimensions: functionName ? [{Name: 'FunctionName', Value: functionName}] : []},
      Period: period,
      Stat: stat,
    },
    ReturnData: true,
  }
}

export interface WindowTraffic {
  functions: Map<string, FunctionTraffic>
  peakConcurrency: number | null
  peakUnreserved: number | null
  calls: number
}

/** Which series to read: GetMetricData is billed per metric, so only those the kinds asked for need. */
export interface TrafficWanted {
  /** Functions and, per function, whether its spillover matters (it has provisioned concurrency). */
  functions: Array<{name: string; spillover: boolean}>
  kinds: AlarmKind[]
}

/** Sums, p99 and peaks over the whole window, for the functions given and the account. */
export async function readWindowTraffic(
  cloudwatch: CloudWatchClient,
  wanted: TrafficWanted,
  windowSeconds: number,
  nowSeconds: number,
): Promise<WindowTraffic> {
  const end = Math.floor(nowSeconds / 60) * 60
  const start = end - windowSeconds
  const has = (kind: AlarmKind) => wanted.kinds.includes(kind)
  const queries: MetricDataQuery[] = []
  if (has('concurrency')) queries.push(query('accountpeak', 'ConcurrentExecutions', 'Maximum', windowSeconds))
  if (has('unreserved')) queries.push(query('accountunreserved', 'UnreservedConcurrentExecutions', 'Maximum', windowSeconds))
  for (const [index, {name, spillover}] of wanted.functions.entries()) {
    if (has('errors')) {
      queries.push(query(`f${index}inv`, 'Invocations', 'Sum', windowSeconds, name), query(`f${index}err`, 'Errors', 'Sum', windowSeconds, name))
    }

    if (has('throttles')) queries.push(query(`f${index}thr`, 'Throttles', 'Sum', windowSeconds, name))
    if (has('duration')) queries.push(query(`f${index}p99`, 'Duration', 'p99', windowSeconds, name))
    if (has('spillover') && spillover) queries.push(query(`f${index}spill`, 'ProvisionedConcurrencySpilloverInvocations', 'Sum', windowSeconds, name))
  }

  const answer = queries.length > 0 ? await readMetricData(cloudwatch, queries, {start, end}, {parallel: 2}) : {byId: new Map<string, SeriesData>(), calls: 0}
  const total = (id: string) => (answer.byId.get(id)?.values ?? []).reduce((sum, value) => sum + value, 0)
  const highest = (id: string) => {
    const values = answer.byId.get(id)?.values ?? []
    return values.length === 0 ? null : Math.max(...values)
  }

  const functions = new Map<string, FunctionTraffic>()
  for (const [index, {name}] of wanted.functions.entries()) {
    functions.set(name, {
      invocations: total(`f${index}inv`),
      errors: total(`f${index}err`),
      throttles: total(`f${index}thr`),
      p99DurationMs: highest(`f${index}p99`),
      spillover: total(`f${index}spill`),
    })
  }

  return {functions, peakConcurrency: highest('accountpeak'), peakUnreserved: highest('accountunreserved'), calls: answer.calls}
}
