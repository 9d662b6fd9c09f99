// Reads WindowFigures for many functions over one window: GetMetricData with the whole window as
// one period (≤ 500 queries per call, through metrics/read-metrics.ts) and one Logs Insights query
// per ≤ 50 log groups over the REPORT lines (cold starts, init duration percentiles, memory).
import type {MetricDataQuery} from '@aws-sdk/client-cloudwatch'
import type {CloudWatchLogsClient, ResultField} from '@aws-sdk/client-cloudwatch-logs'

import type {AwsContext} from '../aws/aws-context.js'
import {NAMESPACE} from '../metrics/metric-queries.js'
import {logGroupOf, runInsightsQueries} from '../metrics/logs-insights.js'
import {readMetricData} from '../metrics/read-metrics.js'
import type {TimeWindow} from '../metrics/metric-window.js'
import {emptyFigures, type WindowFigures} from './window-figures.js'
import {logsPollMsSetting} from '../lib/settings.js'

export interface FigureTarget {
  functionName: string
  logGroup: string
  /** Aliases or versions whose provisioned utilisation is read (those a change touched). */
  qualifiers: string[]
}

export interface ReadCounts {
  getMetricDataCalls: number
  metricQueries: number
  insightsQueries: number
  insightsPolls: number
}

export function emptyCounts(): ReadCounts {
  return {getMetricDataCalls: 0, metricQueries: 0, insightsQueries: 0, insightsPolls: 0}
}

interface QuerySpec {
  metric: string
  stat: string
  apply: (figures: WindowFigures, value: number | null) => void
}

const FUNCTION_QUERIES: QuerySpec[] = [
  {metric: 'Invocations', stat: 'Sum', apply: (f, v) => (f.invocations = v ?? 0)},
  {metric: 'Errors', stat: 'Sum', apply: (f, v) => (f.errors = v ?? 0)},
  {metric: 'Throttles', stat: 'Sum', apply: (f, v) => (f.throttles = v ?? 0)},
  {metric: 'Duration', stat: 'Average', apply: (f, v) => (f.durationAvg = v)},
  {metric: 'Duration', stat: 'p50', apply: (f, v) => (f.durationP50 = v)},
  {metric: 'Duration', stat: 'p90', apply: (f, v) => (f.durationP90 = v)},
  {metric: 'Duration', stat: 'p99', apply: (f, v) => (f.durationP99 = v)},
  {metric: 'PostRuntimeExtensionsDuration', stat: 'Average', apply: (f, v) => (f.postRuntimeAvg = v)},
  {metric: 'ProvisionedConcurrencySpilloverInvocations', stat: 'Sum', apply: (f, v) => (f.spillover = v)},
  {metric: 'ProvisionedConcurrencyInvocations', stat: 'Sum', apply: (f, v) => (f.provisionedInvocations = v)},
]

/** The guard's subset: what its regressions are judged on, so each minute costs few metrics. */
export const GUARD_QUERIES = new Set(['Invocations/Sum', 'Errors/Sum', 'Throttles/Sum', 'Duration/p99'])

export interface ReadWindowOptions {
  /** Only these metric/stat pairs (e.g. GUARD_QUERIES); default: all. */
  only?: ReadonlySet<string>
  /** Read REPORT lines (cold starts, init, memory) too. Default true. */
  reportLines?: boolean
  /**
   * The window of the REPORT lines, when not the metrics' window. Log lines carry their second, so
   * the cold starts right after a change (which land in the change's own, mixed minute) count.
   */
  linesWindow?: TimeWindow
  pollMs?: number
  sleep?: (ms: number) => Promise<void>
  counts?: ReadCounts
}

/** Period for one datapoint over the whole window (a multiple of 60, as GetMetricData wants). */
function periodOf(window: TimeWindow): number {
  return Math.max(60, Math.ceil((window.end - window.start) / 60) * 60)
}

interface QueryUse {
  index: number
  /** A Sum: datapoints add up. */
  sum: boolean
  apply: QuerySpec['apply']
}

