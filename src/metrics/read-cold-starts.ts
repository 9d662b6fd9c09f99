// Cold starts, which no CloudWatch metric counts: Logs Insights over the functions' log groups,
// counting REPORT lines that carry an init duration, per group and bin (logs-insights.ts runs the
// queries: ≤ 50 groups each, missing groups dropped and the rest retried).
import type {CloudWatchLogsClient, ResultField} from '@aws-sdk/client-cloudwatch-logs'

import {logGroupOf, MAX_GROUPS_PER_QUERY, MAX_ROWS_PER_QUERY, runInsightsQueries} from './logs-insights.js'
import {periodsIn, type TimeWindow} from './metric-window.js'

export {groupsNamedIn, logGroupOf, MAX_GROUPS_PER_QUERY, MAX_ROWS_PER_QUERY} from './logs-insights.js'

export interface GroupColdStarts {
  /** Bin starts, epoch seconds. */
  timestamps: number[]
  coldStarts: number[]
  /** Sum of init durations in the bin (ms), so averages can be weighted over any range. */
  initMs: number[]
}

export interface ColdStartAnswer {
  byGroup: Map<string, GroupColdStarts>
  /** Log groups that do not exist (the function never logged, or its logs were deleted). */
  missingGroups: string[]
  /** StartQuery calls, retries after a missing group included. */
  queries: number
  bytesScanned: number
}

export interface ReadColdStartsOptions {
  /** Bin width in seconds; a multiple of 60. */
  bin: number
  pollMs?: number
  timeoutMs?: number
  /** Queries running at once (the account allows 30 concurrent Insights queries). */
  parallel?: number
  sleep?: (ms: number) => Promise<void>
}

/** The Insights query: per log group and bin, how many invocations began with an init phase. */
export function coldStartQuery(binSeconds: number): string {
  const bin = binSeconds % 3600 === 0 ? `${binSeconds / 3600}h` : binSeconds % 60 === 0 ? `${binSeconds / 60}m` : `${binSeconds}s`
  return [
    'filter @type = "REPORT"',
    `| stats count(*) as invocations, count(@initDuration) as coldStarts, avg(@initDuration) as avgInit by @log, bin(${bin})`,
  ].join('\n')
}

/** Groups per query so that groups × bins stays under the row limit, and at most 50. */
export function groupsPerQuery(window: TimeWindow, binSeconds: number): number {
  const bins = Math.max(1, periodsIn(window, binSeconds))
  return Math.max(1, Math.min(MAX_GROUPS_PER_QUERY, Math.floor(MAX_ROWS_PER_QUERY / bins)))
}

/** Insights prints bins as "2024-05-01 12:00:00.000" (UTC). */
export function parseInsightsTime(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) {
    const number = Number(value)
    return Math.round(number > 1e11 ? number / 1000 : number)
  }

  const iso = value.includes('T') ? value : value.replace(' ', 'T')
  return Math.round(Date.parse(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`) / 1000)
}

function field(row: ResultField[], predicate: (name: string) => boolean): string | undefined {
  return row.find((cell) => predicate(cell.field ?? ''))?.value
}

export async function readColdStarts(
  logs: CloudWatchLogsClient,
  logGroups: readonly string[],
  window: TimeWindow,
  options: ReadColdStartsOptions,
): Promise<ColdStartAnswer> {
  const byGroup = new Map<string, GroupColdStarts>()
  const addRows = (rows: ResultField[][]) => {
    for (const row of rows) {
      const log = field(row, (name) => name === '@log')
      const bin = field(row, (name) => name.startsWith('bin('))
      if (log === undefined || bin === undefined) continue
      const group = logGroupOf(log)
      let series = byGroup.get(group)
      if (!series) {
        series = {timestamps: [], coldStarts: [], initMs: []}
        byGroup.set(group, series)
      }

      const coldStarts = Number(field(row, (name) => name === 'coldStarts') ?? 0) || 0
      series.timestamps.push(parseInsightsTime(bin))
      series.coldStarts.push(coldStarts)
      series.initMs.push(coldStarts * (Number(field(row, (name) => name === 'avgInit') ?? 0) || 0))
    }
  }

  const run = await runInsightsQueries(
    logs,
    logGroups,
    window,
    {queryString: coldStartQuery(options.bin), purpose: 'cold starts', groupsPerQuery: groupsPerQuery(window, options.bin)},
    addRows,
    // Ten at a time stays well inside the account's concurrent-query quota (30) and StartQuery's 5/s,
    // and lets 2,000 log groups (40 queries over 3 hours) finish within the metrics' time.
    {...options, parallel: options.parallel ?? 10},
  )
  return {byGroup, ...run}
}
