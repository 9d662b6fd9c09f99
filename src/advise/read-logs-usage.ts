// Memory and cold starts per function over the window, from the REPORT lines: one Logs Insights
// query per 50 log groups (StartQuery's limit; one row per group, so the 10,000-row limit never
// binds). A log group that does not exist fails the whole query: it is dropped and the query
// retried, as the dashboard's cold-start reader does.
import {type CloudWatchLogsClient, GetQueryResultsCommand, type ResultField, StartQueryCommand, StopQueryCommand} from '@aws-sdk/client-cloudwatch-logs'

import {Failure} from '../errors.js'
import {mapPool} from '../lib/map-pool.js'
import {groupsNamedIn, logGroupOf, MAX_GROUPS_PER_QUERY} from '../metrics/read-cold-starts.js'
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

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export async function readLogUsage(
  logs: CloudWatchLogsClient,
  logGroups: readonly string[],
  window: TimeWindow,
  options: {pollMs?: number; timeoutMs?: number; parallel?: number; sleep?: (ms: number) => Promise<void>} = {},
): Promise<LogUsageAnswer> {
  const answer: LogUsageAnswer = {byGroup: new Map(), missingGroups: [], queries: 0}
  const sleep = options.sleep ?? defaultSleep
  const batches: string[][] = []
  for (let start = 0; start < logGroups.length; start += MAX_GROUPS_PER_QUERY) batches.push(logGroups.slice(start, start + MAX_GROUPS_PER_QUERY))

  const run = async (groups: string[]): Promise<void> => {
    if (groups.length === 0) return
    let queryId: string | undefined
    for (let attempt = 0; !queryId; attempt++) {
      try {
        answer.queries++
        // eslint-disable-next-line no-await-in-loop -- a retry waits for the previous answer
        const started = await logs.send(
          new StartQueryCommand({logGroupNames: groups, startTime: window.start, endTime: window.end - 1, queryString: USAGE_QUERY, limit: 10_000}),
        )
        queryId = started.queryId
        if (!queryId) throw new Failure('Logs Insights started a query without a query id.')
      } catch (error: any) {
        if (error?.name === 'ResourceNotFoundException') {
          const named = groupsNamedIn(String(error.message ?? ''), groups)
          if (named.length > 0) {
            answer.missingGroups.push(...named)
            return run(groups.filter((group) => !named.includes(group)))
          }

          if (groups.length === 1) {
            answer.missingGroups.push(groups[0])
            return
          }

          const half = Math.ceil(groups.length / 2)
          // eslint-disable-next-line no-await-in-loop -- one half after the other: Logs Insights runs few queries at once
          await run(groups.slice(0, half))
          return run(groups.slice(half))
        }

        // Too many concurrent Insights queries in the account: wait for others to finish.
        if (error?.name === 'LimitExceededException' && attempt < 5) {
          // eslint-disable-next-line no-await-in-loop
          await sleep(1000 * 2 ** attempt)
          continue
        }

        throw error
      }
    }

    const deadline = Date.now() + (options.timeoutMs ?? 120_000)
    for (;;) {
      // eslint-disable-next-line no-await-in-loop -- polling is sequential by nature
      await sleep(options.pollMs ?? 1000)
      // eslint-disable-next-line no-await-in-loop
      const result = await logs.send(new GetQueryResultsCommand({queryId}))
      if (result.status === 'Complete') {
        for (const row of result.results ?? []) {
          const log = row.find((field) => field.field === '@log')?.value
          const usage = usageOfRow(row)
          if (log !== undefined && usage) answer.byGroup.set(logGroupOf(log), usage)
        }

        return
      }

      if (result.status === 'Failed' || result.status === 'Cancelled' || result.status === 'Timeout') {
        throw new Failure(`The Logs Insights query for memory use ended with status ${result.status}.`, {code: 'LogsQueryFailed'})
      }

      if (Date.now() > deadline) {
        // eslint-disable-next-line no-await-in-loop
        await logs.send(new StopQueryCommand({queryId})).catch(() => {})
        throw new Failure('The Logs Insights query for memory use did not finish in time.', {code: 'LogsQueryTimeout'})
      }
    }
  }

  await mapPool(batches, options.parallel ?? 4, run)
  return answer
}
