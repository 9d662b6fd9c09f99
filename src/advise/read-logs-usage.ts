// Memory and cold starts per function over the window, from the REPORT lines: one Logs Insights
// query per 50 log groups (one row per group, so the 10,000-row limit never binds), run by the
// shared runner (metrics/logs-insights.ts: missing groups dropped and the rest retried, polling).
import type {CloudWatchLogsClient, ResultField} from '@aws-sdk/client-cloudwatch-logs'

import {type InsightsOptions, logGroupOf, runInsightsQueries} from '../metrics/logs-insights.js'
import type {TimeWindow} from '../metrics/metric-window.js'

export const USAGE_QUERY = [
  'filter @type = "REPORT"',
  '| stats count(*) as invocations, count(@initDuration) as coldStarts, avg(@initDuration) as avgInit, max(@maxMemoryUsed) as maxUsed, ' +
    'max(@memorySize) as memorySize by @log',
].join('\n')

/** Above this, @memorySize and @maxMemoryUsed are bytes (AWS: MB × 1,000,000); at or below, MB. */
const LARGEST_MEMORY_MB = 10_240

export interface LogUsage {
  invocations: number
  coldStarts: number
  /** Mean init duration of the cold starts (ms); null without any. */
  avgInitMs: number | null
  /** The most memory any invocation used, MB. */
  maxMemoryUsedMb: number
  /** The memory size the REPORT lines carry (the largest in the window), MB. */
  memorySizeMb: number
}

export interface LogUsageAnswer {
  byGroup: Map<string, LogUsage>
  missingGroups: string[]
  /** StartQuery calls, retries after a missing group included. */
  queries: number
}

function cell(row: ResultField[], name: string): number | null {
  const value = row.find((field) => field.field === name)?.value
  if (value === undefined || value === '') return null
  const number = Number(value)
  return Number.isFinite(number) ? number : null
}

/** One row of the query → usage in MB, whichever unit the fields came in. */
export function usageOfRow(row: ResultField[]): LogUsage | undefined {
  const size = cell(row, 'memorySize')
  const used = cell(row, 'maxUsed')
  if (size === null || used === null) return undefined
  const toMb = (value: number) => (size > LARGEST_MEMORY_MB ? value / 1_000_000 : value)
  const coldStarts = cell(row, 'coldStarts') ?? 0
  return {
    invocations: cell(row, 'invocations') ?? 0,
    coldStarts,
    avgInitMs: coldStarts > 0 ? cell(row, 'avgInit') : null,
    maxMemoryUsedMb: Math.round(toMb(used) * 10) / 10,
    memorySizeMb: Math.round(toMb(size)),
  }
}

export async function readLogUsage(
  logs: CloudWatchLogsClient,
  logGroups: readonly string[],
  window: TimeWindow,
  options: InsightsOptions = {},
): Promise<LogUsageAnswer> {
  const byGroup = new Map<string, LogUsage>()
  const {missingGroups, queries} = await runInsightsQueries(
    logs,
    logGroups,
    window,
    {queryString: USAGE_QUERY, purpose: 'memory use'},
    (rows) => {
      for (const row of rows) {
        const log = row.find((field) => field.field === '@log')?.value
        const usage = usageOfRow(row)
        if (log !== undefined && usage) byGroup.set(logGroupOf(log), usage)
      }
    },
    {...options, parallel: options.parallel ?? 4},
  )
  return {byGroup, missingGroups, queries}
}