export function windowQueries(
  targets: readonly FigureTarget[],
  window: TimeWindow,
  only?: ReadonlySet<string>,
): {queries: MetricDataQuery[]; apply: Map<string, QueryUse>} {
  const period = periodOf(window)
  const queries: MetricDataQuery[] = []
  const apply = new Map<string, QueryUse>()
  for (const [index, target] of targets.entries()) {
    const specs = FUNCTION_QUERIES.filter((spec) => !only || only.has(`${spec.metric}/${spec.stat}`))
    for (const [k, spec] of specs.entries()) {
      const id = `f${index}q${k}`
      const metric = {Namespace: NAMESPACE, MetricName: spec.metric, Dimensions: [{Name: 'FunctionName', Value: target.functionName}]}
      queries.push({Id: id, MetricStat: {Metric: metric, Period: period, Stat: spec.stat}})
      apply.set(id, {index, sum: spec.stat === 'Sum', apply: spec.apply})
    }

    if (only) continue
    for (const [k, qualifier] of target.qualifiers.entries()) {
      const id = `f${index}u${k}`
      queries.push({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: NAMESPACE,
            MetricName: 'ProvisionedConcurrencyUtilization',
            Dimensions: [
              {Name: 'FunctionName', Value: target.functionName},
              {Name: 'Resource', Value: `${target.functionName}:${qualifier}`},
            ],
          },
          Period: period,
          Stat: 'Maximum',
        },
      })
      apply.set(id, {index, sum: false, apply: (f, v) => v !== null && (f.provisionedUtilization = Math.max(f.provisionedUtilization ?? 0, v))})
    }
  }

  return {queries, apply}
}

/** The Insights query over REPORT lines, one row per log group. */
export const REPORT_QUERY = [
  'filter @type = "REPORT"',
  '| stats count(*) as reports, count(@initDuration) as coldStarts, pct(@initDuration, 50) as initP50, pct(@initDuration, 99) as initP99,',
  '  max(@maxMemoryUsed) as maxMemory by @log',
].join('\n')

/** Logs Insights gives @maxMemoryUsed in bytes (10^6 per MB); a small number is MB already. */
export function memoryMb(value: number): number {
  return value >= 100_000 ? value / 1_000_000 : value
}

export async function readWindowFigures(
  aws: AwsContext,
  targets: readonly FigureTarget[],
  window: TimeWindow,
  options: ReadWindowOptions = {},
): Promise<WindowFigures[]> {
  const figures = targets.map(() => emptyFigures())
  const counts = options.counts ?? emptyCounts()
  if (targets.length === 0 || window.end <= window.start) return figures
  const {queries, apply} = windowQueries(targets, window, options.only)
  const cloudwatch = await aws.cloudwatch()
  const readMetrics = async () => {
    const answer = await readMetricData(cloudwatch, queries, window, {parallel: 2})
    counts.getMetricDataCalls += answer.calls
    counts.metricQueries += queries.length
    for (const [id, series] of answer.byId) {
      const target = apply.get(id)
      if (!target) continue
      // One period spans the window, so there is one datapoint; should CloudWatch split it, counts add up.
      const total = series.values.reduce((sum, v) => sum + v, 0)
      const value = series.values.length === 0 ? null : target.sum ? total : total / series.values.length
      target.apply(figures[target.index], value)
    }
  }

  const readLines = async () => {
    if (options.reportLines === false) return
    const logs = await aws.logs()
    const byGroup = await readReportLines(
      logs,
      targets.map((target) => target.logGroup),
      options.linesWindow ?? window,
      options,
      counts,
    )
    for (const [index, target] of targets.entries()) {
      const row = byGroup.get(target.logGroup)
      if (!row) {
        // A log group without REPORT lines in the window: nothing ran, or the group is missing.
        figures[index].reports = 0
        figures[index].coldStarts = 0
        continue
      }

      Object.assign(figures[index], row)
    }
  }

  await Promise.all([readMetrics(), readLines()])
  return figures
}

type ReportRow = Pick<WindowFigures, 'reports' | 'coldStarts' | 'initP50' | 'initP99' | 'maxMemoryMb'>

async function readReportLines(
  logs: CloudWatchLogsClient,
  groups: readonly string[],
  window: TimeWindow,
  options: ReadWindowOptions,
  counts: ReadCounts,
): Promise<Map<string, ReportRow>> {
  const rows = new Map<string, ReportRow>()
  // A function that never logged has no log group: the runner drops it, and its figures say no lines.
  const run = await runInsightsQueries(
    logs,
    [...new Set(groups)],
    window,
    {queryString: REPORT_QUERY, purpose: 'REPORT lines'},
    (result) => {
      for (const row of result) addRow(rows, row)
    },
    {pollMs: options.pollMs ?? logsPollMsSetting() ?? 1000, sleep: options.sleep},
  )
  counts.insightsQueries += run.queries
  counts.insightsPolls += run.polls
  return rows
}

function addRow(rows: Map<string, ReportRow>, row: ResultField[]): void {
  const value = (name: string) => row.find((cell) => cell.field === name)?.value
  const number = (name: string) => {
    const text = value(name)
    return text === undefined || text === '' || !Number.isFinite(Number(text)) ? null : Number(text)
  }

  const log = value('@log')
  if (log === undefined) return
  const memory = number('maxMemory')
  rows.set(logGroupOf(log), {
    reports: number('reports') ?? 0,
    coldStarts: number('coldStarts') ?? 0,
    initP50: number('initP50'),
    initP99: number('initP99'),
    maxMemoryMb: memory === null ? null : memoryMb(memory),
  })
}
